import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { Entity } from '@backstage/catalog-model';
import { awsCostApiRef } from '../api';
import { EntityCostCard } from './EntityCostCard';
import { fakeApi } from './fakeApi';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'billing-worker', namespace: 'default' },
  spec: { owner: 'team-payments' },
};

describe('EntityCostCard', () => {
  it('shows the entity cost, change, top AWS services and "sample data"', async () => {
    const requested: string[] = [];
    const { api } = fakeApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsCostApiRef,
            {
              ...api,
              getEntityCost: async (ref: string, range: any) => {
                requested.push(ref);
                return api.getEntityCost(ref, range);
              },
            },
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntityCostCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('entity-mtd')).toHaveTextContent(
      '$2,000.00',
    );
    expect(screen.getByTestId('entity-mtd')).toHaveTextContent('+100.0 %');
    expect(screen.getByText('Amazon MQ')).toBeInTheDocument();
    expect(screen.getByTestId('sample-data')).toBeInTheDocument();
    expect(
      screen.getByText(/Allocation: service=billing-worker/),
    ).toBeInTheDocument();
    expect(requested).toEqual(['component:default/billing-worker']);
  });

  it('shows cost per 1,000 requests on the tab, with the SLO that counted them', async () => {
    const { api } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityCostCard variant="tab" />
        </EntityProvider>
      </TestApiProvider>,
    );
    const section = await screen.findByTestId('entity-unit-cost');
    // October: $1,100 for 1.1 M requests; November so far: $2,000 for 2 M
    const rows = within(section).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('2026-10$1,100.001,100,000$1.00');
    expect(rows[2]).toHaveTextContent('2026-11$2,000.002,000,000$1.00');
    expect(section).toHaveTextContent(
      'Requests in production as counted by billing-worker-availability',
    );
  });

  it('says why there is no cost per request', async () => {
    const none = fakeApi({
      getRequests: async entityRef => ({
        entityRef,
        env: 'production',
        counters: [],
        months: [{ month: '2026-11' }],
        errors: [],
      }),
    });
    const denied = fakeApi({
      getRequests: async () => {
        throw await ResponseError.fromResponse(
          new Response('{}', { status: 403, statusText: 'Forbidden' }) as any,
        );
      },
    });
    for (const [{ api }, text] of [
      [none, 'No SLO counts requests for this entity'],
      [denied, 'Request counts come from the SLOs, which you may not read.'],
    ] as const) {
      const { unmount } = await renderInTestApp(
        <TestApiProvider apis={[[awsCostApiRef, api]]}>
          <EntityProvider entity={entity}>
            <EntityCostCard variant="tab" />
          </EntityProvider>
        </TestApiProvider>,
      );
      expect(await screen.findByTestId('entity-unit-cost')).toHaveTextContent(
        text,
      );
      unmount();
    }
  });

  it("says why an entity's allocation was narrowed", async () => {
    const { api } = fakeApi();
    const warning =
      "'environment=production' (runway.io/cost-allocation) selects rows that do not belong to component:default/billing-worker; showing service=billing-worker instead.";
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsCostApiRef,
            {
              ...api,
              getEntityCost: async (ref: string, range: any) => ({
                ...(await api.getEntityCost(ref, range)),
                warnings: [warning],
              }),
            },
          ],
        ]}
      >
        <EntityProvider entity={entity}>
          <EntityCostCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('entity-warnings')).toHaveTextContent(
      'The allocation annotation is not used as written',
    );
    expect(screen.getByText(warning)).toBeInTheDocument();
  });

  it('explains a 403 instead of failing', async () => {
    const { api } = fakeApi({
      getEntityCost: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'NotAllowedError', message: 'no' },
            }),
            {
              status: 403,
              statusText: 'Forbidden',
              headers: { 'Content-Type': 'application/json' },
            },
          ) as any,
        );
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityCostCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/visible to managers, ops and the owners/),
    ).toBeInTheDocument();
  });
});
