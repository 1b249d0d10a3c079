// The cost-summary action through the whole plugin (startTestBackend with the
// sample data), against the routes it mirrors, for the same users.
import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  as,
  DEVELOPER,
  ENTITIES,
  MANAGER,
  start,
} from './__testUtils__/testBackend';

// start-up imports the sample data set, which a busy machine takes a while for
jest.setTimeout(180_000);

describe('cost-summary action', () => {
  const registry = actionsRegistryServiceMock();
  let server: Awaited<ReturnType<typeof start>>;
  const invoke = (input: object, user?: string) =>
    registry.invoke({
      id: 'test:cost-summary',
      input: input as any,
      credentials: user
        ? mockCredentials.user(user)
        : (mockCredentials.none() as BackstageCredentials),
    });
  const route = (path: string, user: string) =>
    request(server).get(`/api/aws-cost${path}`).set(as(user));

  beforeAll(async () => {
    server = await start(catalogServiceMock.factory({ entities: ENTITIES }), {
      features: [
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => registry,
        }),
      ],
    });
    // the sample data task runs on start-up; wait until the store has data
    for (let i = 0; i < 600; i++) {
      const res = await route('/status', MANAGER);
      if (
        res.body.sources?.some(
          (s: any) => s.source === 'sample' && s.lastSuccessAt,
        )
      )
        break;
      await new Promise(r => setTimeout(r, 200));
    }
  });

  it("answers an owner's service and team as the entity route does, in currency units", async () => {
    for (const ref of [
      'component:default/billing-worker',
      'group:default/team-payments',
    ]) {
      const { output } = (await invoke({ entityRef: ref }, DEVELOPER)) as any;
      const [kind, rest] = ref.split(':');
      const body = (await route(`/entity/${kind}/${rest}`, DEVELOPER)).body;
      expect(output).toMatchObject({
        scope: ref,
        currency: 'USD',
        sample: true,
        monthToDate: Math.round(body.monthToDate) / 1e6,
        lastMonth: Math.round(body.lastMonth) / 1e6,
        forecastMonthEnd: Math.round(body.forecastMonthEnd) / 1e6,
        change: { ratio: body.change.ratio },
        includes: body.includes,
      });
      expect(output.monthToDate).toBeGreaterThan(0);
    }
  });

  it("refuses a developer another team's service, another team and the organisation, as the routes do", async () => {
    for (const [input, message] of [
      [
        { entityRef: 'component:default/checkout-api' },
        'Not allowed: aws-cost.entity.read on component:default/checkout-api',
      ],
      [
        { entityRef: 'group:default/team-checkout' },
        'Not allowed: aws-cost.entity.read on group:default/team-checkout',
      ],
      [{}, 'Not allowed: aws-cost.report.read'],
    ] as const) {
      await expect(invoke(input, DEVELOPER)).rejects.toThrow(message);
    }
    expect((await route('/summary', DEVELOPER)).status).toBe(403);
    expect(
      (await route('/entity/component/default/checkout-api', DEVELOPER)).status,
    ).toBe(403);
  });

  it("answers a manager the organisation's month as /summary does", async () => {
    const { output } = (await invoke({}, MANAGER)) as any;
    const summary = (await route('/summary', MANAGER)).body;
    expect(output).toEqual({
      scope: 'organisation',
      currency: 'USD',
      asOf: summary.asOf,
      monthToDate: Math.round(summary.monthToDate) / 1e6,
      lastMonth: Math.round(summary.lastMonth) / 1e6,
      change: {
        previous: Math.round(summary.change.previous) / 1e6,
        delta: Math.round(summary.change.delta) / 1e6,
        ratio: summary.change.ratio,
      },
      forecastMonthEnd: Math.round(summary.forecastMonthEnd) / 1e6,
      sample: true,
    });
  });

  it('refuses an anonymous caller and names a bad entity ref', async () => {
    await expect(
      invoke({ entityRef: 'component:default/billing-worker' }),
    ).rejects.toThrow(/Not allowed/);
    await expect(invoke({})).rejects.toThrow(/Not allowed/);
    await expect(invoke({ entityRef: 'group:' }, MANAGER)).rejects.toThrow(
      /Invalid entity reference/,
    );
  });
});
