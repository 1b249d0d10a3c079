/**
 * Scheduled job runs across the replicas, for the load and failover
 * benchmark (test/src/load/rehearsalLoad.ts): the tasks from each plugin's
 * scheduler API, and the runs each replica started from its
 * `backend_tasks_task_runs_count_total{result="started"}` counter, as the
 * replicas spec (3-replicas.spec.ts) counts them. A replica that is killed
 * and started again begins its counters at 0, so the counts of each process
 * are kept apart and added up.
 */
import { samples } from './api';

/** Backend plugins that schedule tasks (the others answer 404 on the scheduler's API). */
export const SCHEDULING_PLUGINS = [
  'catalog',
  'search',
  'scaffolder',
  'notifications',
  'aws-cost',
  'slo',
  'eks',
  'decisions',
];

/** Scheduled tasks whose work belongs to each replica (probes of its own view, reconciling its own caches). */
export const PER_REPLICA_TASKS = [
  /^slo-prometheus-probe-/,
  /^eks-discovery-reconcile$/,
];

export type ScheduledTask = {
  id: string;
  plugin: string;
  scope: string;
  /** NaN for a cron or manual cadence. */
  cadenceMs: number;
};

/** ISO 8601 durations as the scheduler states cadences (PT30S, PT10M, PT8H, P1D); NaN for cron. */
export function durationMs(iso: string): number {
  const m =
    /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) return NaN;
  const [d, h, min, s] = m.slice(1).map(v => Number(v ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** Every scheduled task of every plugin, from the scheduler's API at `baseUrl`. */
export async function scheduledTasks(
  baseUrl: string,
  token: string,
): Promise<ScheduledTask[]> {
  const tasks: ScheduledTask[] = [];
  for (const plugin of SCHEDULING_PLUGINS) {
    const res = await fetch(
      `${baseUrl}/api/${plugin}/.backstage/scheduler/v1/tasks`,
      {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(30_000),
      },
    );
    if (!res.ok) {
      throw new Error(`scheduler tasks of ${plugin}: ${res.status}`);
    }
    const body = (await res.json()) as {
      tasks: {
        taskId: string;
        scope: string;
        settings: { cadence: string };
      }[];
    };
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

/** Task runs started by one replica process, by task id. */
async function startedRuns(metricsUrl: string): Promise<Map<string, number>> {
  const runs = new Map<string, number>();
  for (const s of await samples(
    metricsUrl,
    'backend_tasks_task_runs_count_total',
  )) {
    if (s.labels.result !== 'started') continue;
    runs.set(s.labels.taskId, (runs.get(s.labels.taskId) ?? 0) + s.value);
  }
  return runs;
}

/**
 * Counts task runs per replica across restarts: `scrape()` reads every
 * replica's counters (call it often, and right before killing one);
 * `restarted(i)` closes replica i's current process, so its last counts
 * are kept and the new process's are added to them.
 */
export function runCounter(metricsUrls: string[]) {
  const closed = metricsUrls.map(() => new Map<string, number>());
  const current = metricsUrls.map(() => new Map<string, number>());
  return {
    async scrape(only?: number) {
      await Promise.all(
        metricsUrls.map(async (url, i) => {
          if (only !== undefined && only !== i) return;
          try {
            current[i] = await startedRuns(url);
          } catch {
            // the replica is down or starting: keep what was last read
          }
        }),
      );
    },
    restarted(i: number) {
      for (const [id, n] of current[i]) {
        closed[i].set(id, (closed[i].get(id) ?? 0) + n);
      }
      current[i] = new Map();
    },
    /** Runs started per task id, one count per replica. */
    counts(): Map<string, number[]> {
      const out = new Map<string, number[]>();
      metricsUrls.forEach((_, i) => {
        for (const source of [closed[i], current[i]]) {
          for (const [id, n] of source) {
            const c = out.get(id) ?? metricsUrls.map(() => 0);
            c[i] += n;
            out.set(id, c);
          }
        }
      });
      return out;
    },
  };
}

export type TaskReport = ScheduledTask & {
  counts: number[];
  /** Starts a task may have across all replicas in `elapsedMs`: one per cadence plus the first. */
  allowed: number;
  /** Starts beyond `allowed` (only global tasks can have duplicates). */
  duplicates: number;
};

/**
 * Each task's runs against its cadence: a global task that started more
 * often across the replicas than once per cadence (plus its first run) ran
 * twice somewhere. A cron cadence is taken as at most one run per minute.
 */
export function taskReport(
  tasks: ScheduledTask[],
  counts: Map<string, number[]>,
  elapsedMs: number,
  replicas: number,
): TaskReport[] {
  return tasks.map(t => {
    const c = counts.get(t.id) ?? Array.from({ length: replicas }, () => 0);
    const allowed =
      Math.floor(
        elapsedMs / (Number.isNaN(t.cadenceMs) ? 60_000 : t.cadenceMs),
      ) + 1;
    const total = c.reduce((a, b) => a + b, 0);
    return {
      ...t,
      counts: c,
      allowed,
      duplicates: t.scope === 'global' ? Math.max(0, total - allowed) : 0,
    };
  });
}
