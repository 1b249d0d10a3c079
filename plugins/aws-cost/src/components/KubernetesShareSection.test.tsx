import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { awsCostApiRef } from '../api';
import { EntityCostCard } from './EntityCostCard';
import { CostsPage } from './CostsPage';
import { fakeApi } from './fakeApi';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkout-api' },
  },
  spec: { owner: 'team-checkout' },
};

async function renderTab(kubernetes?: any[]) {
  const { api } = fakeApi();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          awsCostApiRef,
          {
            ...api,
            getEntityCost: async (ref: string, range: any) => ({
              ...(await api.getEntityCost(ref, range)),
              ...(kubernetes ? { kubernetes } : {}),
            }),
          },
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityCostCard variant="tab" />
      </EntityProvider>
    </TestApiProvider>,
  );
  return screen.findByTestId('entity-kubernetes');
}

describe('Kubernetes cost', () => {
  it('shows the entity share per cluster, namespace and workload on the Cost tab', async () => {
    const section = await renderTab([
      {
        cluster: 'eks-production-euw1',
        namespace: 'production',
        workload: 'checkout-api',
        total: 40_000_000,
      },
      {
        cluster: 'eks-staging-euw1',
        namespace: 'staging',
        workload: 'checkout-api',
        total: 2_500_000,
      },
    ]);
    expect(section).toHaveTextContent(
      'Kubernetes, 2026-06-01 to 2026-11-26: $42.50',
    );
    const rows = within(section).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      expect.stringContaining('Cluster'),
      'eks-production-euw1productioncheckout-api$40.00',
      'eks-staging-euw1stagingcheckout-api$2.50',
    ]);
  });

  it('says so when there is no split data for the entity', async () => {
    for (const shares of [undefined, []]) {
      const section = await renderTab(shares);
      expect(section).toHaveTextContent(
        'No Kubernetes split cost for this entity',
      );
      expect(within(section).queryByRole('table')).toBeNull();
      document.body.innerHTML = '';
    }
  });

  it('offers "Costs by cluster" on the Costs page', async () => {
    const { api, breakdownCalls } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    await screen.findByTestId('drill-team-payments');
    // the "View by" select (a listbox button), not the table's sort label
    const viewBy = screen
      .getAllByRole('button', { name: /^Team$/ })
      .find(b => b.getAttribute('aria-haspopup') === 'listbox')!;
    fireEvent.mouseDown(viewBy);
    fireEvent.click(await screen.findByRole('option', { name: 'Cluster' }));
    await waitFor(() =>
      expect(breakdownCalls.at(-1)).toMatchObject({ dimension: 'cluster' }),
    );
    expect(await screen.findByText('Breakdown by Cluster')).toBeInTheDocument();
  });
});
