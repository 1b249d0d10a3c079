/**
 * Two replicas behave as one: both serve through the load balancer, each
 * scheduled job that does shared work runs once per cadence across both
 * (counted from both replicas' scheduler metrics), and state a job
 * produces reaches both replicas.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { MAIN_CREDENTIALS } from '../aws/awsEnv';
import { focusExport, PERIOD } from '../aws/costExports';
import { get, samples, tokenFor } from './api';
import { COST_EXPORT_BUCKET, COST_EXPORT_PREFIX, REGION } from './seedAws';
import { rehearsalState } from './state';

/** Backend plugins that schedule tasks (the others answer 404 on the scheduler's API). */
const PLUGINS = [
  'catalog',
  'search',
  'scaffolder',
  'notifications',
  'aws-cost',
  'slo',
  'eks',
  'decisions',
];

type Task = { id: string; plugin: string; scope: string; cadenceMs: number };

/** ISO 8601 durations as the scheduler states cadences (PT30S, PT10M, PT8H, P1D); NaN for cron. */
export function durationMs(iso: string): number {
  const m =
    /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return NaN;
  const [d, h, min, s] = m.slice(1).map(v => Number(v ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** Every scheduled task of every plugin, from the scheduler's own API. */
async function scheduledTasks(): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const plugin of PLUGINS) {
    const { status, body } = await get(
      'alice.ops',
      `/api/${plugin}/.backstage/scheduler/v1/tasks`,
    );
    expect(status).toBe(200);
    for (const t of body.tasks) {
      tasks.push({
        id: t.taskId,
        plugin,
        scope: t.scope,
        cadenceMs: durationMs(t.settings.cadence),
      });
    }
  }
  return tasks;
}

/** Scheduled tasks whose work belongs to each replica (probes of its own view, reconciling its own caches). */
const PER_REPLICA = [/^slo-prometheus-probe-/, /^eks-discovery-reconcile$/];

/** Task runs started on each replica (the scheduler's counter), by task id. */
async function runsStarted(): Promise<Map<string, number[]>> {
  const runs = new Map<string, number[]>();
  const { replicas } = rehearsalState();
  for (const [i, replica] of replicas.entries()) {
    for (const s of await samples(
      replica.metricsUrl,
      'backend_tasks_task_runs_count_total',
    )) {
      if (s.labels.result !== 'started') continue;
      const counts = runs.get(s.labels.taskId) ?? replicas.map(() => 0);
      counts[i] += s.value;
      runs.set(s.labels.taskId, counts);
    }
  }
  return runs;
}

test('both replicas are healthy behind the load balancer and both serve', async () => {
  const { replicas } = rehearsalState();
  for (const replica of replicas) {
    const res = await fetch(`${replica.url}/.backstage/health/v1/readiness`);
    expect(res.status).toBe(200);
    const direct = await get('alice.ops', '/api/eks/clusters', replica.url);
    expect(direct.status).toBe(200);
  }
});

test('jobs with shared results run once per cadence across both replicas', async () => {
  // the jobs that run at start have run somewhere
  const sum = (counts?: number[]) => (counts ?? []).reduce((a, b) => a + b, 0);
  await expect
    .poll(
      async () => {
        const runs = await runsStarted();
        return ['eks-discovery', 'aws-cost-explorer-sync'].filter(
          id => sum(runs.get(id)) >= 1,
        );
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toEqual(['eks-discovery', 'aws-cost-explorer-sync']);
  const tasks = await scheduledTasks();
  const runs = await runsStarted();
  const elapsedMs = Date.now() - rehearsalState().startedAt;
  const report = tasks.map(t => {
    const counts = runs.get(t.id) ?? [0, 0];
    // a cadence that has come round n times allows n + 1 starts (the first
    // at start-up); a cron cadence is taken as at most one per minute
    const allowed =
      Math.floor(
        elapsedMs / (Number.isNaN(t.cadenceMs) ? 60_000 : t.cadenceMs),
      ) + 1;
    return { ...t, counts, allowed };
  });
  console.log(
    report
      .map(
        r =>
          `${r.plugin}/${r.id} (${r.scope}, every ${
            r.cadenceMs / 1000
          } s): ${r.counts.join(' + ')} runs, at most ${
            r.allowed
          } per replica set`,
      )
      .join('\n'),
  );
  // global: once per cadence across both replicas
  expect(
    report
      .filter(r => r.scope === 'global' && sum(r.counts) > r.allowed)
      .map(r => `${r.id}: ${r.counts.join(' + ')} > ${r.allowed}`),
  ).toEqual([]);
  // the jobs of issue 14 are among them, and global
  for (const id of [
    'eks-discovery',
    'aws-cost-explorer-sync',
    'decisions-index-refresh',
    'search_index_software_catalog',
    'search_index_techdocs',
  ]) {
    expect(report.find(r => r.id === id)?.scope).toBe('global');
  }
  // local: only work that belongs to each replica
  expect(
    report
      .filter(
        r => r.scope === 'local' && !PER_REPLICA.some(re => re.test(r.id)),
      )
      .map(r => r.id),
  ).toEqual([]);
});

test('discovered clusters and synced costs reach both replicas', async () => {
  const { replicas } = rehearsalState();
  const answers = await Promise.all(
    replicas.map(r => get('alice.ops', '/api/eks/clusters', r.url)),
  );
  const names = answers.map(a =>
    (a.body.clusters ?? a.body).map((c: { name: string }) => c.name).sort(),
  );
  expect(names[0]).toEqual(['eks-production-euw1', 'eks-staging-euw1']);
  expect(names[1]).toEqual(names[0]);
  // discovery (EKS ListClusters and DescribeCluster on moto) adds what only
  // EKS knows to both clusters' pages, on both replicas; moto has no
  // ListInsights, which is named as unavailable instead of failing the run
  await expect
    .poll(
      async () =>
        Promise.all(
          replicas.flatMap(r =>
            names[0].map(async (name: string) => {
              const { body } = await get(
                'alice.ops',
                `/api/eks/clusters/${name}`,
                r.url,
              );
              return `${name}: ${body.cluster?.eks?.source ?? 'no EKS data'}`;
            }),
          ),
        ),
      { timeout: 120_000, intervals: [2000] },
    )
    .toEqual([
      'eks-production-euw1: eks',
      'eks-staging-euw1: eks',
      'eks-production-euw1: eks',
      'eks-staging-euw1: eks',
    ]);

  await expect
    .poll(
      async () => {
        const totals = await Promise.all(
          replicas.map(async r => {
            const { body } = await get(
              'carol.finance',
              '/api/aws-cost/summary',
              r.url,
            );
            return JSON.stringify(body);
          }),
        );
        return totals[0] === totals[1] && !totals[0].includes('"total":0');
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBe(true);
});

test('a cost import run on one replica is visible on the other at once', async () => {
  const [a, b] = rehearsalState().replicas;
  const month = `/api/aws-cost/breakdown?from=${PERIOD}-01&to=${PERIOD}-31&dimension=service`;
  // replica b answers (and caches) the month before the export arrives
  const before = await get('carol.finance', month, b.url);
  expect(before.status).toBe(200);
  expect(JSON.stringify(before.body)).not.toContain('billing-worker');

  // AWS Data Exports deliver a FOCUS file; the import runs on either replica
  const focus = focusExport();
  const s3 = new S3Client({
    endpoint: rehearsalState().motoUrl,
    region: REGION,
    credentials: MAIN_CREDENTIALS,
    forcePathStyle: true,
  });
  await s3.send(
    new PutObjectCommand({
      Bucket: COST_EXPORT_BUCKET,
      Key: `${COST_EXPORT_PREFIX}focus/BILLING_PERIOD=${PERIOD}/part-00001.csv`,
      Body: focus.csv,
    }),
  );
  const lastImport = async () => {
    const { body } = await get('alice.ops', '/api/aws-cost/status', a.url);
    const s3Source = body.sources.find((s: { source: string }) =>
      s.source.startsWith('s3'),
    );
    return s3Source?.lastSuccessAt ?? null;
  };
  const previous = await lastImport();
  const trigger = await fetch(
    `${a.url}/api/aws-cost/.backstage/scheduler/v1/tasks/aws-cost-s3-import/trigger`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor('alice.ops')}` },
    },
  );
  expect(trigger.status).toBe(200);
  await expect
    .poll(lastImport, { timeout: 120_000, intervals: [1000] })
    .not.toBe(previous);

  // replica b's next answer holds the imported month, as a's does
  const [afterA, afterB] = await Promise.all(
    [a, b].map(r => get('carol.finance', month, r.url)),
  );
  expect(JSON.stringify(afterB.body)).toContain('billing-worker');
  expect(afterB.body).toEqual(afterA.body);
});
