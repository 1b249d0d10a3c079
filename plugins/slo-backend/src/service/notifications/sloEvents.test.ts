import { EntitySlosResponse, SloSummary } from '@runway/plugin-slo-common';
import { entitySlosPath, sloEvents } from './sloEvents';

const REF = 'component:default/checkout-api';
const gate = { minRemainingBudget: 0.25, denyOnFastBurn: true };

const summary = (part: Partial<SloSummary> = {}): SloSummary => ({
  entityRef: REF,
  owner: 'group:default/team-checkout',
  name: 'checkout-api-availability',
  displayName: 'checkout-api availability',
  service: 'checkout-api',
  objective: 0.999,
  window: '30d',
  sliType: 'ratio',
  remaining: 0.7,
  burnRate: 1,
  timeToExhaustionSeconds: null,
  alerts: { page: false, ticket: false },
  status: 'healthy',
  evaluatedAt: '2026-11-27T16:30:00.000Z',
  ...part,
});

const response = (
  slos: SloSummary[],
  part: Partial<EntitySlosResponse> = {},
): EntitySlosResponse => ({
  entityRef: REF,
  sloRef: './slo.yaml',
  slos,
  issues: [],
  errors: [],
  ...part,
});

const events = (responses: EntitySlosResponse[], openKeys: string[] = []) =>
  sloEvents({ responses, env: 'production', gate, openKeys });

describe('sloEvents', () => {
  it('opens a critical burn event for the owners of a fast-burning SLO, linking to its SLO tab', () => {
    const { burn, budget } = events([
      response([
        summary({
          burnRate: 14.4,
          remaining: 0.6,
          timeToExhaustionSeconds: 3 * 86400,
          alerts: { page: true, ticket: true },
          status: 'warning',
        }),
      ]),
    ]);
    expect(budget).toEqual([]);
    expect(burn).toEqual([
      {
        key: `slo-burn:${REF}:checkout-api-availability`,
        recipients: {
          type: 'entity',
          entityRef: ['group:default/team-checkout'],
        },
        payload: expect.objectContaining({
          title:
            'checkout-api: SLO checkout-api availability is burning its error budget fast (14.4x)',
          link: '/catalog/default/component/checkout-api/slos',
          severity: 'critical',
          topic: 'slo',
        }),
      },
    ]);
    const description = burn[0].payload.description!;
    expect(description).toContain('In production');
    expect(description).toContain(
      'burn-rate condition (spending 2 % of the budget in 1h, over both 1h and 5m; or 5 % in 6h, over both 6h and 30m)',
    );
    expect(description).toContain('60.0 % of the budget is left');
    expect(description).toContain('gone in about 3 days at this rate');
    expect(description).toContain('the deploy gate denies deploys');
  });

  it('opens a high budget event below the gate minimum, naming both figures', () => {
    const { burn, budget } = events([
      response([summary({ remaining: 0.123, status: 'warning' })]),
    ]);
    expect(burn).toEqual([]);
    expect(budget).toHaveLength(1);
    expect(budget[0].key).toBe(`slo-budget:${REF}:checkout-api-availability`);
    expect(budget[0].recipients).toEqual({
      type: 'entity',
      entityRef: ['group:default/team-checkout'],
    });
    expect(budget[0].payload).toMatchObject({
      title:
        'checkout-api: SLO checkout-api availability has 12.3 % of its error budget left (minimum 25.0 %)',
      link: '/catalog/default/component/checkout-api/slos',
      severity: 'high',
      topic: 'slo',
    });
    expect(budget[0].payload.description).toContain(
      'slo.gate.minRemainingBudget',
    );
  });

  it('opens both for an overspent, burning SLO, and nothing for a healthy one', () => {
    const result = events([
      response([
        summary({
          remaining: -0.2,
          burnRate: 150,
          alerts: { page: true, ticket: true },
          status: 'exhausted',
        }),
        summary({ name: 'checkout-api-latency', displayName: undefined }),
      ]),
    ]);
    expect(result.burn.map(e => e.key)).toEqual([
      `slo-burn:${REF}:checkout-api-availability`,
    ]);
    expect(result.burn[0].payload.title).toContain('(150x)');
    expect(result.burn[0].payload.description).toContain('The budget is spent');
    expect(result.budget.map(e => e.key)).toEqual([
      `slo-budget:${REF}:checkout-api-availability`,
    ]);
    expect(result.budget[0].payload.title).toContain('has 0.0 % of its');
  });

  it('resolves a short owner in the entity namespace and skips SLOs without an owner', () => {
    const low = { remaining: 0.1, status: 'warning' as const };
    const other = 'component:shop/cart';
    const result = events([
      response([summary({ ...low, owner: 'team-checkout' })]),
      response([summary({ ...low, entityRef: other, owner: undefined })], {
        entityRef: other,
      }),
    ]);
    expect(result.budget.map(e => e.recipients)).toEqual([
      { type: 'entity', entityRef: ['group:default/team-checkout'] },
    ]);
    expect(result.unowned).toEqual([`${other}:checkout-api-availability`]);
  });

  it('holds the open events of an SLO without figures, and opens none for it', () => {
    const burnKey = `slo-burn:${REF}:checkout-api-availability`;
    const unknown = summary({
      remaining: undefined,
      burnRate: undefined,
      status: 'unknown',
      error: 'main: connect ECONNREFUSED',
    });
    const result = events([response([unknown])], [burnKey]);
    expect(result.budget).toEqual([]);
    expect(result.burn).toEqual([
      expect.objectContaining({
        key: burnKey,
        delayMs: Number.MAX_SAFE_INTEGER,
      }),
    ]);
    expect(result.held).toEqual([burnKey]);
    // without an open event there is nothing to hold
    expect(events([response([unknown])])).toMatchObject({
      burn: [],
      budget: [],
      held: [],
    });
  });

  it('holds the open events of SLOs missing from an SLO file that could not be read', () => {
    const open = [
      `slo-budget:${REF}:checkout-api-availability`,
      `slo-budget:${REF}:checkout-api-latency`,
      'slo-budget:component:default/checkout-api-v2:checkout-api-latency',
    ];
    const result = events(
      [
        response([summary({ name: 'checkout-api-latency' })], {
          issues: [{ path: './slo.yaml', message: 'could not be read' }],
        }),
      ],
      open,
    );
    // the listed (healthy) SLO closes; the missing one is held; another
    // entity's key is not this entity's
    expect(result.held).toEqual([open[0]]);
    expect(result.budget.map(e => e.key)).toEqual([open[0]]);
    // a valid file without the SLO: it is gone, nothing is held
    expect(events([response([])], open).held).toEqual([]);
  });
});

describe('entitySlosPath', () => {
  it('is the SLO tab of plugins/slo, kind in lower case', () => {
    expect(entitySlosPath('Component:team-a/orders')).toBe(
      '/catalog/team-a/component/orders/slos',
    );
  });
});
