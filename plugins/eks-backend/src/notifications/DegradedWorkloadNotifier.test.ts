import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import {
  EventNotifier,
  NOTIFICATION_EVENTS_TABLE,
} from '@runway/backend-common';
import { component } from '@runway/test-utils';
import { eksDatabases } from '../__testUtils__/databases';
import { eventually } from '../__testUtils__/eventually';
import { startFakeApiserver } from '../__testUtils__/fakeApiserver';
import { clusterFixture } from '../__testUtils__/fixtures';
import { DefaultEksService } from '../service/DefaultEksService';
import { DegradedWorkloadNotifier } from './DegradedWorkloadNotifier';

const MINUTE = 60_000;
const STG = 'eks-staging-euw1';
const PROD = 'eks-production-euw1';
/** payments-api crash-loops in staging (degraded there, healthy in production) */
const PAYMENTS_STG = `eks-degraded@${STG}:staging/payments-api`;
/** inventory-api's HPA is pinned at its maximum in production */
const INVENTORY_PROD = `eks-degraded@${PROD}:production/inventory-api`;

const CONFIG_ORIGIN = 'url:https://git.example.com/runway/services.yaml';
const OTHER_ORIGIN = 'url:https://git.example.com/someone/catalog-info.yaml';

/** A service as the catalog serves it: kubernetes-id, origin, ownedBy. */
function service(
  name: string,
  owner: string,
  options: { id?: string; origin?: string; namespace?: string } = {},
): Entity {
  return component(name, owner, {
    ownedBy: true,
    annotations: {
      'backstage.io/kubernetes-id': options.id ?? name,
      'backstage.io/managed-by-origin-location':
        options.origin ?? CONFIG_ORIGIN,
      ...(options.namespace
        ? { 'backstage.io/kubernetes-namespace': options.namespace }
        : {}),
    },
  });
}

const SAMPLE = [
  service('storefront-web', 'team-checkout'),
  service('checkout-api', 'team-checkout'),
  service('inventory-api', 'team-checkout'),
  service('payments-api', 'team-payments'),
  service('billing-worker', 'team-payments'),
];

jest.setTimeout(60_000);

const databases = eksDatabases();

describe.each(databases.eachSupportedId())(
  'DegradedWorkloadNotifier on %s',
  databaseId => {
    let apis: Record<string, Awaited<ReturnType<typeof startFakeApiserver>>>;
    let eks: DefaultEksService;
    let clock: number;
    let send: jest.Mock;

    beforeAll(async () => {
      apis = {
        [STG]: await startFakeApiserver(clusterFixture(STG)),
        [PROD]: await startFakeApiserver(clusterFixture(PROD)),
      };
      eks = new DefaultEksService({
        logger: mockServices.logger.mock(),
        watchTimeoutSeconds: 300,
        probeSeconds: 0.2,
      });
      for (const [name, api] of Object.entries(apis)) {
        await eks.addCluster(
          {
            name,
            url: api.url,
            skipTLSVerify: false,
            timeoutMs: 500,
            auth: { type: 'serviceAccount', token: 't' },
          },
          async () => 't',
        );
      }
    });

    afterAll(async () => {
      await eks.stop();
      for (const api of Object.values(apis)) await api.close();
    });

    beforeEach(async () => {
      clock = Date.UTC(2026, 11, 5, 12);
      send = jest.fn().mockResolvedValue(undefined);
      for (const api of Object.values(apis)) api.state.frozen = false;
      await eventually(
        'both clusters synced',
        async () => (await eks.listClusters()).clusters.length === 2,
      );
    });

    /** One replica's check over a shared database. */
    async function replica(
      knex: any,
      options: {
        entities?: Entity[];
        restrictedNamespaces?: string[];
        service?: ConstructorParameters<
          typeof DegradedWorkloadNotifier
        >[0]['service'];
      } = {},
    ) {
      const notifications: NotificationService = { send };
      return new DegradedWorkloadNotifier({
        service: options.service ?? eks,
        catalog: catalogServiceMock({ entities: options.entities ?? SAMPLE }),
        auth: mockServices.auth(),
        events: await EventNotifier.create({
          database: mockServices.database({ knex }),
          notifications,
          logger: mockServices.logger.mock(),
          now: () => clock,
        }),
        logger: mockServices.logger.mock(),
        configuredLocations: [CONFIG_ORIGIN],
        restrictedNamespaces: options.restrictedNamespaces ?? ['kube-system'],
        degradedForMinutes: 10,
      });
    }

    /** The notifications sent so far: key, recipients and payload. */
    const sent = () =>
      send.mock.calls.map(([{ recipients, payload }]) => ({
        key: payload.scope as string,
        recipients: recipients.entityRef as string[],
        payload,
      }));
    const sentKeys = () => sent().map(s => s.key);

    async function outage(cluster: string) {
      apis[cluster].state.frozen = true;
      await eventually(`${cluster} to be unreachable`, async () =>
        (await eks.listClusters()).errors.some(e => e.cluster === cluster),
      );
    }

    it('notifies a degraded workload once, to its owners, after it stayed so eks.notifications.degradedForMinutes; healthy workloads never', async () => {
      const check = await replica(await databases.init(databaseId));

      expect((await check.check()).sent).toEqual([]);
      clock += 9 * MINUTE;
      expect((await check.check()).sent).toEqual([]);
      clock += 1 * MINUTE;
      const first = await check.check();
      expect(first.sent).toContain(PAYMENTS_STG);
      expect(first.sent).toContain(INVENTORY_PROD);
      expect(first.skipped).toEqual([]);

      const payments = sent().find(s => s.key === PAYMENTS_STG)!;
      expect(payments.recipients).toEqual(['group:default/team-payments']);
      expect(payments.payload).toMatchObject({
        title: expect.stringMatching(
          /^payments-api is degraded on eks-staging-euw1 \(\d+ of \d+ pods ready\)$/,
        ),
        link: '/catalog/default/component/payments-api/workloads',
        severity: 'high',
        topic: 'eks',
      });
      expect(payments.payload.description).toContain(
        'payments-api has been degraded for more than 10 minutes in namespace staging of eks-staging-euw1: ',
      );
      expect(payments.payload.description).toContain('CrashLoopBackOff');
      expect(sent().find(s => s.key === INVENTORY_PROD)).toMatchObject({
        recipients: ['group:default/team-checkout'],
        payload: { description: expect.stringContaining('HPA inventory-api') },
      });
      // exactly the unhealthy workloads of the sample clusters (billing-worker:
      // a PDB that blocks evictions, an unschedulable pod in production); the
      // healthy ones (checkout-api, storefront-web, payments-api in
      // production...) never
      expect(sentKeys().sort()).toEqual(
        [
          PAYMENTS_STG,
          INVENTORY_PROD,
          `eks-degraded@${STG}:staging/billing-worker`,
          `eks-degraded@${PROD}:production/billing-worker`,
        ].sort(),
      );

      // still degraded: nothing more, however often the check runs
      const count = send.mock.calls.length;
      for (let i = 0; i < 5; i++) {
        clock += MINUTE;
        expect((await check.check()).sent).toEqual([]);
      }
      expect(send).toHaveBeenCalledTimes(count);
    });

    it('notifies the same event once when two replicas check at the same time', async () => {
      const knex = await databases.init(databaseId);
      const [a, b] = [await replica(knex), await replica(knex)];
      await Promise.all([a.check(), b.check()]);
      clock += 10 * MINUTE;
      await Promise.all([a.check(), b.check()]);
      await Promise.all([a.check(), b.check()]);
      expect(sentKeys().filter(k => k === PAYMENTS_STG)).toHaveLength(1);
      expect(new Set(sentKeys()).size).toBe(send.mock.calls.length);
    });

    it('keeps the open events of a cluster that becomes unreachable: not closed, not notified again when it is back', async () => {
      const knex = await databases.init(databaseId);
      const check = await replica(knex);
      await check.check();
      clock += 10 * MINUTE;
      expect((await check.check()).sent).toContain(INVENTORY_PROD);
      const count = send.mock.calls.length;

      await outage(PROD);
      // longer than the notifier's re-notification throttle (6 hours)
      for (let i = 0; i < 8; i++) {
        clock += 60 * MINUTE;
        const r = await check.check();
        expect(r).toMatchObject({ sent: [], closed: [], skipped: [PROD] });
      }
      const row = await knex(NOTIFICATION_EVENTS_TABLE)
        .where({ key: INVENTORY_PROD })
        .first();
      expect(row.closed_at).toBeNull();

      apis[PROD].state.frozen = false;
      await eventually(
        'production back',
        async () => (await eks.listClusters()).errors.length === 0,
      );
      expect(await check.check()).toMatchObject({
        sent: [],
        closed: [],
        skipped: [],
      });
      expect(send).toHaveBeenCalledTimes(count);
    });

    it('keeps the open events of a cluster that stops answering during a check', async () => {
      const knex = await databases.init(databaseId);
      await (await replica(knex)).check();
      clock += 10 * MINUTE;
      expect((await (await replica(knex)).check()).sent).toContain(
        INVENTORY_PROD,
      );
      // production was synced when the check listed the clusters, then
      // timed out while it read the workloads
      const flaky = await replica(knex, {
        service: {
          listClusters: () => eks.listClusters(),
          getWorkloads: async (id, options) => {
            const { health } = await eks.getWorkloads(id, options);
            return {
              health: {
                ...health,
                workloads: health.workloads.filter(w => w.cluster !== PROD),
              },
              errors: [
                { cluster: PROD, kind: 'timeout', message: 'no answer' },
              ],
              warnings: [],
            };
          },
        },
      });
      clock += MINUTE;
      expect(await flaky.check()).toMatchObject({
        closed: [],
        skipped: [PROD],
      });
      const row = await knex(NOTIFICATION_EVENTS_TABLE)
        .where({ key: INVENTORY_PROD })
        .first();
      expect(row.closed_at).toBeNull();
    });

    it('notifies nothing of an unreachable cluster, not even a workload whose delay ends during the outage', async () => {
      const check = await replica(await databases.init(databaseId));
      await check.check(); // opens inventory-api's and payments-api's events
      await outage(PROD);
      clock += 20 * MINUTE;
      const r = await check.check();
      expect(r.skipped).toEqual([PROD]);
      expect(r.sent).toContain(PAYMENTS_STG);
      expect(sentKeys().some(k => k.startsWith(`eks-degraded@${PROD}:`))).toBe(
        false,
      );
    });

    it("never routes another team's workload to an entity that claims its kubernetes-id", async () => {
      // a Component registered by team-checkout from its own repository,
      // claiming payments-api's workloads
      const claimer = service('payments-api-copy', 'team-checkout', {
        id: 'payments-api',
        origin: OTHER_ORIGIN,
      });
      const check = await replica(await databases.init(databaseId), {
        entities: [...SAMPLE, claimer],
      });
      await check.check();
      clock += 10 * MINUTE;
      await check.check();
      const payments = sent().filter(s => s.key === PAYMENTS_STG);
      expect(payments).toHaveLength(1);
      expect(payments[0].recipients).toEqual(['group:default/team-payments']);
      expect(payments[0].payload.link).toBe(
        '/catalog/default/component/payments-api/workloads',
      );

      // when no claimant comes from the app config, none is notified
      send.mockClear();
      const untrusted = await replica(await databases.init(databaseId), {
        entities: [
          service('payments-api', 'team-payments', { origin: OTHER_ORIGIN }),
          claimer,
        ],
      });
      await untrusted.check();
      clock += 10 * MINUTE;
      expect((await untrusted.check()).sent).toEqual([]);
      expect(send).not.toHaveBeenCalled();
    });

    it('closes the event of a workload whose entity loses its claim', async () => {
      const knex = await databases.init(databaseId);
      await (await replica(knex)).check();
      clock += 10 * MINUTE;
      await (await replica(knex)).check();
      expect(sentKeys()).toContain(PAYMENTS_STG);
      // a second claimant from the app config: neither is served any more
      const contested = await replica(knex, {
        entities: [
          ...SAMPLE,
          service('payments-api-2', 'team-checkout', { id: 'payments-api' }),
        ],
      });
      clock += MINUTE;
      expect((await contested.check()).closed).toEqual([PAYMENTS_STG]);
    });

    it('never notifies workloads in restricted namespaces, nor an entity pinned to one', async () => {
      const check = await replica(await databases.init(databaseId), {
        entities: [
          ...SAMPLE.filter(e => e.metadata.name !== 'payments-api'),
          service('payments-api', 'team-payments', { namespace: 'staging' }),
        ],
        restrictedNamespaces: ['staging'],
      });
      await check.check();
      clock += 10 * MINUTE;
      const r = await check.check();
      expect(r.sent).toContain(INVENTORY_PROD);
      expect(r.sent.filter(k => k.includes(':staging/'))).toEqual([]);
    });
  },
);
