/**
 * Two replicas behave as one: both serve through the load balancer, each
 * scheduled job that does shared work runs once per cadence across both
 * (counted from both replicas' scheduler metrics), and state a job
 * produces reaches both replicas.
 */
import { expect, test } from '@playwright/test';
import { get, samples } from './api';
import { rehearsalState } from './state';

/** Scheduled task runs started on each replica: taskId -> scope and count per replica. */
async function taskRuns() {
  const runs = new Map<string, { scope: string; counts: number[] }>();
  const { replicas } = rehearsalState();
  for (const [i, replica] of replicas.entries()) {
    for (const s of await samples(
      replica.metricsUrl,
      'backend_tasks_task_runs_count_total',
    )) {
      if (s.labels.result !== 'started') continue;
      const entry = runs.get(s.labels.taskId) ?? {
        scope: s.labels.scope,
        counts: replicas.map(() => 0),
      };
      entry.counts[i] += s.value;
      runs.set(s.labels.taskId, entry);
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
  await expect
    .poll(
      async () => {
        const runs = await taskRuns();
        return ['eks-discovery', 'aws-cost-explorer-sync'].filter(
          id => (runs.get(id)?.counts ?? []).reduce((a, b) => a + b, 0) >= 1,
        );
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toEqual(['eks-discovery', 'aws-cost-explorer-sync']);
  const runs = await taskRuns();
  const report = [...runs.entries()].map(
    ([id, r]) => `${id} (${r.scope}): ${r.counts.join(' + ')}`,
  );
  console.log(report.join('\n'));
  // every production cadence is 5 minutes or more, and the suite started
  // minutes ago: a job with shared results has started at most once in all
  const shared = [...runs.entries()].filter(([, r]) => r.scope === 'global');
  expect(shared.length).toBeGreaterThan(0);
  expect(
    shared
      .filter(([, r]) => r.counts.reduce((a, b) => a + b, 0) > 1)
      .map(([id, r]) => `${id}: ${r.counts.join(' + ')}`),
  ).toEqual([]);
  // what runs per replica is per-replica work only
  const local = [...runs.entries()]
    .filter(([, r]) => r.scope === 'local')
    .map(([id]) => id);
  expect(local.filter(id => !PER_REPLICA.some(re => re.test(id)))).toEqual([]);
});

/** Scheduled tasks whose work belongs to each replica (probes of its own view, reconciling its own caches). */
const PER_REPLICA = [/^slo-source-probe/, /^eks-.*reconcile/, /^search_index_/];

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
