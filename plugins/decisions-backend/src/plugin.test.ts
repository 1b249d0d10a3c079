import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { decisionsPlugin } from './plugin';
import { entities } from './__testUtils__/entities';

const REFRESH = 'decisions-index-refresh';

/** The test scheduler: runs a task when asked (`triggerTask`), never by itself. */
type TestScheduler = SchedulerService & {
  factory(options: {
    skipTaskRunOnStartup: boolean;
  }): ServiceFactory<SchedulerService>;
};
const newScheduler = () => mockServices.scheduler() as TestScheduler;

/**
 * One replica: the plugin on its own scheduler. Unless `fresh`, the
 * scheduled refresh runs once before the requests (as the global task would
 * on some replica).
 */
async function startReplica(
  options: {
    catalog?: ReturnType<typeof catalogServiceMock.factory>;
    knex?: Awaited<ReturnType<TestDatabases['init']>>;
    fresh?: boolean;
  } = {},
) {
  const scheduler = newScheduler();
  const { server } = await startTestBackend({
    features: [
      decisionsPlugin,
      options.catalog ?? catalogServiceMock.factory({ entities }),
      scheduler.factory({ skipTaskRunOnStartup: true }),
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      mockServices.rootConfig.factory({
        data: { decisions: { runbookMaxAgeDays: 180 } },
      }),
    ],
  });
  if (!options.fresh) {
    await scheduler.triggerTask(REFRESH);
  }
  return { server, scheduler };
}

async function start(catalog = catalogServiceMock.factory({ entities })) {
  return (await startReplica({ catalog })).server;
}

describe('decisions backend', () => {
  it("lists every entity's ADRs with MADR status, date, owner and TechDocs path", async () => {
    const server = await start();
    const res = await request(server).get('/api/decisions/adrs');
    expect(res.status).toBe(200);
    const checkout = res.body.items.filter(
      (a: any) => a.entityRef === 'component:default/checkout-api',
    );
    expect(checkout).toEqual([
      expect.objectContaining({
        number: '0001',
        title: 'Transactional outbox for order events',
        status: 'accepted',
        date: '2025-05-20',
        owner: 'group:default/team-checkout',
        docsPath:
          '/docs/default/component/checkout-api/adr/0001-transactional-outbox-for-order-events/',
      }),
      expect.objectContaining({ number: '0002', status: 'proposed' }),
    ]);
    expect(
      res.body.items.find(
        (a: any) => a.entityRef === 'component:default/billing-worker',
      ),
    ).toMatchObject({
      status: 'superseded',
      owner: 'group:default/team-payments',
    });
  });

  it('reads ADRs from backstage.io/adr-location only, relative to the entity source', async () => {
    const server = await start();
    const res = await request(server).get('/api/decisions/adrs');
    const entitiesWithAdrs = new Set(
      res.body.items.map((a: any) => a.entityRef),
    );
    expect(entitiesWithAdrs).toEqual(
      new Set([
        'component:default/checkout-api',
        'component:default/billing-worker',
        'component:default/inventory-api',
      ]),
    );
    const inventory = res.body.items.find(
      (a: any) => a.entityRef === 'component:default/inventory-api',
    );
    expect(inventory.number).toBe('0001');
    // not part of any TechDocs site: no page to link
    expect(inventory.docsPath).toBeUndefined();
    const health = await request(server).get('/api/decisions/health');
    const checkoutTeam = health.body.owners.find(
      (o: any) => o.owner === 'group:default/team-checkout',
    );
    expect(
      [...checkoutTeam.missing, ...checkoutTeam.stale].map(
        (e: any) => e.entityRef,
      ),
    ).not.toContain('component:default/inventory-api');
    expect(checkoutTeam.fresh + checkoutTeam.stale.length).toBe(2);
  });

  it('filters by entity and refuses a malformed entity ref with 400', async () => {
    const server = await start();
    const one = await request(server).get(
      '/api/decisions/adrs?entity=component:default/billing-worker',
    );
    expect(one.status).toBe(200);
    expect(one.body.items.map((a: any) => a.number)).toEqual(['0001']);
    const bad = await request(server).get(
      '/api/decisions/adrs?entity=checkout-api',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.name).toBe('InputError');
  });

  it('reports docs health per owner: runbooks with their age, services without one', async () => {
    const server = await start();
    const res = await request(server).get('/api/decisions/health');
    expect(res.status).toBe(200);
    expect(res.body.maxAgeDays).toBe(180);
    const payments = res.body.owners.find(
      (o: any) => o.owner === 'group:default/team-payments',
    );
    expect(payments.missing.map((m: any) => m.entityRef)).toEqual([
      'component:default/no-runbook',
    ]);
    expect(payments.fresh + payments.stale.length).toBe(1);
  });

  it('shows nothing of entities the caller may not read in the catalog', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: async () => ({ items: entities }),
      // the caller may read billing-worker only
      getEntitiesByRefs: async ({ entityRefs }) => ({
        items: entityRefs.map(ref =>
          ref === 'component:default/billing-worker' ? entities[1] : undefined,
        ),
      }),
    });
    const server = await start(catalog.factory as any);
    const res = await request(server).get('/api/decisions/adrs');
    expect(res.status).toBe(200);
    expect(new Set(res.body.items.map((a: any) => a.entityRef))).toEqual(
      new Set(['component:default/billing-worker']),
    );
    const health = await request(server).get('/api/decisions/health');
    expect(health.body.owners.map((o: any) => o.owner)).toEqual([
      'group:default/team-payments',
    ]);
    expect(health.body.owners[0].missing).toEqual([]);
  });

  it('keeps serving when the catalog cannot be read while building the index: 200 with what is stored', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: async () => {
        throw new Error('catalog unavailable');
      },
    });
    const server = await start(catalog.factory as any);
    const res = await request(server).get('/api/decisions/adrs');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], errors: [] });
  });
});

describe('decisions backend across replicas', () => {
  const databases = TestDatabases.create({
    ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
      ? ['SQLITE_3', 'POSTGRES_17']
      : ['SQLITE_3'],
  });

  it('schedules its refresh as one global task per cadence', async () => {
    const { scheduler } = await startReplica({ fresh: true });
    expect(await scheduler.getScheduledTasks()).toEqual([
      expect.objectContaining({ id: REFRESH, scope: 'global' }),
    ]);
  });

  it('answers a fresh start with an empty index and no date, never a 5xx', async () => {
    const { server } = await startReplica({ fresh: true });
    const adrs = await request(server).get('/api/decisions/adrs');
    expect(adrs.status).toBe(200);
    expect(adrs.body).toEqual({ items: [], errors: [] });
    const health = await request(server).get('/api/decisions/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ maxAgeDays: 180, owners: [] });
  });

  it('catches up with a catalog that changed at its next check, and reads no docs again while nothing changed', async () => {
    // a fresh catalog still ingesting: one entity at the first run
    let current: Entity[] = [entities[0]];
    const catalog = catalogServiceMock.mock({
      getEntities: async () => ({ items: current }),
      getEntitiesByRefs: async ({ entityRefs }) => ({
        items: entityRefs.map(ref =>
          entities.find(e => `component:default/${e.metadata.name}` === ref),
        ),
      }),
    });
    const { server, scheduler } = await startReplica({
      catalog: catalog.factory as any,
    });
    const first = await request(server).get('/api/decisions/adrs');
    expect(first.body.items.map((a: any) => a.entityRef)).toEqual(
      expect.arrayContaining(['component:default/checkout-api']),
    );
    expect(
      first.body.items.some(
        (a: any) => a.entityRef === 'component:default/billing-worker',
      ),
    ).toBe(false);

    // nothing changed: the stored snapshot stays (same build date)
    await scheduler.triggerTask(REFRESH);
    const same = await request(server).get('/api/decisions/adrs');
    expect(same.body.refreshedAt).toBe(first.body.refreshedAt);

    // the catalog ingested the rest: indexed at the next check
    current = entities;
    await scheduler.triggerTask(REFRESH);
    const caughtUp = await request(server).get('/api/decisions/adrs');
    expect(caughtUp.body.items).toHaveLength(4);
  });

  it.each(databases.eachSupportedId())(
    'serves on every replica the index one replica built (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // the replica that ran the scheduled refresh
      const builder = await startReplica({ knex });
      // another replica, whose catalog would fail: it never builds
      const failing = catalogServiceMock.mock({
        getEntities: async () => {
          throw new Error('this replica must not read the catalog');
        },
        getEntitiesByRefs: async ({ entityRefs }) => ({
          items: entityRefs.map(ref =>
            entities.find(e => `component:default/${e.metadata.name}` === ref),
          ),
        }),
      });
      const other = await startReplica({
        knex,
        catalog: failing.factory as any,
        fresh: true,
      });
      const built = await request(builder.server).get('/api/decisions/adrs');
      const served = await request(other.server).get('/api/decisions/adrs');
      expect(served.status).toBe(200);
      expect(served.body.items).toHaveLength(4);
      expect(served.body).toEqual(built.body);
      expect(served.body.refreshedAt).toEqual(expect.any(String));
      expect(failing.getEntities).not.toHaveBeenCalled();
    },
  );
});
