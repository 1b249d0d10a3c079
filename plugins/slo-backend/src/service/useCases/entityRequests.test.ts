import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FakePrometheus,
  entity,
  fakeCatalog,
  fakeDefinitions,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';
import { EntityRequests, requestCounterSlo } from './entityRequests';

const DAY = 86400;

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-checkout', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

// checkout-api counts http_requests_total, inventory-api jobs_total (its
// latency SLO first: the request-based one is chosen), docs-site has
// only a raw error ratio and counts nothing
const latency = slo({
  name: 'inventory-api-latency',
  sli: { type: 'threshold', metric: 'latency_seconds', threshold: 0.3 },
});
const DEFINITIONS = {
  'component:default/checkout-api': { slos: [slo()], issues: [] },
  'component:default/inventory-api': {
    slos: [
      latency,
      slo({
        name: 'inventory-api-availability',
        sli: { type: 'ratio', bad: 'jobs_failed_total', total: 'jobs_total' },
      }),
    ],
    issues: [],
  },
  'component:default/docs-site': {
    slos: [slo({ sli: { type: 'raw', errorRatio: 'errors[{{.window}}]' } })],
    issues: [],
  },
};

/** Requests per full month: September (30 days) and October (31 days). */
const COUNTS: Record<string, number> = {
  [`sum(increase(http_requests_total[${30 * DAY}s]))`]: 1_000_000,
  [`sum(increase(http_requests_total[${31 * DAY}s]))`]: 1_500_000,
  [`sum(increase(jobs_total[${31 * DAY}s]))`]: 20_000,
};

function subject() {
  const prom = new FakePrometheus('main', { raw: expr => COUNTS[expr] });
  const catalog = fakeCatalog([
    team,
    entity('checkout-api'),
    entity('inventory-api'),
    entity('docs-site'),
  ]);
  const { evaluator, clock } = fakeEvaluation([prom]);
  return new EntityRequests({
    catalog,
    definitions: fakeDefinitions(DEFINITIONS),
    evaluator,
    clock,
  });
}

describe('EntityRequests', () => {
  it("counts a Component's requests per calendar month with its request-based SLO's total counter", async () => {
    const result = await subject().get(
      'component:default/checkout-api',
      3,
      'production',
      mockCredentials.user(),
    );
    expect(result).toEqual({
      entityRef: 'component:default/checkout-api',
      env: 'production',
      counters: [
        {
          entityRef: 'component:default/checkout-api',
          slo: 'checkout-api-availability',
        },
      ],
      months: [
        { month: '2026-09', requests: 1_000_000 },
        { month: '2026-10', requests: 1_500_000 },
        // the month so far has no data in this source
        { month: '2026-11' },
      ],
      errors: [],
    });
  });

  it("sums a Group's Components, leaving out those whose SLOs count nothing", async () => {
    const result = await subject().get(
      'group:default/team-checkout',
      3,
      'production',
      mockCredentials.user(),
    );
    expect(result.counters).toEqual([
      {
        entityRef: 'component:default/checkout-api',
        slo: 'checkout-api-availability',
      },
      {
        entityRef: 'component:default/inventory-api',
        slo: 'inventory-api-availability',
      },
    ]);
    expect(result.months).toEqual([
      { month: '2026-09', requests: 1_000_000 },
      { month: '2026-10', requests: 1_520_000 },
      { month: '2026-11' },
    ]);
  });

  it('picks the request-based SLO, else one that counts events, else none', () => {
    const raw = slo({ sli: { type: 'raw', errorRatio: 'e[{{.window}}]' } });
    expect(requestCounterSlo([latency, slo()])?.name).toBe(
      'checkout-api-availability',
    );
    expect(requestCounterSlo([raw, latency])?.name).toBe(
      'inventory-api-latency',
    );
    expect(requestCounterSlo([raw])).toBeUndefined();
  });
});
