import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { EventNotifier } from '@runway/backend-common';
import { Knex } from 'knex';
import { component } from '../../__testUtils__/entities';
import {
  EC2,
  seedSmallOrg,
  SMALL_ORG,
  smallOrgConfig,
  smallOrgContext,
} from '../../__testUtils__/smallOrg';
import { costDatabases } from '../../__testUtils__/store';
import { AwsCostConfig } from '../../config';
import { CostStore } from '../../store/CostStore';
import { DefaultAwsCostService } from '../AwsCostService';
import { OrgIndex } from '../OrgIndex';
import { ReportContext } from '../reports/context';
import { CostNotifications } from './CostNotifications';

const databases = costDatabases();
jest.setTimeout(60_000);

const HOUR = 3_600_000;
const FINANCE = 'group:default/finance';
const SVC_A = 'cost-anomaly:detected:service:svc-a:2026-11';
const NAT = `cost-anomaly:detected:untagged:222222222222|${EC2}|NatGateway-Bytes:2026-11`;
const TEAM_A_BUDGET = 'cost-budget:group:default/team-a:2026-11';
const TEAM_B_BUDGET = 'cost-budget:group:default/team-b:2026-11';

describe.each(databases.eachSupportedId())('cost notifications on %p', id => {
  let knex: Knex;
  let store: CostStore;
  let send: jest.Mock;
  let clock: number;

  /** A replica: its own notifier and check over the shared database. */
  async function replica(
    context: ReportContext = smallOrgContext(store),
    notifications: NotificationService = { send },
  ) {
    const notifier = await EventNotifier.create({
      database: mockServices.database({ knex }),
      notifications,
      logger: mockServices.logger.mock(),
      now: () => clock,
    });
    return CostNotifications.fromConfig(context.config, {
      reports: new DefaultAwsCostService(context),
      orgIndex: context.orgIndex,
      notifier,
      logger: mockServices.logger.mock(),
    });
  }

  /** What was sent, by key: recipients and payload. */
  const sent = () =>
    Object.fromEntries(
      send.mock.calls.map(([o]) => [
        o.payload.scope,
        { to: o.recipients.entityRef, ...o.payload },
      ]),
    );

  beforeEach(async () => {
    knex = await databases.init(id);
    store = await CostStore.create({
      database: { getClient: async () => knex },
    });
    await seedSmallOrg(store);
    send = jest.fn().mockResolvedValue(undefined);
    clock = Date.UTC(2026, 10, 11, 7);
  });

  it('sends each open anomaly and each budget forecast over once, to the owning team and the managers', async () => {
    const check = await replica();
    const result = await check.check();
    expect(result.anomalies).toEqual({ sent: [NAT, SVC_A], closed: [] });
    // org (forecast 780 of 1000) is under its budget: no event
    expect(result.budgets).toEqual({
      sent: [TEAM_A_BUDGET, TEAM_B_BUDGET],
      closed: [],
    });
    const byKey = sent();
    expect(byKey[SVC_A]).toEqual({
      to: ['group:default/team-a', FINANCE],
      scope: SVC_A,
      title: `svc-a: cost anomaly, +$50 (+100 %) on ${EC2} since 2026-11-01`,
      description: expect.stringContaining(
        'Runway detected $100.00 spent from 2026-11-01 to 2026-11-10 against $50.00 expected',
      ),
      link: '/catalog/default/component/svc-a/cost',
      severity: 'high',
      topic: 'cost',
    });
    // untagged spend belongs to no team: the managers only, the Costs page
    expect(byKey[NAT]).toMatchObject({
      to: [FINANCE],
      link: '/costs',
      severity: 'high',
      title: expect.stringContaining('(new spend)'),
    });
    expect(byKey[TEAM_A_BUDGET]).toMatchObject({
      to: ['group:default/team-a', FINANCE],
      title:
        'team-a: forecast to exceed its budget in 2026-11, $300 of $150 (+100 %)',
      link: '/catalog/default/group/team-a/cost',
      severity: 'normal',
    });
    // already over: high
    expect(byKey[TEAM_B_BUDGET]).toMatchObject({
      to: ['group:default/team-b', FINANCE],
      severity: 'high',
    });
    expect(send).toHaveBeenCalledTimes(4);
  });

  it('notifies the same event once, however often and on however many replicas the check runs', async () => {
    const [a, b] = [await replica(), await replica()];
    await Promise.all([a.check(), b.check()]);
    clock += 2 * HOUR;
    const again = await a.check();
    await b.check();
    expect(again.anomalies?.sent).toEqual([]);
    expect(again.budgets?.sent).toEqual([]);
    expect(send.mock.calls.map(([o]) => o.payload.scope).sort()).toEqual(
      [NAT, SVC_A, TEAM_A_BUDGET, TEAM_B_BUDGET].sort(),
    );
  });

  it('closes an anomaly that is gone and tells again only after 6 hours when it reopens', async () => {
    const check = await replica();
    await check.check();
    // a higher threshold: svc-a (x2) is no longer an anomaly, new spend is
    const calmer = await replica(
      smallOrgContext(store, { anomalyThreshold: 3 } as Partial<AwsCostConfig>),
    );
    clock += HOUR;
    expect((await calmer.check()).anomalies).toEqual({
      sent: [],
      closed: [SVC_A],
    });
    clock += HOUR;
    expect((await check.check()).anomalies?.sent).toEqual([]);
    clock += 5 * HOUR;
    await calmer.check();
    await check.check();
    expect(
      send.mock.calls.filter(([o]) => o.payload.scope === SVC_A),
    ).toHaveLength(2);
  });

  it('tells only the managers about spend whose service tag two untrusted Components claim', async () => {
    const impostor = component('svc-a-metrics', 'team-b');
    impostor.metadata.annotations = {
      'runway.io/cost-allocation': 'service=svc-a',
    };
    const config = smallOrgConfig();
    const org = new OrgIndex(
      [...SMALL_ORG, impostor],
      config.tagKeys,
      config.sharedServices,
    );
    const check = await replica({
      ...smallOrgContext(store),
      orgIndex: async () => org,
    });
    await check.check();
    expect(sent()[SVC_A]).toMatchObject({
      to: [FINANCE],
      title: expect.stringMatching(/^svc-a \(conflicting claims\): /),
      link: '/costs',
    });
  });

  it('neither sends nor closes anything without cost data, nor when the catalog fails', async () => {
    const check = await replica();
    await check.check();
    const failing = await replica({
      ...smallOrgContext(store),
      orgIndex: () => Promise.reject(new Error('catalog down')),
    });
    await expect(failing.check()).rejects.toThrow('catalog down');

    await store.knex('aws_cost_daily').delete();
    expect(await check.check()).toEqual({});
    expect(
      await knex('runway_notification_events').whereNotNull('closed_at'),
    ).toEqual([]);
  });

  it('waits for the catalog on a fresh start, then tells the owners', async () => {
    const config = smallOrgConfig();
    const empty = new OrgIndex([], config.tagKeys, config.sharedServices);
    const fresh = await replica({
      ...smallOrgContext(store),
      orgIndex: async () => empty,
    });
    expect(await fresh.check()).toEqual({});
    expect(send).not.toHaveBeenCalled();
    await (await replica()).check();
    expect(sent()[SVC_A]).toMatchObject({
      to: expect.arrayContaining([FINANCE]),
    });
    expect(sent()[SVC_A].to.length).toBeGreaterThan(1);
  });

  it('tries again at the next check when the notifications backend refused', async () => {
    const refusing = jest
      .fn()
      .mockRejectedValueOnce(new Error('notifications unavailable'))
      .mockResolvedValue(undefined);
    const check = await replica(smallOrgContext(store), { send: refusing });
    // the largest anomaly (NAT) is sent first, and refused
    expect((await check.check()).anomalies?.sent).toEqual([SVC_A]);
    expect((await check.check()).anomalies?.sent).toEqual([NAT]);
    expect(
      refusing.mock.calls.filter(([o]) => o.payload.scope === NAT),
    ).toHaveLength(2);
  });
});
