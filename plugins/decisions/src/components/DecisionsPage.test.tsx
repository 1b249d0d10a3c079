import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { EntityAdr } from '@runway/plugin-decisions-common';
import { DecisionsApi, decisionsApiRef } from '../api';
import { DecisionsPage } from './DecisionsPage';

const adr = (over: Partial<EntityAdr>): EntityAdr => ({
  file: '0001-a.md',
  number: '0001',
  title: 'A',
  status: 'accepted',
  date: '2026-01-01',
  entityRef: 'component:default/checkout-api',
  entityTitle: 'checkout-api',
  owner: 'group:default/team-checkout',
  docsPath: '/docs/default/component/checkout-api/adr/0001-a/',
  ...over,
});

const fakeApi: DecisionsApi = {
  async listAdrs() {
    return {
      items: [
        adr({ title: 'Transactional outbox', date: '2025-05-20' }),
        adr({
          number: '0002',
          title: 'Idempotency keys',
          status: 'proposed',
          date: '2026-10-02',
          docsPath: '/docs/default/component/checkout-api/adr/0002-b/',
        }),
        adr({
          title: 'Amazon MQ',
          status: 'superseded',
          owner: 'group:default/team-payments',
          entityRef: 'component:default/billing-worker',
          date: '2024-09-30',
        }),
      ],
      errors: [],
      refreshedAt: '2026-11-27T16:00:00Z',
    };
  },
  async docsHealth() {
    return {
      maxAgeDays: 180,
      owners: [
        {
          owner: 'group:default/team-payments',
          fresh: 1,
          missing: [
            {
              entityRef: 'component:default/legacy-batch',
              entityTitle: 'legacy-batch',
              owner: 'group:default/team-payments',
            },
          ],
          stale: [
            {
              entityRef: 'component:default/billing-worker',
              entityTitle: 'billing-worker',
              owner: 'group:default/team-payments',
              runbook: 'docs/runbook.md',
              lastChanged: '2025-01-01T00:00:00Z',
              docsPath: '/docs/default/component/billing-worker/runbook/',
              ageDays: 695,
            },
          ],
        },
      ],
    };
  },
};

describe('DecisionsPage', () => {
  it('lists every decision with a link to its page and filters by status', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[decisionsApiRef, fakeApi]]}>
        <DecisionsPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('Decisions (3 of 3)')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Idempotency keys' }),
    ).toHaveAttribute(
      'href',
      '/docs/default/component/checkout-api/adr/0002-b/',
    );
    fireEvent.mouseDown(screen.getByLabelText('Status'));
    fireEvent.click(
      within(screen.getByRole('listbox')).getByText('superseded'),
    );
    await waitFor(() =>
      expect(screen.getByText('Decisions (1 of 3)')).toBeInTheDocument(),
    );
    expect(screen.getByText('Amazon MQ')).toBeInTheDocument();
    expect(screen.queryByText('Idempotency keys')).not.toBeInTheDocument();
  });

  it('shows stale runbooks and services without a runbook per owner', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[decisionsApiRef, fakeApi]]}>
        <DecisionsPage />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    fireEvent.click(await screen.findByRole('tab', { name: 'Docs health' }));
    expect(
      await screen.findByText('1 fresh, 1 stale, 1 without a runbook'),
    ).toBeInTheDocument();
    expect(screen.getByText(/last changed 695 days ago/)).toBeInTheDocument();
    expect(screen.getByText(/no runbook/)).toBeInTheDocument();
  });
});
