/*
 * Benchmark (run by bench/eks.sh, not by make test): Runway's EKS backend
 * side by side with the stock @backstage/plugin-kubernetes-backend on the
 * same local API servers, in one run. Writes bench/results/eks.json with the
 * keys of issue 8 and prints the figures. Nothing here asserts a time.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eksPlugin from '@runway/plugin-eks-backend';
import { LocalCluster, startLocalCluster } from '../harness/kube';
import { ROOT } from '../harness/processes';

jest.setTimeout(30 * 60_000);

const PAGES = 20;
const WINDOW_MS = Number(process.env.EKS_BENCH_WINDOW_MS ?? 60_000);
const PEER_CAP_MS = 15_000;
const OURS_POLL_MS = 15_000; // plugins/eks refresh
const PEER_POLL_MS = 10_000; // stock Kubernetes tab refresh

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};
const AUTH = { authorization: mockCredentials.user.header('user:default/ops') };

type Cluster = { name: string; url: string; caFile?: string; token: string };

async function ours(clusters: Cluster[]) {
  const backend = await startTestBackend({
    features: [
      eksPlugin,
      mockServices.rootConfig.factory({
        data: {
          eks: {
            sampleEksData: true,
            requestTimeoutMs: 2000,
            clusters: clusters.map(c => ({
              name: c.name,
              url: c.url,
              caFile: c.caFile,
              skipTLSVerify: !c.caFile,
              auth: { type: 'serviceAccount', token: c.token },
            })),
          },
        },
      }),
      catalogServiceMock.factory({ entities: [entity as any] }),
    ],
  });
  return backend;
}

async function peer(clusters: Cluster[]) {
  const stock = (await import('@backstage/plugin-kubernetes-backend')).default;
  return startTestBackend({
    features: [
      stock,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: clusters.map(c => ({
                  name: c.name,
                  url: c.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: c.token,
                  ...(c.caFile
                    ? { caFile: c.caFile }
                    : { skipTLSVerify: true }),
                  skipMetricsLookup: true,
                })),
              },
            ],
          },
        },
      }),
      catalogServiceMock.factory({ entities: [entity as any] }),
    ],
  });
}

function baseUrl(server: http.Server) {
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

async function timed(
  fn: () => Promise<Response>,
  capMs?: number,
): Promise<{ ms: number; ok: boolean; capped: boolean }> {
  const t = performance.now();
  try {
    const res = await fn();
    await res.text();
    return { ms: performance.now() - t, ok: res.ok, capped: false };
  } catch {
    return {
      ms: capMs ?? performance.now() - t,
      ok: false,
      capped: capMs !== undefined,
    };
  }
}

function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return (
    Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] * 10) /
    10
  );
}

const oursWorkloads = (url: string) => () =>
  fetch(`${url}/api/eks/workloads?entity=component:default/payments-api`, {
    headers: AUTH,
  });
const peerServices = (url: string, capMs?: number) => () =>
  fetch(`${url}/api/kubernetes/services/payments-api`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ entity, auth: {} }),
    signal: capMs ? AbortSignal.timeout(capMs) : undefined,
  });

/** Requests by user `runway` (the read-only token both plugins use) in the audit log since `sinceIso`. */
function auditCount(c: LocalCluster, since: number, until: number) {
  const lines = fs
    .readFileSync(path.join(c.dir, 'audit.log'), 'utf8')
    .split('\n');
  let n = 0;
  const verbs: Record<string, number> = {};
  for (const l of lines) {
    if (!l) continue;
    const e = JSON.parse(l);
    if (e.user?.username !== 'runway') continue;
    const t = Date.parse(e.requestReceivedTimestamp);
    if (t < since || t > until) continue;
    n++;
    verbs[e.verb] = (verbs[e.verb] ?? 0) + 1;
  }
  return { n, verbs };
}

/** 20 pages polling for WINDOW_MS; returns requests/min the apiserver received from the plugin. */
async function pagesOpen(
  c: LocalCluster,
  poll: () => Promise<Response>,
  everyMs: number,
) {
  const since = Date.now();
  const stopAt = since + WINDOW_MS;
  await Promise.all(
    Array.from({ length: PAGES }, async (_, i) => {
      await new Promise(r => setTimeout(r, (i * everyMs) / PAGES)); // pages opened at different times
      while (Date.now() < stopAt) {
        await (await poll()).text();
        await new Promise(r =>
          setTimeout(r, Math.min(everyMs, Math.max(0, stopAt - Date.now()))),
        );
      }
    }),
  );
  await new Promise(r => setTimeout(r, 1500)); // audit log flush
  const { n, verbs } = auditCount(c, since, stopAt);
  return { perMin: Math.round((n * 60_000) / WINDOW_MS), verbs };
}

async function bigCluster(): Promise<LocalCluster> {
  const c = await startLocalCluster('bench-5000-pods', { fixtures: false });
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  const post = async (p: string, body: unknown) => {
    const r = await c.request('POST', p, body);
    if (r.status >= 300)
      throw new Error(
        `${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`,
      );
  };
  const nodes = Array.from({ length: 300 }, (_, i) => `bench-node-${i}`);
  const pool = async <T>(
    items: T[],
    n: number,
    fn: (x: T) => Promise<void>,
  ) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: n }, async () => {
        while (next < items.length) await fn(items[next++]);
      }),
    );
  };
  await pool(nodes, 16, name =>
    post('/api/v1/nodes', {
      metadata: {
        name,
        annotations: { 'kwok.x-k8s.io/node': 'fake' },
        labels: {
          'eks.amazonaws.com/nodegroup':
            Number(name.split('-')[2]) % 2 ? 'spot' : 'on-demand',
          'node.kubernetes.io/instance-type': 'm5.xlarge',
          'topology.kubernetes.io/zone': zones[Number(name.split('-')[2]) % 3],
        },
      },
      status: {
        allocatable: { cpu: '3920m', memory: '15Gi', pods: '58' },
        capacity: { cpu: '4', memory: '16Gi', pods: '58' },
      },
    }),
  );
  await c.request('POST', '/api/v1/namespaces', {
    metadata: { name: 'bench' },
  });
  const pods = Array.from({ length: 5000 }, (_, i) => i);
  await pool(pods, 24, i =>
    post('/api/v1/namespaces/bench/pods', {
      metadata: {
        name: `svc-${i % 100}-${i}`,
        labels: {
          'app.kubernetes.io/name': `svc-${i % 100}`,
          'backstage.io/kubernetes-id': `svc-${i % 100}`,
        },
      },
      spec: {
        nodeName: nodes[i % 300],
        containers: [
          {
            name: 'app',
            image: 'bench:1',
            resources: { requests: { cpu: '100m', memory: '128Mi' } },
          },
        ],
      },
    }),
  );
  return c;
}

test('eks benchmark', async () => {
  const results: Record<string, number> = {};
  const notes: string[] = [];
  const staging = await startLocalCluster('eks-staging-euw1', { audit: true });
  const blackHole = net.createServer(() => {});
  await new Promise<void>(r => blackHole.listen(0, '127.0.0.1', () => r()));
  const dead: Cluster = {
    name: 'dead',
    url: `https://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`,
    token: 'x',
  };
  const live = (name: string): Cluster => ({
    name,
    url: staging.url,
    caFile: staging.caFile,
    token: staging.readerToken,
  });
  const stops: (() => Promise<void>)[] = [
    async () => void blackHole.close(),
    () => staging.stop(),
  ];
  try {
    // --- 20 entity pages open, 1 cluster --------------------------------
    const o1 = await ours([live('eks-staging-euw1')]);
    stops.push(() => o1.stop());
    const o1url = baseUrl(o1.server);
    for (let i = 0; i < 100; i++) {
      const r = await (await oursWorkloads(o1url)()).json();
      if (r.health?.workloads?.length) break;
      await new Promise(res => setTimeout(res, 200));
    }
    const oursPages = await pagesOpen(
      staging,
      oursWorkloads(o1url),
      OURS_POLL_MS,
    );
    results.apiserver_requests_per_min_20_pages = oursPages.perMin;
    const oursLat: number[] = [];
    for (let i = 0; i < 200; i++)
      oursLat.push((await timed(oursWorkloads(o1url))).ms);
    results.workloads_p95_ms = p95(oursLat);
    await o1.stop();
    stops.pop();

    const p1 = await peer([live('eks-staging-euw1')]);
    stops.push(() => p1.stop());
    const p1url = baseUrl(p1.server);
    const peerPages = await pagesOpen(
      staging,
      peerServices(p1url),
      PEER_POLL_MS,
    );
    results.peer_apiserver_requests_per_min_20_pages = peerPages.perMin;
    const peerLat: number[] = [];
    for (let i = 0; i < 100; i++)
      peerLat.push((await timed(peerServices(p1url))).ms);
    results.peer_workloads_p95_ms = p95(peerLat);
    await p1.stop();
    stops.pop();
    notes.push(
      `apiserver requests by verb in the window: ours ${JSON.stringify(
        oursPages.verbs,
      )}, peer ${JSON.stringify(peerPages.verbs)}`,
    );

    // --- one of five clusters black-holed ------------------------------
    const five = [live('c1'), live('c2'), live('c3'), live('c4'), dead];
    const o5 = await ours(five);
    stops.push(() => o5.stop());
    const o5url = baseUrl(o5.server);
    for (let i = 0; i < 100; i++) {
      const r = await (await oursWorkloads(o5url)()).json();
      if (r.health?.workloads?.length === 4) break;
      await new Promise(res => setTimeout(res, 200));
    }
    const o5lat: number[] = [];
    let partial = true;
    for (let i = 0; i < 100; i++) {
      o5lat.push((await timed(oursWorkloads(o5url))).ms);
    }
    const last = await (await oursWorkloads(o5url)()).json();
    partial =
      last.health.workloads.length === 4 &&
      last.errors.length === 1 &&
      last.errors[0].cluster === 'dead';
    results.one_dead_of_5_p95_ms = p95(o5lat);
    notes.push(
      `ours with one dead of five: ${
        last.health.workloads.length
      } workloads answered, errors ${JSON.stringify(
        last.errors.map((e: any) => [e.cluster, e.kind]),
      )} (partial results: ${partial})`,
    );
    await o5.stop();
    stops.pop();

    const p5 = await peer(five);
    stops.push(() => p5.stop());
    const p5lat: { ms: number; capped: boolean }[] = [];
    for (let i = 0; i < 5; i++)
      p5lat.push(
        await timed(peerServices(baseUrl(p5.server), PEER_CAP_MS), PEER_CAP_MS),
      );
    results.peer_one_dead_of_5_p95_ms = p95(p5lat.map(x => x.ms));
    notes.push(
      `peer with one dead of five: ${
        p5lat.filter(x => x.capped).length
      }/5 requests hit the ${PEER_CAP_MS} ms cap (reported as the cap)`,
    );
    await p5.stop();
    stops.pop();

    // --- overview of 5,000 pods on 300 kwok nodes -----------------------
    const big = await bigCluster();
    stops.push(() => big.stop());
    const ob = await ours([
      {
        name: 'bench-5000-pods',
        url: big.url,
        caFile: big.caFile,
        token: big.adminToken,
      },
    ]);
    stops.push(() => ob.stop());
    const oburl = baseUrl(ob.server);
    let pods = 0;
    for (let i = 0; i < 300 && pods < 5000; i++) {
      const r = await (
        await fetch(`${oburl}/api/eks/clusters/bench-5000-pods`, {
          headers: AUTH,
        })
      ).json();
      pods = Object.values(
        (r.cluster?.podsByPhase ?? {}) as Record<string, number>,
      ).reduce((a, b) => a + b, 0);
      if (pods < 5000) await new Promise(res => setTimeout(res, 500));
    }
    const overview: number[] = [];
    for (let i = 0; i < 200; i++) {
      overview.push(
        (
          await timed(() =>
            fetch(`${oburl}/api/eks/clusters/bench-5000-pods`, {
              headers: AUTH,
            }),
          )
        ).ms,
      );
    }
    results.overview_p95_ms_5000_pods = p95(overview);
    notes.push(
      `overview: ${pods} pods in the cache, 300 nodes; p50 ${p95(
        overview
          .slice()
          .sort((a, b) => a - b)
          .slice(0, 100),
      )} ms`,
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  }
  const ordered = {
    apiserver_requests_per_min_20_pages:
      results.apiserver_requests_per_min_20_pages,
    peer_apiserver_requests_per_min_20_pages:
      results.peer_apiserver_requests_per_min_20_pages,
    overview_p95_ms_5000_pods: results.overview_p95_ms_5000_pods,
    workloads_p95_ms: results.workloads_p95_ms,
    peer_workloads_p95_ms: results.peer_workloads_p95_ms,
    one_dead_of_5_p95_ms: results.one_dead_of_5_p95_ms,
    peer_one_dead_of_5_p95_ms: results.peer_one_dead_of_5_p95_ms,
  };
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, 'bench/results/eks.json'),
    `${JSON.stringify(ordered, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(ROOT, 'bench/results/eks-notes.txt'),
    `${notes.join('\n')}\n`,
  );
  // eslint-disable-next-line no-console
  console.log(JSON.stringify(ordered, null, 2), `\n${notes.join('\n')}`);
});
