/*
 * Shared by the two halves of the EKS benchmark (eks-ours.test.ts,
 * eks-peer.test.ts). Benchmark (run by bench/eks.sh, not by make test): Runway's EKS backend
 * side by side with the stock @backstage/plugin-kubernetes-backend on the
 * same local API servers, in one run. Writes bench/results/eks.json with the
 * keys the benchmark report defines and prints the figures. Nothing here asserts a time.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { attachLocalCluster, LocalCluster } from '../harness/kube';
import { ROOT } from '../harness/processes';

export const PAGES = 20;
export const WINDOW_MS = Number(process.env.EKS_BENCH_WINDOW_MS ?? 60_000);
export const PEER_CAP_MS = 15_000;
export const OURS_POLL_MS = 15_000; // plugins/eks refresh
export const PEER_POLL_MS = 10_000; // stock Kubernetes tab refresh

export const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};
export const AUTH = {
  authorization: mockCredentials.user.header('user:default/ops'),
};

export type Cluster = {
  name: string;
  url: string;
  caFile?: string;
  token: string;
};

export function baseUrl(server: http.Server) {
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

export async function timed(
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

export function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return (
    Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] * 10) /
    10
  );
}

export const oursWorkloads = (url: string) => () =>
  fetch(`${url}/api/eks/workloads?entity=component:default/payments-api`, {
    headers: AUTH,
  });
export const peerServices = (url: string, capMs?: number) => () =>
  fetch(`${url}/api/kubernetes/services/payments-api`, {
    method: 'POST',
    headers: { ...AUTH, 'content-type': 'application/json' },
    body: JSON.stringify({ entity, auth: {} }),
    signal: capMs ? AbortSignal.timeout(capMs) : undefined,
  });

/** Requests by user `runway` (the read-only token both plugins use) in the audit log since `sinceIso`. */
export function auditCount(c: LocalCluster, since: number, until: number) {
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
export async function pagesOpen(
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

/**
 * Loads a cluster with `nodes` kwok nodes (m5.xlarge, three zones, two node
 * groups) and `pods` pods in namespace `bench`, 100 services, bound round
 * robin to the nodes. Defaults: 300 nodes, 5,000 pods.
 */
export async function populateBigCluster(
  c: LocalCluster,
  size: { nodes: number; pods: number } = { nodes: 300, pods: 5000 },
): Promise<LocalCluster> {
  const zones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
  const post = async (p: string, body: unknown) => {
    const r = await c.request('POST', p, body);
    if (r.status >= 300)
      throw new Error(
        `${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`,
      );
  };
  const nodes = Array.from({ length: size.nodes }, (_, i) => `bench-node-${i}`);
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
  const pods = Array.from({ length: size.pods }, (_, i) => i);
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
        nodeName: nodes[i % size.nodes],
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

/** A cluster bench/eks.sh started: EKS_BENCH_<NAME>=<state dir>|<url>. */
export function benchCluster(env: string, name: string): LocalCluster {
  const value = process.env[env];
  if (!value) throw new Error(`${env} is not set: run bench/eks.sh`);
  const [dir, url] = value.split('|');
  return attachLocalCluster(name, dir, url);
}

/** Writes one half's figures and notes for bench/eks.sh to merge. */
export function writeHalf(
  half: string,
  results: Record<string, number>,
  notes: string[],
) {
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(
    path.join(ROOT, `bench/results/.eks-${half}.json`),
    JSON.stringify({ results, notes }, null, 2),
  );
  // eslint-disable-next-line no-console
  console.log(JSON.stringify(results, null, 2), `\n${notes.join('\n')}`);
}
