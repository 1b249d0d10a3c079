import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
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
