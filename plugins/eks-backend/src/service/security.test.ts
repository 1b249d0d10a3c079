/*
 * Issue 15, path 1b: an annotation never widens what a user may read. A
 * developer who registers an entity claiming `backstage.io/kubernetes-id:
 * runway`, or a kube-system workload, must not see those pods or logs.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { WorkloadsResponse } from '@runway/plugin-eks-common';
import {
  asUser,
  component,
  permissionsByRole,
  USERS,
} from '@runway/test-utils';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startFakeApiserver } from '../__testUtils__/fakeApiserver';
import { eksPlugin } from '../plugin';

const staging: any = JSON.parse(
  fs.readFileSync(
    path.join(
      path.dirname(require.resolve('@runway/plugin-eks-common/package.json')),
      'src/__fixtures__/eks-staging-euw1.json',
    ),
    'utf8',
  ),
);

/** payments-api's objects copied into another namespace under another name. */
function copyOf(name: string, namespace: string, idLabel: boolean) {
  const pick = (items: any[]) =>
    items.filter(o => JSON.stringify(o.metadata).includes('payments-api'));
  const copy = (items: any[]) =>
    JSON.parse(
      JSON.stringify(pick(items))
        .replaceAll('payments-api', name)
        .replaceAll('"namespace":"staging"', `"namespace":"${namespace}"`),
    ).map((o: any) => {
      if (!idLabel) {
        delete o.metadata.labels?.['backstage.io/kubernetes-id'];
        delete o.spec?.template?.metadata?.labels?.[
          'backstage.io/kubernetes-id'
        ];
        delete o.spec?.selector?.matchLabels?.['backstage.io/kubernetes-id'];
      }
      return o;
    });
  return {
    deployments: copy(staging.deployments),
    replicaSets: copy(staging.replicaSets),
    pods: copy(staging.pods),
  };
}
const runway = copyOf('runway', 'runway', true);
// kube-system workloads carry only app.kubernetes.io/name (the fallback label)
const coredns = copyOf('coredns', 'kube-system', false);
const snapshot = {
  ...staging,
  deployments: [
    ...staging.deployments,
    ...runway.deployments,
    ...coredns.deployments,
  ],
  replicaSets: [
    ...staging.replicaSets,
    ...runway.replicaSets,
    ...coredns.replicaSets,
  ],
  pods: [...staging.pods, ...runway.pods, ...coredns.pods],
};

const CONFIG_LOCATION = path.resolve('catalog-info.yaml');
const origin = (location: string) => ({
  'backstage.io/managed-by-origin-location': location,
});
const USER_REPO =
  'url:https://github.com/acme/evil/blob/main/catalog-info.yaml';
const ENTITIES = [
  // Runway itself, from a location the app config lists
  component('runway', 'team-platform', {
    annotations: {
      'backstage.io/kubernetes-id': 'runway',
      ...origin(`file:${CONFIG_LOCATION}`),
    },
  }),
  // registered by a developer of team-payments
  component('totally-payments', 'team-payments', {
    annotations: {
      'backstage.io/kubernetes-id': 'runway',
      ...origin(USER_REPO),
    },
  }),
  component('dns-helper', 'team-payments', {
    annotations: {
      'backstage.io/kubernetes-id': 'coredns',
      ...origin(USER_REPO),
    },
  }),
  component('dns-pinned', 'team-payments', {
    annotations: {
      'backstage.io/kubernetes-id': 'kube-proxy',
      'backstage.io/kubernetes-namespace': 'kube-system',
      ...origin(USER_REPO),
    },
  }),
  component('payments-api', 'team-payments', {
    annotations: {
      'backstage.io/kubernetes-id': 'payments-api',
      ...origin(USER_REPO),
    },
  }),
];

const OPS = USERS.ops;
const DEV = USERS.payments;
const OWNED = [
  'totally-payments',
  'dns-helper',
  'dns-pinned',
  'payments-api',
].map(n => `component:default/${n}`);

/** Runway's policy as rules.ts would have it: ops read all, owners their entities; restricted namespaces for ops only. */
const permissionsFactory = permissionsByRole(
  ({ user, permission, resourceRef }) =>
    user === OPS ||
    (user === DEV &&
      ['eks.workload.read', 'eks.logs.read'].includes(permission) &&
      OWNED.includes(resourceRef ?? '')),
);

jest.setTimeout(30_000);

describe('an annotation never widens what a user may read', () => {
  let api: Awaited<ReturnType<typeof startFakeApiserver>>;
  let server: any;
  let stop: () => Promise<void>;
  const workloads = (entity: string, user: string) =>
    request(server)
      .get(`/api/eks/workloads?entity=component:default/${entity}`)
      .set(asUser(user));
  const logs = (entity: string, user: string, namespace: string, pod: string) =>
    request(server)
      .get(
        `/api/eks/logs?entity=component:default/${entity}&cluster=stg&namespace=${namespace}&pod=${pod}`,
      )
      .set(asUser(user));

  beforeAll(async () => {
    api = await startFakeApiserver(snapshot);
    const backend = await startTestBackend({
      features: [
        eksPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              locations: [{ type: 'file', target: 'catalog-info.yaml' }],
            },
            eks: {
              clusters: [
                {
                  name: 'stg',
                  url: api.url,
                  auth: { type: 'serviceAccount', token: 't' },
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
      const res = await request(server)
        .get('/api/eks/clusters')
        .set(asUser(OPS));
      if (res.body.clusters?.length) break;
      await new Promise(r => setTimeout(r, 100));
    }
  });

  afterAll(async () => {
    await stop();
    await api.close();
  });

  it("409: a developer's entity claiming kubernetes-id runway, naming the conflict", async () => {
    const res = await workloads('totally-payments', DEV);
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe(
      "backstage.io/kubernetes-id 'runway' is claimed by component:default/runway, component:default/totally-payments: only component:default/runway, registered from the app config's catalog.locations, is served its workloads",
    );
    const log = await logs(
      'totally-payments',
      DEV,
      'runway',
      runway.pods[0].metadata.name,
    );
    expect(log.status).toBe(409);
  });

  it('403 or nothing: a developer-owned entity claiming a kube-system workload', async () => {
    const res = await workloads('dns-helper', DEV);
    expect(res.status).toBe(200);
    const body = res.body as WorkloadsResponse;
    expect(body.health.workloads).toEqual([]);
    const pinned = await workloads('dns-pinned', DEV);
    expect(pinned.status).toBe(403);
    expect(pinned.body.error.message).toContain(
      'Namespace kube-system is restricted',
    );
    const log = await logs(
      'dns-helper',
      DEV,
      'kube-system',
      coredns.pods[0].metadata.name,
    );
    expect(log.status).toBe(403);
    expect(log.body.error.message).toContain(
      'Namespace kube-system is restricted (eks.restrictedNamespaces)',
    );
  });

  it("legitimate owners are still served: the developer's payments-api, ops on Runway and kube-system", async () => {
    const own = await workloads('payments-api', DEV);
    expect(own.status).toBe(200);
    expect(
      (own.body as WorkloadsResponse).health.workloads.map(w => w.namespace),
    ).toEqual(['staging']);
    const ops = await workloads('runway', OPS);
    expect(ops.status).toBe(200);
    expect(
      (ops.body as WorkloadsResponse).health.workloads.map(w => w.namespace),
    ).toEqual(['runway']);
    const dns = await workloads('dns-helper', OPS);
    expect(
      (dns.body as WorkloadsResponse).health.workloads.map(w => w.namespace),
    ).toEqual(['kube-system']);
    // past every check: the fake apiserver has no kubelet, so logs are 503
    const log = await logs(
      'dns-helper',
      OPS,
      'kube-system',
      coredns.pods[0].metadata.name,
    );
    expect(log.status).toBe(503);
  });

  it("409 for ops too on the impostor: only Runway's own entity is served kubernetes-id runway", async () => {
    const res = await workloads('totally-payments', OPS);
    expect(res.status).toBe(409);
  });
});
