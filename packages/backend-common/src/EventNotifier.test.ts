import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { EventNotifier, OwnerEvent } from './EventNotifier';

// SQLite always; PostgreSQL too when scripts/test.d/20-cost.sh provides one
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_17']
    : ['SQLITE_3'],
});

const MINUTE = 60_000;

const event = (key: string, delayMs?: number): OwnerEvent => ({
  key,
  recipients: { type: 'entity', entityRef: 'group:default/team-checkout' },
  payload: {
    title: `Event ${key}`,
    link: '/catalog/default/component/checkout-api/slos',
    severity: 'high',
    topic: 'slo',
  },
  delayMs,
});

describe.each(databases.eachSupportedId())('EventNotifier on %s', id => {
  let clock: number;
  let send: jest.Mock;

  /** A replica's notifier: replicas share the database, not the notifier. */
  async function replica(knex: any) {
    const notifications: NotificationService = { send };
    return EventNotifier.create({
      database: mockServices.database({ knex }),
      notifications,
      logger: mockServices.logger.mock(),
      renotifyAfterMs: 60 * MINUTE,
      now: () => clock,
    });
  }

  beforeEach(() => {
    clock = Date.UTC(2026, 11, 5, 12);
    send = jest.fn().mockResolvedValue(undefined);
  });

  it('notifies an event once while it stays open, on any number of replicas, with its key as scope', async () => {
    const knex = await databases.init(id);
    const [a, b] = [await replica(knex), await replica(knex)];
    const burn = event('slo-burn:component:default/checkout-api:availability');

    expect(await a.reconcile('slo-burn', [burn])).toEqual({
      sent: [burn.key],
      closed: [],
    });
    // the same event again, on this replica and on the other
    expect((await a.reconcile('slo-burn', [burn])).sent).toEqual([]);
    expect((await b.reconcile('slo-burn', [burn])).sent).toEqual([]);
    clock += 120 * MINUTE;
    expect((await b.reconcile('slo-burn', [burn])).sent).toEqual([]);

    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({
      recipients: burn.recipients,
      payload: { ...burn.payload, scope: burn.key },
    });
  });

  it('sends once when two replicas reconcile the same new event at the same time', async () => {
    const knex = await databases.init(id);
    const [a, b] = [await replica(knex), await replica(knex)];
    const anomaly = event('cost-anomaly:billing-worker:2026-12-01');
    const results = await Promise.all([
      a.reconcile('cost-anomaly', [anomaly]),
      b.reconcile('cost-anomaly', [anomaly]),
    ]);
    expect(results.flatMap(r => r.sent)).toEqual([anomaly.key]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('closes events no longer found, and notifies a reopened event again only after renotifyAfterMs', async () => {
    const knex = await databases.init(id);
    const notifier = await replica(knex);
    const burn = event('slo-burn:component:default/checkout-api:latency');
    const other = event('slo-burn:component:default/payments-api:latency');

    await notifier.reconcile('slo-burn', [burn, other]);
    expect(send).toHaveBeenCalledTimes(2);
    clock += 10 * MINUTE;
    expect(await notifier.reconcile('slo-burn', [other])).toEqual({
      sent: [],
      closed: [burn.key],
    });
    // back 10 minutes later: within the hour, not notified (flapping)
    clock += 10 * MINUTE;
    expect((await notifier.reconcile('slo-burn', [burn, other])).sent).toEqual(
      [],
    );
    // still open once the hour since its notification has passed: notified
    clock += 45 * MINUTE;
    expect((await notifier.reconcile('slo-burn', [burn, other])).sent).toEqual([
      burn.key,
    ]);
    expect(send).toHaveBeenCalledTimes(3);
    // closed and reopened after a quiet day: notified at once
    await notifier.reconcile('slo-burn', [other]);
    clock += 24 * 60 * MINUTE;
    expect((await notifier.reconcile('slo-burn', [burn, other])).sent).toEqual([
      burn.key,
    ]);
  });

  it('notifies a delayed event only once it has been open for its delay', async () => {
    const knex = await databases.init(id);
    const notifier = await replica(knex);
    const degraded = event(
      'eks-degraded:dev:checkout/checkout-api',
      10 * MINUTE,
    );

    expect((await notifier.reconcile('eks-degraded', [degraded])).sent).toEqual(
      [],
    );
    clock += 9 * MINUTE;
    expect((await notifier.reconcile('eks-degraded', [degraded])).sent).toEqual(
      [],
    );
    clock += 1 * MINUTE;
    expect((await notifier.reconcile('eks-degraded', [degraded])).sent).toEqual(
      [degraded.key],
    );
    // a degradation that clears before its delay is never notified
    const brief = event('eks-degraded:dev:payments/payments-api', 10 * MINUTE);
    await notifier.reconcile('eks-degraded', [degraded, brief]);
    clock += 5 * MINUTE;
    await notifier.reconcile('eks-degraded', [degraded]);
    clock += 20 * MINUTE;
    await notifier.reconcile('eks-degraded', [degraded]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('keeps families apart and refuses a key of another family', async () => {
    const knex = await databases.init(id);
    const notifier = await replica(knex);
    const burn = event('slo-burn:component:default/checkout-api:availability');
    await notifier.reconcile('slo-burn', [burn]);
    // another family's reconcile does not close slo-burn's events
    expect((await notifier.reconcile('slo-budget', [])).closed).toEqual([]);
    await expect(notifier.reconcile('slo-budget', [burn])).rejects.toThrow(
      'Event key slo-burn:component:default/checkout-api:availability is not of family slo-budget',
    );
  });

  it('retries at the next check when sending failed', async () => {
    const knex = await databases.init(id);
    const notifier = await replica(knex);
    const anomaly = event('cost-anomaly:checkout-api:2026-12-01');
    send.mockRejectedValueOnce(new Error('notifications backend unavailable'));
    expect((await notifier.reconcile('cost-anomaly', [anomaly])).sent).toEqual(
      [],
    );
    expect((await notifier.reconcile('cost-anomaly', [anomaly])).sent).toEqual([
      anomaly.key,
    ]);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('sends an open, notified event to the recipients it gains, once, and only to them', async () => {
    const knex = await databases.init(id);
    const [a, b] = [await replica(knex), await replica(knex)];
    const managersOnly: OwnerEvent = {
      ...event('cost-anomaly:detected:service:billing-worker:2026-12'),
      recipients: { type: 'entity', entityRef: ['group:default/finance'] },
    };
    await a.reconcile('cost-anomaly', [managersOnly]);
    // the catalog now names the service's owner
    const withTeam: OwnerEvent = {
      ...managersOnly,
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-payments', 'group:default/finance'],
      },
    };
    const results = await Promise.all([
      a.reconcile('cost-anomaly', [withTeam]),
      b.reconcile('cost-anomaly', [withTeam]),
    ]);
    expect(results.flatMap(r => r.sent)).toEqual([withTeam.key]);
    await a.reconcile('cost-anomaly', [withTeam]);
    expect(send.mock.calls.map(([options]) => options.recipients)).toEqual([
      { type: 'entity', entityRef: ['group:default/finance'] },
      { type: 'entity', entityRef: ['group:default/team-payments'] },
    ]);
    expect(send.mock.calls[1][0].payload.scope).toBe(withTeam.key);
  });

  it('lists the open keys of families', async () => {
    const knex = await databases.init(id);
    const notifier = await replica(knex);
    const burn = event('slo-burn:component:default/checkout-api:availability');
    const budget = event('slo-budget:component:default/checkout-api:latency');
    await notifier.reconcile('slo-burn', [burn]);
    await notifier.reconcile('slo-budget', [budget]);
    expect(
      (await notifier.openKeys(['slo-burn', 'slo-budget'])).sort(),
    ).toEqual([budget.key, burn.key]);
    await notifier.reconcile('slo-burn', []);
    expect(await notifier.openKeys(['slo-burn', 'slo-budget'])).toEqual([
      budget.key,
    ]);
  });
});
