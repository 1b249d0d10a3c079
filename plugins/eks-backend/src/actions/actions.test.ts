/*
 * The actions answer what the routes answer, for the same caller, and refuse
 * what the routes refuse: both are run in one backend against the staging
 * snapshot, the actions through a mock actions registry.
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ClusterResponse,
  ClustersResponse,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';
import {
  asUser,
  component,
  permissionsByRole,
  USERS,
} from '@runway/test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { deadUrl, startFakeApiserver } from '../__testUtils__/fakeApiserver';
import { eksPlugin } from '../plugin';
import { ClusterOverviewOutput } from './clusterSummaries';
import { ServiceHealthOutput } from './summaries';

const staging: any = JSON.parse(
  fs.readFileSync(
    path.join(
      path.dirname(require.resolve('@runway/plugin-eks-common/package.json')),
      'src/__fixtures__/eks-staging-euw1.json',
    ),
    'utf8',
  ),
);

const OPS = USERS.ops;
const DEV = USERS.payments; // owns payments-api and kube-proxy-helper
const OTHER = USERS.checkout;
const k8s = (id: string, namespace?: string) => ({
  'backstage.io/kubernetes-id': id,
  ...(namespace && { 'backstage.io/kubernetes-namespace': namespace }),
});
const ENTITIES = [
  component('payments-api', 'team-payments', {
    annotations: k8s('payments-api'),
  }),
  component('kube-proxy-helper', 'team-payments', {
    annotations: k8s('kube-proxy', 'kube-system'),
  }),
  component('no-k8s', 'team-payments'),
  // two entities claiming one kubernetes-id, neither from the app config
  component('billing-a', 'team-payments', {
    annotations: k8s('billing-worker'),
  }),
  component('billing-b', 'team-payments', {
    annotations: k8s('billing-worker'),
  }),
];
const OWNED = ['payments-api', 'kube-proxy-helper', 'no-k8s', 'billing-a'].map(
  n => `component:default/${n}`,
);

/** Runway's policy, as in the router's tests: ops read all; owners their entities' workloads and logs. */
const permissionsFactory = permissionsByRole(
  ({ user, permission, resourceRef }) =>
    user === OPS ||
    (user === DEV &&
      ['eks.workload.read', 'eks.logs.read'].includes(permission) &&
      OWNED.includes(resourceRef ?? '')),
);

jest.setTimeout(30_000);

describe('eks actions', () => {
  const actions = actionsRegistryServiceMock();
  let api: Awaited<ReturnType<typeof startFakeApiserver>>;
  let server: any;
  let stop: () => Promise<void>;

  const invoke = async (name: string, user: string | undefined, input: any) =>
    (
      await actions.invoke({
        id: `test:${name}`,
        input,
        credentials: user ? mockCredentials.user(user) : mockCredentials.none(),
      })
    ).output as any;
  const get = (url: string, user?: string) => {
    const req = request(server).get(`/api/eks${url}`);
    return req.set(
      user ? asUser(user) : { Authorization: mockCredentials.none.header() },
    );
  };
  /** The error an action threw, as the route's error body names it. */
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('the action answered');
      },
      (e: Error) => ({ name: e.name, message: e.message }),
    );
  const routeError = async (url: string, user?: string) => {
    const res = await get(url, user);
    return {
      status: res.status,
      error: { name: res.body.error.name, message: res.body.error.message },
    };
  };

  beforeAll(async () => {
    api = await startFakeApiserver(staging);
    const backend = await startTestBackend({
      features: [
        eksPlugin,
        createServiceFactory({
          service: actionsRegistryServiceRef,
          deps: {},
          factory: () => actions,
        }),
        mockServices.rootConfig.factory({
          data: {
            eks: {
              sampleEksData: true,
              requestTimeoutMs: 1000,
              clusters: [
                {
                  name: 'eks-staging-euw1',
                  url: api.url,
                  auth: { type: 'serviceAccount', token: 't' },
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
    for (let i = 0; i < 100; i++) {
      const res = await get('/clusters', OPS);
      if (res.body.clusters?.length) break;
      await new Promise(r => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await stop();
    await api.close();
  });

  it('registers service-health and cluster-overview, read-only, every input described', async () => {
    const { actions: listed } = await actions.list();
    expect(listed.map(a => [a.name, a.attributes])).toEqual([
      [
        'service-health',
        { readOnly: true, idempotent: true, destructive: false },
      ],
      [
        'cluster-overview',
        { readOnly: true, idempotent: true, destructive: false },
      ],
    ]);
    for (const action of listed) {
      const properties = (action.schema.input as any).properties;
      for (const field of Object.values<any>(properties)) {
        expect(field.description).toEqual(expect.any(String));
      }
    }
  });

  describe('service-health', () => {
    it('answers the owner what GET /workloads answers, with the crash loop in words', async () => {
      const route = (
        await get('/workloads?entity=component:default/payments-api', DEV)
      ).body as WorkloadsResponse;
      // the namespace defaults to default, as in the route
      const output: ServiceHealthOutput = await invoke('service-health', DEV, {
        entityRef: 'component:payments-api',
      });
      expect(output.entityRef).toBe(route.entityRef);
      expect(output.kubernetesId).toBe(route.health.id);
      expect(output.verdict).toBe(route.health.verdict);
      expect(output.verdict).toBe('degraded');
      expect(output.reasons).toEqual(route.health.reasons);
      expect(output.errors).toEqual(route.errors);
      expect(output.canReadLogs).toBe(route.canReadLogs);
      expect(output.workloads).toHaveLength(route.health.workloads.length);
      route.health.workloads.forEach((w, i) => {
        const o = output.workloads[i];
        expect([o.cluster, o.namespace, o.verdict]).toEqual([
          w.cluster,
          w.namespace,
          w.verdict,
        ]);
        expect(o.reasons).toEqual(w.reasons);
        expect(o.checklist).toEqual(w.checklist);
        expect(o.rollouts).toEqual(
          w.deployments.map(({ namespace: _, ...d }) => d),
        );
        expect(o.pods.total).toBe(w.pods.length);
        expect(o.pods.ready).toBe(w.pods.filter(p => p.ready).length);
        expect(o.pods.problems.map(p => [p.name, p.reason])).toEqual(
          w.pods.filter(p => p.problem).map(p => [p.name, p.problem!.reason]),
        );
      });
      expect(output.summary).toContain(
        'component:default/payments-api is degraded',
      );
      const crash = route.health.reasons.find(
        r => r.code === 'CrashLoopBackOff',
      )!;
      expect(output.summary).toContain(crash.message);
      expect(output.summary).toContain('eks-dead (unreachable)');
    });

    it('refuses what the route refuses, with the same error', async () => {
      const cases: [string, string | undefined, number][] = [
        // another team's entity: eks.workload.read is denied
        ['component:default/payments-api', OTHER, 403],
        // an entity pinned to a restricted namespace, for its own owner
        ['component:default/kube-proxy-helper', DEV, 403],
        // an entity the catalog does not give the caller
        ['component:default/nowhere', OPS, 404],
        // a kubernetes-id claimed twice
        ['component:default/billing-a', DEV, 409],
        // no kubernetes-id, a ref without a kind
        ['component:default/no-k8s', DEV, 400],
        ['payments-api', DEV, 400],
        // anonymous
        ['component:default/payments-api', undefined, 401],
      ];
      for (const [entityRef, user, status] of cases) {
        const route = await routeError(
          `/workloads?entity=${encodeURIComponent(entityRef)}`,
          user,
        );
        expect([entityRef, route.status]).toEqual([entityRef, status]);
        const action = await refusal(
          invoke('service-health', user, { entityRef }),
        );
        expect([entityRef, action]).toEqual([entityRef, route.error]);
      }
      const pinned = await refusal(
        invoke('service-health', DEV, {
          entityRef: 'component:default/kube-proxy-helper',
        }),
      );
      expect(pinned.message).toContain('Namespace kube-system is restricted');
    });

    it('ops may read through the entity the restricted namespace its owner is refused', async () => {
      const output: ServiceHealthOutput = await invoke('service-health', OPS, {
        entityRef: 'component:default/kube-proxy-helper',
      });
      const route = (
        await get('/workloads?entity=component:default/kube-proxy-helper', OPS)
      ).body as WorkloadsResponse;
      expect(output.verdict).toBe(route.health.verdict);
      expect(output.workloads.length).toBe(route.health.workloads.length);
      expect(output.summary).toMatch(
        /^No workloads of component:default\/kube-proxy-helper/,
      );
    });
  });

  describe('cluster-overview', () => {
    it('lists every cluster with its verdict, as GET /clusters does', async () => {
      const route = (await get('/clusters', OPS)).body as ClustersResponse;
      const output: ClusterOverviewOutput = await invoke(
        'cluster-overview',
        OPS,
        {},
      );
      expect(output.cluster).toBeUndefined();
      expect(
        output.clusters!.map(c => [
          c.name,
          c.verdict,
          c.reasons,
          c.problemPods,
        ]),
      ).toEqual(
        route.clusters.map(c => [c.name, c.verdict, c.reasons, c.problemPods]),
      );
      expect(output.errors).toEqual(route.errors);
      expect(output.eksSource).toBe(route.eksSource);
      expect(output.summary).toContain('eks-staging-euw1 (degraded: ');
      expect(output.summary).toContain('eks-dead (unreachable)');
    });

    it("gives one cluster's problems, as GET /clusters/:name does", async () => {
      const { cluster } = (await get('/clusters/eks-staging-euw1', OPS))
        .body as ClusterResponse;
      const output: ClusterOverviewOutput = await invoke(
        'cluster-overview',
        OPS,
        { name: 'eks-staging-euw1' },
      );
      const c = output.cluster!;
      expect([c.name, c.verdict, c.reasons]).toEqual([
        cluster.name,
        cluster.verdict,
        cluster.reasons,
      ]);
      expect(c.nodes).toEqual({
        total: cluster.nodes.total,
        ready: cluster.nodes.ready,
        notReady: cluster.nodes.notReady,
      });
      expect(c.problemPods.map(p => [p.namespace, p.name, p.reason])).toEqual(
        cluster.problemPods.map(p => [p.namespace, p.name, p.reason]),
      );
      expect(c.problemPods.length).toBeGreaterThanOrEqual(2);
      expect(c.warningEventCount).toBe(cluster.warningEvents.length);
      expect(c.warningEvents).toEqual(cluster.warningEvents.slice(0, 20));
      expect(c.hpasAtMax.map(h => h.name)).toEqual(
        cluster.hpasAtMax.map(h => h.name),
      );
      expect(c.nodeGroupsAtMax.map(g => g.name)).toEqual(
        cluster.nodeGroups.filter(g => g.atMax).map(g => g.name),
      );
      expect(c.unavailableDeployments).toEqual(cluster.unavailableDeployments);
      expect(output.clusters).toBeUndefined();
      expect(output.summary).toMatch(/^eks-staging-euw1 is degraded/);
    });

    it('refuses what the routes refuse, with the same error', async () => {
      const cases: [string | undefined, string | undefined, number][] = [
        // clusters are for ops
        [undefined, DEV, 403],
        ['eks-staging-euw1', DEV, 403],
        // the permission is checked before the name, as in the route
        ['Not_A_Name', DEV, 403],
        ['Not_A_Name', OPS, 400],
        ['nope', OPS, 404],
        // the unreachable cluster is an upstream fault
        ['eks-dead', OPS, 503],
        [undefined, undefined, 401],
      ];
      for (const [name, user, status] of cases) {
        const route = await routeError(
          name === undefined ? '/clusters' : `/clusters/${name}`,
          user,
        );
        expect([name, route.status]).toEqual([name, status]);
        const action = await refusal(
          invoke('cluster-overview', user, name === undefined ? {} : { name }),
        );
        expect([name, action]).toEqual([name, route.error]);
      }
    });
  });
});
