import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ClustersResponse, WorkloadsResponse } from '@runway/plugin-eks-common';
import {
  asUser,
  component,
  permissionsByRole,
  USERS,
} from '@runway/test-utils';
import request from 'supertest';
import { deadUrl, startFakeApiserver } from './__testUtils__/fakeApiserver';
import { clusterFixture } from './__testUtils__/fixtures';
import { eksPlugin } from './plugin';

const staging = clusterFixture('eks-staging-euw1');

const OPS = USERS.ops;
const OWNER = USERS.payments; // owns payments-api
const OTHER = USERS.checkout;

const k8s = (name: string) => ({ 'backstage.io/kubernetes-id': name });
const ENTITIES = [
  component('payments-api', 'team-payments', {
    annotations: k8s('payments-api'),
  }),
  component('storefront-web', 'team-checkout', {
    annotations: k8s('storefront-web'),
  }),
  component('no-k8s', 'team-payments'),
];

/** Stands in for Runway's policy: ops read all; owners read their own entity's workloads and logs. */
const permissionsFactory = permissionsByRole(
  ({ user, permission, resourceRef }) =>
    user === OPS ||
    (user === OWNER &&
      permission.startsWith('eks.') &&
      permission !== 'eks.cluster.read' &&
      resourceRef === 'component:default/payments-api'),
);

const as = asUser;

jest.setTimeout(30_000);

describe('eks router', () => {
  let api: Awaited<ReturnType<typeof startFakeApiserver>>;
  let server: any;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    api = await startFakeApiserver(staging);
    const backend = await startTestBackend({
      features: [
        eksPlugin,
        mockServices.rootConfig.factory({
          data: {
            eks: {
              sampleEksData: true,
              requestTimeoutMs: 1000,
              clusters: [
                {
                  name: 'eks-staging-euw1',
                  url: api.url,
                  auth: { type: 'serviceAccount', token: 'test-token' },
                },
                {
                  name: 'eks-dead',
                  url: await deadUrl(),
                  auth: { type: 'serviceAccount', token: 'x' },
                },
              ],
            },
          },
        }),
        permissionsFactory,
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    server = backend.server;
    stop = () => backend.stop();
    // wait until the staging cache is synced
    for (let i = 0; i < 100; i++) {
      const res = await request(server).get('/api/eks/clusters').set(as(OPS));
      if (res.body.clusters?.length) break;
      await new Promise(r => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await stop();
    await api.close();
  });

  it('200: the cluster overview, with the dead cluster as an error (partial results)', async () => {
    const res = await request(server).get('/api/eks/clusters').set(as(OPS));
    expect(res.status).toBe(200);
    const body = res.body as ClustersResponse;
    expect(body.eksSource).toBe('sample');
    expect(body.clusters.map(c => [c.name, c.verdict])).toEqual([
      ['eks-staging-euw1', 'degraded'],
    ]);
    expect(body.clusters[0].problemPods).toBeGreaterThanOrEqual(2);
    expect(body.errors).toEqual([
      expect.objectContaining({
        cluster: 'eks-dead',
        kind: 'unreachable',
        message: expect.stringContaining('unreachable'),
      }),
    ]);
    // the cluster was read with the configured token
    expect(api.requests.every(r => r.auth === 'Bearer test-token')).toBe(true);
  });

  it('200: one cluster with node groups from the sample EKS data source', async () => {
    const res = await request(server)
      .get('/api/eks/clusters/eks-staging-euw1')
      .set(as(OPS));
    expect(res.status).toBe(200);
    expect(
      res.body.cluster.nodeGroups.map((g: any) => [g.name, g.nodes, g.max]),
    ).toEqual([
      ['on-demand', 2, 4],
      ['spot', 2, 4],
    ]);
    expect(res.body.cluster.eks.source).toBe('sample');
  });

  it('200: payments-api workloads for its owner, with the crash loop as the reason', async () => {
    const res = await request(server)
      .get('/api/eks/workloads?entity=component:default/payments-api')
      .set(as(OWNER));
    expect(res.status).toBe(200);
    const body = res.body as WorkloadsResponse;
    expect(body.health.verdict).toBe('degraded');
    expect(body.health.reasons.map(r => r.code)).toContain('CrashLoopBackOff');
    expect(body.canReadLogs).toBe(true);
    expect(body.errors.map(e => e.cluster)).toEqual(['eks-dead']);
  });

  it('page views never LIST: each resource type was listed once', async () => {
    const before = api.lists();
    for (let i = 0; i < 10; i++) {
      await request(server).get('/api/eks/clusters').set(as(OPS)).expect(200);
      await request(server)
        .get('/api/eks/workloads?entity=component:default/payments-api')
        .set(as(OPS))
        .expect(200);
    }
    expect(api.lists()).toBe(before);
    // 11 types; the Argo CRDs this fake does not serve answered 404 once
    expect(before).toBe(11);
  });

  it('picks up watch events without a new LIST', async () => {
    const before = api.lists();
    const pod = JSON.parse(
      JSON.stringify(
        staging.pods.find((p: any) =>
          p.metadata.name.startsWith('storefront-web'),
        ),
      ),
    );
    pod.metadata.name = 'storefront-web-new';
    pod.status.containerStatuses[0].state = {
      waiting: { reason: 'CrashLoopBackOff' },
    };
    pod.status.containerStatuses[0].restartCount = 3;
    api.send('/api/v1/pods', 'ADDED', pod);
    let verdict = '';
    for (let i = 0; i < 50 && verdict !== 'degraded'; i++) {
      const res = await request(server)
        .get('/api/eks/workloads?entity=component:default/storefront-web')
        .set(as(OPS));
      verdict = res.body.health.verdict;
      await new Promise(r => setTimeout(r, 50));
    }
    expect(verdict).toBe('degraded');
    expect(api.lists()).toBe(before);
  });

  it('400: a missing or malformed entity ref, or an entity without kubernetes-id', async () => {
    expect(
      (await request(server).get('/api/eks/workloads').set(as(OPS))).status,
    ).toBe(400);
    expect(
      (
        await request(server)
          .get('/api/eks/workloads?entity=component:default/')
          .set(as(OPS))
      ).status,
    ).toBe(400);
    const res = await request(server)
      .get('/api/eks/workloads?entity=component:default/no-k8s')
      .set(as(OPS));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('backstage.io/kubernetes-id');
  });

  it('403: clusters are for ops; workloads and logs for owners and ops', async () => {
    expect(
      (await request(server).get('/api/eks/clusters').set(as(OWNER))).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .get('/api/eks/clusters/eks-staging-euw1')
          .set(as(OTHER))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .get('/api/eks/workloads?entity=component:default/payments-api')
          .set(as(OTHER))
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .get(
            '/api/eks/logs?entity=component:default/payments-api&cluster=eks-staging-euw1&namespace=staging&pod=x',
          )
          .set(as(OTHER))
      ).status,
    ).toBe(403);
  });

  it('upstream failure: the unreachable cluster is 503 and logs the cluster cannot serve are 503', async () => {
    const res = await request(server)
      .get('/api/eks/clusters/eks-dead')
      .set(as(OPS));
    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain('unreachable');
    const crashing = staging.pods.find(
      (p: any) =>
        p.metadata.annotations?.['runway.io/simulate'] === 'crashloop',
    )!;
    const logs = await request(server)
      .get(
        `/api/eks/logs?entity=component:default/payments-api&cluster=eks-staging-euw1&namespace=staging&pod=${crashing.metadata.name}`,
      )
      .set(as(OWNER));
    expect(logs.status).toBe(503);
    expect(logs.body.error.message).toContain('Logs of');
    expect(
      (await request(server).get('/api/eks/clusters/nope').set(as(OPS))).status,
    ).toBe(404);
  });
});

describe('eks notifications task', () => {
  const notifications = createServiceFactory({
    service: notificationService,
    deps: {},
    factory: () => ({ send: jest.fn() }),
  });

  async function scheduled(config: object) {
    const scheduler = mockServices.scheduler.mock();
    const backend = await startTestBackend({
      features: [
        eksPlugin,
        mockServices.rootConfig.factory({ data: { eks: config } }),
        scheduler.factory,
        notifications,
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    await backend.stop();
    return scheduler.scheduleTask.mock.calls.map(([task]) => task);
  }

  it('is one global task, every eks.notifications.frequencyMinutes, unless disabled', async () => {
    const tasks = await scheduled({ notifications: { frequencyMinutes: 2 } });
    expect(tasks).toEqual([
      expect.objectContaining({
        id: 'eks-notifications',
        scope: 'global',
        frequency: { minutes: 2 },
      }),
    ]);
    // with no cluster, a run has nothing to notify and fails nothing
    await expect(tasks[0].fn(new AbortController().signal)).resolves.toBe(
      undefined,
    );
    expect(await scheduled({ notifications: { enabled: false } })).toEqual([]);
  });
});
