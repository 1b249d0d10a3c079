import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { SloDefinition } from '@runway/plugin-slo-common';
import {
  BURNING,
  FakePrometheus,
  entity,
  fakeCatalog,
  fakeDefinitions,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';
import { EntitySlos } from '../useCases/entitySlos';
import { SloList } from '../useCases/sloList';
import {
  scheduleSloNotifications,
  SloNotificationCheck,
} from './SloNotificationCheck';

// SQLite always; PostgreSQL too when the test stage provides one
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_17']
    : ['SQLITE_3'],
});

/** Ratios with 90 % of a 30-day budget used and no fast burn. */
const LOW_BUDGET = { ...BURNING, '30d': 0.0009, '5m': 0.0005, '1h': 0.0005 };
/** Ratios of a healthy SLO. */
const HEALTHY = Object.fromEntries(Object.keys(BURNING).map(w => [w, 0.0001]));

const checkout = entity('checkout-api');
const inventory = entity('inventory-api');
const storefront = entity('storefront-web');
const sloOf = (name: string): SloDefinition =>
  slo({ name: `${name}-availability`, service: name });
const REF = stringifyEntityRef(checkout);
const BURN_KEY = `slo-burn:${REF}:checkout-api-availability`;
const BUDGET_KEY = `slo-budget:component:default/inventory-api:inventory-api-availability`;

describe.each(databases.eachSupportedId())('SloNotificationCheck on %s', id => {
  let send: jest.Mock;
  let prometheus: FakePrometheus;

  async function setup(knex: any) {
    prometheus = new FakePrometheus('main', {
      recorded: {
        'checkout-api-availability': { ...BURNING },
        'inventory-api-availability': { ...LOW_BUDGET },
        'storefront-web-availability': { ...HEALTHY },
      },
    });
    const { evaluator, clock } = fakeEvaluation([prometheus], {
      cacheTtlMs: 0,
    });
    const catalog = fakeCatalog([checkout, inventory, storefront]);
    const definitions = fakeDefinitions(
      Object.fromEntries(
        [checkout, inventory, storefront].map(e => [
          stringifyEntityRef(e),
          { sloRef: './slo.yaml', slos: [sloOf(e.metadata.name)], issues: [] },
        ]),
      ),
    );
    const entitySlos = new EntitySlos({
      catalog,
      definitions,
      evaluator,
      clock,
    });
    const list = new SloList({ catalog, entitySlos });
    const auth = mockServices.auth();
    const getOwnServiceCredentials = jest.spyOn(
      auth,
      'getOwnServiceCredentials',
    );
    const check = await SloNotificationCheck.create({
      database: mockServices.database({ knex }),
      notifications: { send },
      logger: mockServices.logger.mock(),
      auth,
      slos: { allEntitySlos: (env, c) => list.perEntity(env, c) },
      settings: {
        defaultEnvironment: 'production',
        gate: {
          minRemainingBudget: 0.25,
          denyOnFastBurn: true,
          failOpen: false,
          allowWithoutSlos: false,
        },
      },
    });
    return { check, catalog, getOwnServiceCredentials };
  }

  beforeEach(() => {
    send = jest.fn().mockResolvedValue(undefined);
  });

  it('notifies the owners of the burning SLO and of the low budget once, however often it runs', async () => {
    const knex = await databases.init(id);
    const { check, catalog, getOwnServiceCredentials } = await setup(knex);

    const first = await check.run();
    expect(first.sent.sort()).toEqual([BUDGET_KEY, BURN_KEY].sort());
    // the plugin's own credentials: every SLO in the catalog
    expect(getOwnServiceCredentials).toHaveBeenCalled();
    expect(catalog.calls).toContain('entitiesWithSlos');
    expect(send).toHaveBeenCalledTimes(2);
    expect(send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-checkout'],
      },
      payload: expect.objectContaining({
        title: expect.stringMatching(
          /^checkout-api title: SLO checkout-api-availability is burning its error budget fast \(20x\)$/,
        ),
        link: '/catalog/default/component/checkout-api/slos',
        severity: 'critical',
        topic: 'slo',
        scope: BURN_KEY,
      }),
    });
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        payload: expect.objectContaining({
          link: '/catalog/default/component/inventory-api/slos',
          severity: 'high',
          scope: BUDGET_KEY,
        }),
      }),
    );

    // the same events again: nothing new, on this replica or another
    expect((await check.run()).sent).toEqual([]);
    const replica = await setup(knex);
    expect((await replica.check.run()).sent).toEqual([]);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('keeps the events open without notifying while Prometheus is down, and closes them once the SLO recovers', async () => {
    const knex = await databases.init(id);
    const { check } = await setup(knex);
    await check.run();
    expect(send).toHaveBeenCalledTimes(2);

    prometheus.down = new Error('connect ECONNREFUSED 127.0.0.1:9090');
    const outage = await check.run();
    expect(outage).toMatchObject({ sent: [], closed: [] });
    expect(outage.held.sort()).toEqual([BUDGET_KEY, BURN_KEY].sort());
    prometheus.down = undefined;
    // back, still burning: the events were never closed, so no second notice
    expect(await check.run()).toMatchObject({ sent: [], closed: [] });
    expect(send).toHaveBeenCalledTimes(2);

    // recovered: closed, then a new burn is a new notification
    prometheus.data.recorded!['checkout-api-availability'] = { ...HEALTHY };
    expect((await check.run()).closed).toEqual([BURN_KEY]);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('opens nothing for an SLO first seen while Prometheus is down', async () => {
    const knex = await databases.init(id);
    const { check } = await setup(knex);
    prometheus.down = new Error('connect ECONNREFUSED 127.0.0.1:9090');
    expect(await check.run()).toEqual({
      sent: [],
      closed: [],
      held: [],
      unowned: [],
    });
    prometheus.down = undefined;
    expect((await check.run()).sent.sort()).toEqual(
      [BUDGET_KEY, BURN_KEY].sort(),
    );
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('retries at the next run when the notifications backend refused, but not on unknown figures', async () => {
    const knex = await databases.init(id);
    const { check } = await setup(knex);
    send.mockRejectedValue(new Error('503 notifications'));
    expect((await check.run()).sent).toEqual([]);
    expect(send).toHaveBeenCalledTimes(2);
    send.mockResolvedValue(undefined);
    // open but never notified, and Prometheus is down: held, not sent
    prometheus.down = new Error('connect ECONNREFUSED 127.0.0.1:9090');
    expect(await check.run()).toMatchObject({ sent: [], closed: [] });
    expect(send).toHaveBeenCalledTimes(2);
    prometheus.down = undefined;
    expect((await check.run()).sent.sort()).toEqual(
      [BUDGET_KEY, BURN_KEY].sort(),
    );
  });
});

describe('scheduleSloNotifications', () => {
  it('schedules one global task that logs a failed run instead of throwing', async () => {
    const scheduleTask = jest.fn();
    const logger = mockServices.logger.mock();
    const run = jest.fn().mockRejectedValue(new Error('catalog down'));
    await scheduleSloNotifications({
      scheduler: { scheduleTask },
      settings: { enabled: true, frequencyMs: 300_000, initialDelayMs: 20_000 },
      check: { run },
      logger,
    });
    expect(scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'slo-notifications',
        scope: 'global',
        frequency: { milliseconds: 300_000 },
        initialDelay: { milliseconds: 20_000 },
      }),
    );
    await scheduleTask.mock.calls[0][0].fn();
    expect(run).toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('catalog down'),
    );
  });
});
