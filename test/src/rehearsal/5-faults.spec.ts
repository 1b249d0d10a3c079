/**
 * Faults on the production rehearsal: each dependency goes away under the
 * running replicas and comes back. While it is away, every plugin still
 * answers (a partial answer, or a clear 503 on the plugins that need it),
 * no request hangs, and the other plugins answer 200; once it is back,
 * everything works again without restarting a replica, and no data is
 * lost. The faults go through the environment owner's fault control
 * (faults.ts): Redis stopped, PostgreSQL stopped and started again, AWS
 * (moto) unreachable, one cluster's kube-apiserver frozen, Prometheus
 * stopped. Last of the suite (it disturbs the environment); every test
 * restores what it broke. Every wait polls a condition with a generous
 * bound; nothing depends on how long a step takes.
 */
import fs from 'node:fs';
import net from 'node:net';
import { expect, test } from '@playwright/test';
import { tokenFor } from './api';
import { fault } from './faults';
import { costAndUsage, MAIN_ACCOUNT } from './seedAws';
import { rehearsalState } from './state';

/** The login that reads every route (ops). */
const OPS = 'alice.ops';

/** One read route of each plugin (two for the ones a fault targets). */
const READS: { plugin: string; route: string }[] = [
  { plugin: 'catalog', route: '/api/catalog/entities/by-query?limit=20' },
  { plugin: 'search', route: '/api/search/query?term=checkout' },
  { plugin: 'slo', route: '/api/slo/slos' },
  { plugin: 'slo', route: '/api/slo/entity/component/default/checkout-api' },
  { plugin: 'eks', route: '/api/eks/clusters' },
  {
    plugin: 'eks',
    route: '/api/eks/workloads?entity=component:default/payments-api',
  },
  { plugin: 'aws-cost', route: '/api/aws-cost/status' },
  { plugin: 'aws-cost', route: '/api/aws-cost/summary' },
  {
    plugin: 'aws-cost',
    route: '/api/aws-cost/entity/component/default/checkout-api',
  },
  { plugin: 'decisions', route: '/api/decisions/adrs' },
  { plugin: 'scaffolder', route: '/api/scaffolder/v2/tasks' },
  {
    plugin: 'techdocs',
    route: '/api/techdocs/metadata/entity/default/component/runway',
  },
];

/** How long a request may take before it counts as hung (status 0). */
const HANG_MS = 20_000;

type Answer = { status: number; body: any };

/** GET `route` of `base` as ops; a request that does not answer in HANG_MS is status 0. */
async function read(base: string, route: string): Promise<Answer> {
  try {
    const res = await fetch(`${base}${route}`, {
      headers: { authorization: `Bearer ${await tokenFor(OPS)}` },
      signal: AbortSignal.timeout(HANG_MS),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      return { status: res.status, body: text };
    }
  } catch (error) {
    return { status: 0, body: String(error) };
  }
}

/** The load balancer and each replica directly: what any user may reach. */
function bases(): string[] {
  const state = rehearsalState();
  return [state.url, ...state.replicas.map(r => r.url)];
}

/** `<status> <plugin> <route> @<base>` for every read of `plugins` on every base. */
async function statuses(plugins?: (plugin: string) => boolean) {
  const out: string[] = [];
  for (const base of bases()) {
    for (const r of READS.filter(x => !plugins || plugins(x.plugin))) {
      const { status } = await read(base, r.route);
      out.push(`${status} ${r.plugin} ${r.route} @${base}`);
    }
  }
  return out;
}

/** The answers that are not 200. */
const not200 = (answers: string[]) =>
  answers.filter(a => !a.startsWith('200 '));

/** Polls until every read of `plugins` answers 200 on every base. */
async function expectAll200(
  plugins?: (plugin: string) => boolean,
  timeout = 120_000,
) {
  await expect
    .poll(async () => not200(await statuses(plugins)), {
      timeout,
      intervals: [2000],
    })
    .toEqual([]);
}

/** Both replicas still run as the processes the environment started. */
function expectReplicasNotRestarted() {
  for (const replica of rehearsalState().replicas) {
    expect(() => process.kill(replica.pid, 0)).not.toThrow();
  }
}

/** What the replicas logged since `offsets` (byte offsets per log file). */
function logsSince(offsets: Map<string, number>): string {
  return rehearsalState()
    .replicas.map(r =>
      fs.readFileSync(r.logFile).subarray(offsets.get(r.logFile)).toString(),
    )
    .join('\n');
}

function logOffsets(): Map<string, number> {
  return new Map(
    rehearsalState().replicas.map(r => [
      r.logFile,
      fs.statSync(r.logFile).size,
    ]),
  );
}

/** One command to Redis (RESP inline), its one-line answer. */
async function redisCommand(port: number, command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('redis timeout')));
    socket.on('error', reject);
    socket.on('data', chunk => {
      data += chunk;
      if (data.endsWith('\r\n')) {
        socket.end();
        resolve(data.trim());
      }
    });
    socket.write(`${command}\r\n`);
  });
}

/** What must survive every fault: counts and sums of each plugin's stored data. */
async function storedData() {
  const lb = rehearsalState().url;
  const [catalog, adrs, summary, breakdown, clusters] = await Promise.all([
    read(lb, '/api/catalog/entities/by-query?limit=1'),
    read(lb, '/api/decisions/adrs'),
    read(lb, '/api/aws-cost/summary'),
    read(lb, '/api/aws-cost/breakdown?dimension=service'),
    read(lb, '/api/eks/clusters'),
  ]);
  for (const a of [catalog, adrs, summary, breakdown, clusters]) {
    expect(a.status).toBe(200);
  }
  // cost answers without their sync status (a sync attempt changes it)
  const withoutStatus = ({ status: _status, ...rest }: any) => rest;
  return {
    catalogEntities: catalog.body.totalItems,
    adrs: adrs.body.items.length,
    costSummary: withoutStatus(summary.body),
    costBreakdown: withoutStatus(breakdown.body),
    clusters: clusters.body.clusters.map((c: { name: string }) => c.name),
    eksSource: clusters.body.eksSource,
  };
}

/** Triggers a scheduled task (again while it runs: 409 until it is idle). */
async function trigger(plugin: string, task: string) {
  await expect
    .poll(
      async () =>
        (
          await fetch(
            `${
              rehearsalState().url
            }/api/${plugin}/.backstage/scheduler/v1/tasks/${task}/trigger`,
            {
              method: 'POST',
              headers: { authorization: `Bearer ${await tokenFor(OPS)}` },
            },
          )
        ).status,
      { timeout: 120_000, intervals: [2000] },
    )
    .toBe(200);
}

/** A task's state as the scheduler reports it. */
async function taskState(plugin: string, task: string) {
  const { body } = await read(
    rehearsalState().url,
    `/api/${plugin}/.backstage/scheduler/v1/tasks`,
  );
  return body.tasks.find((t: { taskId: string }) => t.taskId === task)
    ?.taskState as
    | { status: string; lastRunEndedAt?: string; lastRunError?: string }
    | undefined;
}

/** The Cost Explorer source rows of the sync status (one per account). */
async function costExplorerSources() {
  const { body } = await read(rehearsalState().url, '/api/aws-cost/status');
  return (
    body.sources as {
      source: string;
      lastSuccessAt: string | null;
      lastAttemptAt: string | null;
      lastError: string | null;
    }[]
  ).filter(s => s.source.startsWith('cost-explorer:'));
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  // every replica has seen the token (its signing key) and warmed its
  // caches: the steady state a dependency fails in
  await expectAll200(undefined, 180_000);
  // the Decisions index has caught up with the catalog (the service created
  // in 4-create-service.spec.ts): its own rebuild during a fault would
  // change the stored data the tests compare
  const task = 'decisions-index-refresh';
  const ranBefore = (await taskState('decisions', task))?.lastRunEndedAt;
  await trigger('decisions', task);
  await expect
    .poll(
      async () => {
        const state = await taskState('decisions', task);
        return state?.status === 'idle' && state.lastRunEndedAt !== ranBefore;
      },
      { timeout: 120_000, intervals: [1000] },
    )
    .toBe(true);
  // EKS discovery has stored its clusters and both replicas have read them
  // (at start discovery runs in the background; when this file runs alone
  // it may not have finished)
  await expect
    .poll(
      async () =>
        Promise.all(
          rehearsalState().replicas.map(
            async r => (await read(r.url, '/api/eks/clusters')).body?.eksSource,
          ),
        ),
      { timeout: 120_000, intervals: [1000] },
    )
    .toEqual(rehearsalState().replicas.map(() => 'eks'));
});

test.afterAll(async () => {
  // whatever a failed test left down comes back
  await fault(rehearsalState().faultsUrl, 'restore');
});

test('Redis down: every plugin answers (cost answers computed); Redis back: answers cached again without a restart', async () => {
  const { faultsUrl, redisPort } = rehearsalState();
  const logs = logOffsets();
  await fault(faultsUrl, 'redis', 'down');
  try {
    // no 5xx, no hang, on any plugin, through any replica
    expect(not200(await statuses())).toEqual([]);
  } finally {
    await fault(faultsUrl, 'redis', 'up');
  }
  // a new, empty Redis: the replicas' clients reconnect and the cost
  // answers are written to it again
  await expect
    .poll(
      async () => {
        for (const base of bases()) await read(base, '/api/aws-cost/summary');
        return Number((await redisCommand(redisPort, 'DBSIZE')).slice(1));
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBeGreaterThan(0);
  await expectAll200();
  expectReplicasNotRestarted();
  const logged = logsSince(logs);
  expect(logged).not.toContain('Uncaught exception');
  expect(logged).toContain('is reachable again');
});

test('PostgreSQL restarted: clear 503s at most while it is away, every route 200 afterwards without a restart, no data lost', async () => {
  const { faultsUrl } = rehearsalState();
  const before = await storedData();
  await fault(faultsUrl, 'postgres', 'down');
  let during: string[];
  try {
    during = await statuses();
  } finally {
    await fault(faultsUrl, 'postgres', 'up');
  }
  console.log(
    `while PostgreSQL was away:\n${not200(during).join('\n') || 'all 200'}`,
  );
  // nothing hangs, and nothing answers a 5xx but 503 (search included:
  // its permission check's 503 is passed on, packages/backend/src/permissions.ts)
  expect(during.filter(a => !/^(200|503) /.test(a))).toEqual([]);
  // the plugins that need the database said so
  expect(during.filter(a => a.startsWith('503 ')).length).toBeGreaterThan(0);

  await expectAll200();
  expectReplicasNotRestarted();
  expect(await storedData()).toEqual(before);
});

test('AWS unreachable: costs served from the store, the sync fails in its status, discovery keeps its clusters; AWS back: the next sync and discovery work', async () => {
  const { faultsUrl } = rehearsalState();
  const before = await storedData();
  expect(before.eksSource).toBe('eks');
  const [syncedBefore] = await costExplorerSources();
  await fault(faultsUrl, 'aws', 'down');
  try {
    await trigger('aws-cost', 'aws-cost-explorer-sync');
    await expect
      .poll(
        async () => {
          const [s] = await costExplorerSources();
          return s.lastAttemptAt !== syncedBefore.lastAttemptAt
            ? s.lastError
            : null;
        },
        { timeout: 120_000, intervals: [2000] },
      )
      .toMatch(/ECONNREFUSED|unreachable|connect/i);
    const discoveredBefore = await taskState('eks', 'eks-discovery');
    await trigger('eks', 'eks-discovery');
    await expect
      .poll(
        async () => {
          const s = await taskState('eks', 'eks-discovery');
          return s?.lastRunEndedAt !== discoveredBefore?.lastRunEndedAt
            ? s?.lastRunError ?? 'no error'
            : undefined;
        },
        { timeout: 120_000, intervals: [2000] },
      )
      .toMatch(/ListClusters in eu-west-1 failed/);
    // reads answer from the store and what discovery stored, unchanged
    expect(await storedData()).toEqual(before);
    expect(not200(await statuses())).toEqual([]);
  } finally {
    await fault(faultsUrl, 'aws', 'up');
  }
  // Cost Explorer's answer to the next sync (moto answers from a queue)
  const queued = await fetch(
    `${rehearsalState().motoUrl}/moto-api/static/ce/cost-and-usage-results`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        account_id: MAIN_ACCOUNT,
        results: [costAndUsage()],
      }),
    },
  );
  expect(queued.status).toBe(201);
  await trigger('aws-cost', 'aws-cost-explorer-sync');
  await expect
    .poll(
      async () => {
        const [s] = await costExplorerSources();
        return s.lastSuccessAt !== syncedBefore.lastSuccessAt && !s.lastError;
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBe(true);
  const discoveredFailed = await taskState('eks', 'eks-discovery');
  await trigger('eks', 'eks-discovery');
  await expect
    .poll(
      async () => {
        const s = await taskState('eks', 'eks-discovery');
        return s?.lastRunEndedAt !== discoveredFailed?.lastRunEndedAt
          ? s?.lastRunError ?? 'no error'
          : undefined;
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBe('no error');
  expect((await storedData()).clusters).toEqual(before.clusters);
  expectReplicasNotRestarted();
});

test('one cluster black-holed: the overview answers with the other and names it, its workloads stay fine, nothing hangs; back: both clusters', async () => {
  const { faultsUrl, clusters, replicas } = rehearsalState();
  const [holed, other] = clusters;
  await fault(faultsUrl, `cluster/${holed}`, 'pause');
  try {
    // each replica notices on its own (its liveness probe of the cluster)
    for (const replica of replicas) {
      await expect
        .poll(
          async () => {
            const { status, body } = await read(
              replica.url,
              '/api/eks/clusters',
            );
            return {
              status,
              clusters: body.clusters?.map((c: { name: string }) => c.name),
              errors: body.errors?.map((e: { cluster: string }) => e.cluster),
            };
          },
          { timeout: 120_000, intervals: [2000] },
        )
        .toEqual({ status: 200, clusters: [other], errors: [holed] });
    }
    const overview = await read(replicas[0].url, '/api/eks/clusters');
    expect(overview.body.errors[0].kind).toMatch(/^(timeout|unreachable)$/);
    // a service's workloads: those on the other cluster, the black-holed
    // one named
    for (const base of bases()) {
      const workloads = await read(
        base,
        '/api/eks/workloads?entity=component:default/checkout-api',
      );
      expect(workloads.status).toBe(200);
      expect(
        workloads.body.health.workloads.map(
          (w: { cluster: string }) => w.cluster,
        ),
      ).toEqual(expect.arrayContaining([other]));
      expect(
        workloads.body.health.workloads.filter(
          (w: { cluster: string }) => w.cluster === holed,
        ),
      ).toEqual([]);
      expect(
        workloads.body.errors.map((e: { cluster: string }) => e.cluster),
      ).toEqual([holed]);
      // the black-holed cluster's own page: a clear 503, not a hang
      const page = await read(base, `/api/eks/clusters/${holed}`);
      expect(page.status).toBe(503);
    }
    // every other plugin, and every EKS read, answers (none hangs)
    expect(not200(await statuses())).toEqual([]);
  } finally {
    await fault(faultsUrl, `cluster/${holed}`, 'resume');
  }
  for (const replica of replicas) {
    await expect
      .poll(
        async () => {
          const { body } = await read(replica.url, '/api/eks/clusters');
          return {
            clusters: body.clusters?.map((c: { name: string }) => c.name),
            errors: body.errors,
          };
        },
        { timeout: 120_000, intervals: [2000] },
      )
      .toEqual({ clusters: [...clusters].sort(), errors: [] });
  }
  expectReplicasNotRestarted();
});

test('Prometheus down: SLO answers name Prometheus, the other plugins are unaffected; back: SLOs evaluated again', async () => {
  const { faultsUrl } = rehearsalState();
  const entity = '/api/slo/entity/component/default/checkout-api';
  await fault(faultsUrl, 'prometheus', 'down');
  try {
    // once the figures cached before the outage expire (a short TTL), each
    // replica answers with the SLOs it knows, unknown, and names Prometheus
    for (const base of bases()) {
      await expect
        .poll(
          async () => {
            const [list, slos] = await Promise.all([
              read(base, '/api/slo/slos'),
              read(base, entity),
            ]);
            return {
              status: [list.status, slos.status],
              listNamesPrometheus: /Prometheus production is unreachable/.test(
                JSON.stringify(list.body.errors),
              ),
              slos: (slos.body.slos ?? []).map(
                (slo: { status: string; error?: string }) =>
                  `${slo.status}: ${slo.error}`,
              ),
            };
          },
          { timeout: 120_000, intervals: [2000] },
        )
        .toEqual({
          status: [200, 200],
          listNamesPrometheus: true,
          slos: [
            expect.stringMatching(
              /^unknown: .*Prometheus production is unreachable/,
            ),
            expect.stringMatching(
              /^unknown: .*Prometheus production is unreachable/,
            ),
          ],
        });
    }
    expect(not200(await statuses(plugin => plugin !== 'slo'))).toEqual([]);
    // partial answers, not errors: the SLO routes answer too
    expect(not200(await statuses(plugin => plugin === 'slo'))).toEqual([]);
  } finally {
    await fault(faultsUrl, 'prometheus', 'up');
  }
  for (const base of bases()) {
    await expect
      .poll(
        async () => {
          const { body } = await read(base, entity);
          return body.slos?.map((s: { status: string }) => s.status);
        },
        { timeout: 120_000, intervals: [2000] },
      )
      .not.toContain('unknown');
  }
  expectReplicasNotRestarted();
});
