import {
  BackstageCredentials,
  BackstageUserPrincipal,
  SchedulerService,
  ServiceFactory,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { filterAdrs } from '@runway/plugin-decisions-common';
import request from 'supertest';
import { decisionsPlugin } from '../plugin';
import { entities } from '../__testUtils__/entities';

const ALICE = 'user:default/alice'; // may read every entity
const MALLORY = 'user:default/mallory'; // may read billing-worker only
const CHECKOUT = 'component:default/checkout-api';
const BILLING = 'component:default/billing-worker';
const FAST_BURN = 'CheckoutApiAvailabilityErrorBudgetFastBurn';

/** The catalog answers each caller the entities their permissions allow. */
const catalog = catalogServiceMock.mock({
  getEntities: async () => ({ items: entities }),
  getEntitiesByRefs: async ({ entityRefs }, options) => {
    const credentials = (options as { credentials: BackstageCredentials })
      .credentials as BackstageCredentials<BackstageUserPrincipal>;
    const user = credentials.principal.userEntityRef;
    return {
      items: entityRefs.map(ref => {
        const entity = entities.find(e => stringifyEntityRef(e) === ref);
        return user === ALICE || ref === BILLING ? entity : undefined;
      }),
    };
  },
});

type TestScheduler = SchedulerService & {
  factory(options: {
    skipTaskRunOnStartup: boolean;
  }): ServiceFactory<SchedulerService>;
};

/** The plugin with its index built, its actions in `registry` unless `defaultRegistry`. */
async function start(options: { defaultRegistry?: boolean } = {}) {
  const registry = actionsRegistryServiceMock();
  const scheduler = mockServices.scheduler() as TestScheduler;
  const { server } = await startTestBackend({
    features: [
      decisionsPlugin,
      catalog.factory,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.rootConfig.factory({
        // about a tenth of a second: every runbook is stale
        data: { decisions: { runbookMaxAgeDays: 0.000001 } },
      }),
      ...(options.defaultRegistry
        ? []
        : [
            createServiceFactory({
              service: actionsRegistryServiceRef,
              deps: {},
              factory: () => registry,
            }),
          ]),
    ],
  });
  await scheduler.triggerTask('decisions-index-refresh');
  const invoke = (name: string, input: object, user?: string) =>
    registry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: user
        ? mockCredentials.user(user)
        : (mockCredentials.none() as BackstageCredentials),
    });
  const route = (path: string, user: string) =>
    request(server)
      .get(`/api/decisions${path}`)
      .set('Authorization', mockCredentials.user.header(user));
  return { server, registry, invoke, route };
}

describe('find-decisions', () => {
  it('answers the ADRs GET /adrs answers each caller, filtered as the Decisions page filters', async () => {
    const { invoke, route } = await start();
    for (const user of [ALICE, MALLORY]) {
      const fromRoute = (await route('/adrs', user)).body;
      const { output } = await invoke('find-decisions', {}, user);
      expect(output).toEqual({
        items: filterAdrs(fromRoute.items, {}),
        total: fromRoute.items.length,
        errors: fromRoute.errors,
        refreshedAt: fromRoute.refreshedAt,
      });
    }
    const all = await invoke('find-decisions', {}, ALICE);
    expect((all.output as any).total).toBe(4);

    const outbox = await invoke(
      'find-decisions',
      { entity: 'checkout-api', text: 'OUTBOX', status: ['Accepted'] },
      ALICE,
    );
    expect((outbox.output as any).items).toEqual([
      expect.objectContaining({
        entityRef: CHECKOUT,
        number: '0001',
        title: 'Transactional outbox for order events',
        status: 'accepted',
        date: '2025-05-20',
        owner: 'group:default/team-checkout',
        docsPath:
          '/docs/default/component/checkout-api/adr/0001-transactional-outbox-for-order-events/',
      }),
    ]);
    const limited = await invoke('find-decisions', { limit: 1 }, ALICE);
    expect((limited.output as any).items).toHaveLength(1);
    expect((limited.output as any).total).toBe(4);
  });

  it("refuses what the route refuses: another team's service answers nothing, an anonymous caller an error", async () => {
    const { invoke, route } = await start();
    const fromRoute = await route(`/adrs?entity=${CHECKOUT}`, MALLORY);
    expect(fromRoute.body.items).toEqual([]);
    const { output } = await invoke(
      'find-decisions',
      { entity: CHECKOUT },
      MALLORY,
    );
    expect(output).toMatchObject({ items: [], total: 0, errors: [] });
    const everything = await invoke('find-decisions', {}, MALLORY);
    expect(
      new Set((everything.output as any).items.map((a: any) => a.entityRef)),
    ).toEqual(new Set([BILLING]));

    await expect(invoke('find-decisions', {}, undefined)).rejects.toThrow(
      /signed-in users and services only/,
    );
    await expect(
      invoke('find-decisions', { entity: 'group:' }, ALICE),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});

describe('find-runbook', () => {
  it("finds the section of checkout-api's runbook for its SLO burn alert, at the runbook page the route links", async () => {
    const { invoke, route } = await start();
    // every runbook counts as stale here, so /health lists each with its page
    const health = (await route('/health', ALICE)).body;
    const runbookPage = health.owners
      .flatMap((o: any) => o.stale)
      .find((r: any) => r.entityRef === CHECKOUT).docsPath;
    expect(runbookPage).toBe('/docs/default/component/checkout-api/runbook/');
    const { output } = await invoke(
      'find-runbook',
      { alert: FAST_BURN },
      ALICE,
    );
    expect(output).toMatchObject({
      found: true,
      alert: FAST_BURN,
      entityRef: CHECKOUT,
      owner: 'group:default/team-checkout',
      runbook: 'docs/runbook.md',
      heading: FAST_BURN,
      truncated: false,
      docsPath: `${runbookPage}#checkoutapiavailabilityerrorbudgetfastburn`,
      alsoIn: [],
      errors: [],
    });
    expect((output as any).text).toContain(
      'The SLO `checkout-api-availability` is burning its 30-day error budget at 14.4 times',
    );
    expect((output as any).text).not.toContain('## ');

    const scoped = await invoke(
      'find-runbook',
      { alert: FAST_BURN.toLowerCase(), entity: 'checkout-api' },
      ALICE,
    );
    expect(scoped.output).toMatchObject({ found: true, heading: FAST_BURN });
  });

  it('names the headings of the runbook when the alert has no section', async () => {
    const { invoke } = await start();
    const { output } = await invoke(
      'find-runbook',
      { alert: 'CheckoutApiHighErrorRate', entity: CHECKOUT },
      ALICE,
    );
    expect(output).toMatchObject({ found: false, alsoIn: [] });
    expect((output as any).text).toBeUndefined();
    expect((output as any).headings).toEqual(
      expect.arrayContaining([
        'CheckoutApiLatencyErrorBudgetSlowBurn',
        'Database connection pool exhausted',
      ]),
    );
  });

  it("refuses what the route refuses: another team's runbook is not searched, an anonymous caller gets an error", async () => {
    const { invoke } = await start();
    const anywhere = await invoke(
      'find-runbook',
      { alert: FAST_BURN },
      MALLORY,
    );
    expect(anywhere.output).toEqual({
      found: false,
      alert: FAST_BURN,
      alsoIn: [],
      errors: [],
      refreshedAt: expect.any(String),
    });
    const scoped = await invoke(
      'find-runbook',
      { alert: FAST_BURN, entity: CHECKOUT },
      MALLORY,
    );
    expect(scoped.output).toMatchObject({ found: false, headings: [] });
    const own = await invoke(
      'find-runbook',
      { alert: 'BillingWorkerLatencyErrorBudgetSlowBurn' },
      MALLORY,
    );
    expect(own.output).toMatchObject({
      found: true,
      entityRef: BILLING,
      docsPath:
        '/docs/default/component/billing-worker/runbook/#billingworkerlatencyerrorbudgetslowburn',
    });
    await expect(
      invoke('find-runbook', { alert: FAST_BURN }, undefined),
    ).rejects.toThrow(/signed-in users and services only/);
  });
});

describe('decisions actions in the actions registry', () => {
  it('registers both as read-only, idempotent actions with described inputs', async () => {
    const { registry } = await start();
    const { actions } = await registry.list();
    expect(actions.map(a => [a.name, a.attributes])).toEqual([
      [
        'find-decisions',
        { readOnly: true, idempotent: true, destructive: false },
      ],
      [
        'find-runbook',
        { readOnly: true, idempotent: true, destructive: false },
      ],
    ]);
    for (const action of actions) {
      for (const field of Object.values(
        (action.schema.input as any).properties,
      )) {
        expect((field as any).description).toEqual(expect.any(String));
      }
    }
  });

  it("answers through the backend's own registry endpoint with the caller's token", async () => {
    const { server } = await start({ defaultRegistry: true });
    const invoke = (user: string) =>
      request(server)
        .post(
          '/api/decisions/.backstage/actions/v1/actions/decisions:find-runbook/invoke',
        )
        .set('Authorization', mockCredentials.user.header(user))
        .send({ alert: FAST_BURN });
    const allowed = await invoke(ALICE);
    expect(allowed.status).toBe(200);
    expect(allowed.body.output).toMatchObject({
      found: true,
      entityRef: CHECKOUT,
    });
    const refused = await invoke(MALLORY);
    expect(refused.status).toBe(200);
    expect(refused.body.output.found).toBe(false);
  });
});
