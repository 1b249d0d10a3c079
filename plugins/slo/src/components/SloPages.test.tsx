import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { SloSummary } from '@runway/plugin-slo-common';
import { ResponseError } from '@backstage/errors';
import { SloApi, sloApiRef } from '../api';
import { EntitySloContent } from './EntitySloContent';
import { SloOverviewPage } from './SloOverviewPage';

jest.setTimeout(30_000);

const slo = (over: Partial<SloSummary>): SloSummary => ({
  entityRef: 'component:default/checkout-api',
  owner: 'group:default/team-checkout',
  tier: '1',
  name: 'checkout-api-availability',
  service: 'checkout-api',
  objective: 0.999,
  window: '30d',
  sliType: 'ratio',
  sli: 0.9992,
  remaining: 0.2,
  burnRate: 150,
  timeToExhaustionSeconds: 3600,
  alerts: { page: true, ticket: true },
  status: 'warning',
  evaluatedAt: new Date().toISOString(),
  source: 'local',
  fromRecordingRules: true,
  ...over,
});

const items = [
  slo({
    name: 'storefront-web-availability',
    entityRef: 'component:default/storefront-web',
    remaining: 0.8,
    status: 'healthy',
    alerts: { page: false, ticket: false },
  }),
  slo({}),
  slo({
    name: 'billing-worker-latency',
    entityRef: 'component:default/billing-worker',
    owner: 'group:default/team-payments',
    tier: '3',
    remaining: 0.6,
    status: 'healthy',
  }),
];

function fakeApi(over: Partial<SloApi> = {}): SloApi {
  return {
    getConfig: async () => ({ sampleData: true }),
    listSlos: async () => ({ items, errors: [] }),
    getEntitySlos: async entityRef => ({
      entityRef,
      sloRef: './slo.yaml',
      slos: items.filter(s => s.entityRef === entityRef),
      issues: [],
      errors: [],
    }),
    getSloDetail: async (entityRef, name) => ({
      slo: items.find(s => s.name === name && s.entityRef === entityRef)!,
      history: [
        { t: 1700000000, remaining: 0.5 },
        { t: 1700003600, remaining: 0.2 },
      ],
      stepSeconds: 3600,
      errors: [],
    }),
    getTeamCompliance: async team => ({
      team,
      months: ['2026-10', '2026-11'],
      rows: [
        {
          entityRef: 'component:default/checkout-api',
          slo: 'checkout-api-availability',
          objective: 0.999,
          months: [
            { month: '2026-10', sli: 0.9995, met: true },
            { month: '2026-11', sli: 0.998, met: false },
          ],
        },
      ],
      errors: [],
    }),
    ...over,
  };
}

const entity = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'runway.io/slo-ref': './slo.yaml' },
  },
  spec: { owner: 'group:default/team-checkout' },
});

const routes = {
  mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
};

describe('SloOverviewPage', () => {
  it('lists SLOs with the least budget first and filters by owner and tier', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[sloApiRef, fakeApi()]]}>
        <SloOverviewPage />
      </TestApiProvider>,
      routes,
    );
    const links = await screen.findAllByTestId(/^slo-link-/);
    expect(links.map(l => l.getAttribute('data-testid'))).toEqual([
      'slo-link-checkout-api-availability',
      'slo-link-billing-worker-latency',
      'slo-link-storefront-web-availability',
    ]);
    expect(screen.getAllByText('sample data').length).toBeGreaterThan(0);
    expect(screen.getByText('20.0 %')).toBeInTheDocument();
    expect(screen.getAllByText('150.0x')).toHaveLength(3);

    fireEvent.mouseDown(screen.getByLabelText('Tier'));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Tier 3'),
    );
    await waitFor(() =>
      expect(
        screen.getAllByTestId(/^slo-link-/).map(l => l.textContent),
      ).toEqual(['billing-worker-latency']),
    );
    // team compliance by month
    expect(await screen.findByText('✗ 99.800 %')).toBeInTheDocument();
    expect(screen.getByText('✓ 99.950 %')).toBeInTheDocument();
  });

  it('shows the empty and the error state', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            sloApiRef,
            fakeApi({ listSlos: async () => ({ items: [], errors: [] }) }),
          ],
        ]}
      >
        <SloOverviewPage />
      </TestApiProvider>,
      routes,
    );
    expect(await screen.findByText('No SLOs yet')).toBeInTheDocument();
  });

  it('shows a backend failure as an error panel', async () => {
    const failing = fakeApi({
      listSlos: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'ServiceUnavailableError',
                message: 'Prometheus local is unreachable',
              },
            }),
            {
              status: 503,
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        );
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[sloApiRef, failing]]}>
        <SloOverviewPage />
      </TestApiProvider>,
      routes,
    );
    expect(
      (await screen.findAllByText(/Prometheus local is unreachable/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('EntitySloContent', () => {
  it("shows each SLO's figures, status and burn-down", async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[sloApiRef, fakeApi()]]}>
        <EntityProvider entity={entity('checkout-api')}>
          <EntitySloContent />
        </EntityProvider>
      </TestApiProvider>,
      routes,
    );
    const card = await screen.findByTestId(
      'slo-card-checkout-api-availability',
    );
    expect(
      within(card).getByTestId('remaining-checkout-api-availability'),
    ).toHaveTextContent('20.0 %');
    expect(within(card).getByText('Warning')).toBeInTheDocument();
    expect(within(card).getByText(/Fast burn/)).toBeInTheDocument();
    expect(within(card).getByText('1h 0m')).toBeInTheDocument();
    expect(
      within(card).getByText(
        /Data (just now|\d+ s ago) from Prometheus "local"/,
      ),
    ).toBeInTheDocument();
  });

  it('reports a bad SLO file with the path of every bad field, without crashing', async () => {
    const api = fakeApi({
      getEntitySlos: async entityRef => ({
        entityRef,
        sloRef: './slo.yaml',
        slos: [],
        issues: [
          {
            path: 'documents[0].spec.objectives[0].target',
            message: 'must be below 1',
          },
          { path: 'documents[1].kind', message: "unknown kind 'Banana'" },
        ],
        errors: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[sloApiRef, api]]}>
        <EntityProvider entity={entity('broken')}>
          <EntitySloContent />
        </EntityProvider>
      </TestApiProvider>,
      routes,
    );
    const list = await screen.findByTestId('slo-file-issues');
    expect(list).toHaveTextContent(
      'documents[0].spec.objectives[0].target: must be below 1',
    );
    expect(list).toHaveTextContent("documents[1].kind: unknown kind 'Banana'");
  });

  it('shows partial results when a Prometheus is down, and the empty state', async () => {
    const api = fakeApi({
      getEntitySlos: async entityRef => ({
        entityRef,
        slos: [
          slo({
            remaining: undefined,
            sli: undefined,
            status: 'unknown',
            error: 'local: unreachable',
            burnRate: undefined,
          }),
        ],
        issues: [],
        errors: [
          { source: 'local', message: 'Prometheus local is unreachable' },
        ],
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[sloApiRef, api]]}>
        <EntityProvider entity={entity('checkout-api')}>
          <EntitySloContent />
        </EntityProvider>
      </TestApiProvider>,
      routes,
    );
    expect(
      await screen.findByText(/a Prometheus did not answer/),
    ).toBeInTheDocument();
    expect(screen.getByText('No data')).toBeInTheDocument();
  });
});
