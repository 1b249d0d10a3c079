/**
 * The load and failover benchmark's results (rehearsalLoad.ts measures):
 * bench/results/rehearsal.json with the issue's keys and
 * bench/results/rehearsal-notes.txt with how each figure came about.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../harness/processes';
import { PER_REPLICA_TASKS, TaskReport } from '../rehearsal/benchJobs';
import type { Rehearsal } from '../rehearsal/environment';
import { latency, RequestRecord, round1 } from './openLoad';

/** p95 target per API (ms); also the latency the failover must come back to. */
const P95_TARGET_MS = 250;
/** Width of the time slices latency is followed in (ms). */
const SLICE_MS = 5000;
/** The restarted replica's RSS is read from this long after it is back. */
const RESTARTED_SETTLE_MS = 30_000;
const RESULTS = path.join(ROOT, 'bench', 'results');

/** What was run: each API's persona and routes, the rate per API, the seconds of load and warm-up. */
export type Settings = {
  apis: Record<string, { login: string; routes: string[] }>;
  rate: number;
  seconds: number;
  warmupSeconds: number;
};

export type RssSample = { t: number; mb: number; pid: number; cpu: number };

/** CPU seconds each process (pid) used between its first and last sample. */
function replicaCpuSeconds(samples: RssSample[]): number {
  const byPid = new Map<number, RssSample[]>();
  for (const x of samples) byPid.set(x.pid, [...(byPid.get(x.pid) ?? []), x]);
  let total = 0;
  for (const xs of byPid.values()) total += xs[xs.length - 1].cpu - xs[0].cpu;
  return total;
}

/** The failover as the run saw it (ms since the epoch). */
export type Timeline = {
  killAt?: number;
  restartReadyAt?: number;
  restartError?: string;
  /** haproxy's status of each replica whenever it changed (polled every 500 ms). */
  states: { t: number; replica: string; state: string }[];
};

/** When haproxy had the killed replica down, and when it had it UP again. */
export function failoverTimes(timeline: Timeline, victim: string) {
  const { killAt } = timeline;
  if (killAt === undefined) return {};
  const states = timeline.states.filter(s => s.replica === victim);
  const before = states.filter(s => s.t <= killAt).pop();
  const markedDownAt = before?.state.startsWith('DOWN')
    ? killAt
    : states.find(s => s.t > killAt && s.state.startsWith('DOWN'))?.t;
  const backUpAt =
    markedDownAt === undefined
      ? undefined
      : states.find(s => s.t > markedDownAt && s.state === 'UP')?.t;
  return { markedDownAt, backUpAt };
}

/** Everything a run measured (rehearsalLoad.ts). */
export type Measured = {
  run: { records: RequestRecord[]; maxSendLagMs: number };
  warmup: { records: RequestRecord[] };
  timeline: Timeline;
  /** Samples per replica, both processes of the killed one. */
  rss: RssSample[][];
  /** Each replica's RSS when the measured load began. */
  rssStart: number[];
  rssBeforeKill: number;
  /** Index of the killed replica. */
  victim: number;
  report: TaskReport[];
  lbStats: unknown;
  startedAt: number;
  endedAt: number;
  load1Before: number;
  machine: { busyCores: number };
};

/** Writes bench/results/rehearsal.json and rehearsal-notes.txt; returns the results and which targets were met. */
export function writeResults(
  result: Measured,
  rehearsal: Rehearsal,
  settings: Settings,
) {
  const { apis: APIS, rate: RATE, seconds: SECONDS } = settings;
  const WARMUP_SECONDS = settings.warmupSeconds;
  const {
    run,
    warmup,
    timeline,
    rss,
    rssStart,
    rssBeforeKill,
    victim,
    report,
  } = result;
  const records = run.records;
  const seconds = (result.endedAt - result.startedAt) / 1000;
  const { markedDownAt, backUpAt } = failoverTimes(
    timeline,
    rehearsal.replicas[victim].name,
  );
  // latency per 5 s of scheduled time
  const slices = new Map<number, RequestRecord[]>();
  for (const r of records) {
    const start =
      result.startedAt +
      Math.floor((r.scheduledAt - result.startedAt) / SLICE_MS) * SLICE_MS;
    const slice = slices.get(start) ?? [];
    slice.push(r);
    slices.set(start, slice);
  }
  const sliceStarts = [...slices.keys()].sort((a, b) => a - b);
  const windowStart = timeline.killAt ?? Infinity;
  // back to normal: the first 5 s after the restarted replica is UP again
  // whose p95 is within the target (or within the p95 before the kill, if
  // that was higher) and where no request failed
  const beforeKill = latency(records.filter(r => r.endedAt < windowStart));
  const recoveryMs = Math.max(P95_TARGET_MS, beforeKill.p95_ms);
  const recoveredAt = backUpAt
    ? sliceStarts.find(t => {
        if (t < backUpAt) return false;
        const l = latency(slices.get(t)!);
        return l.p95_ms <= recoveryMs && l.errors === 0;
      })
    : undefined;
  const windowEnd = recoveredAt ?? result.endedAt;
  const inWindow = (r: RequestRecord) =>
    r.endedAt >= windowStart && r.scheduledAt <= windowEnd;
  const window = records.filter(inWindow);
  const outside = records.filter(r => !inWindow(r));
  const windowFailed = window.filter(r => r.error).length;
  const survivor = rehearsal.replicas
    .map((_, i) => i)
    .filter(i => i !== victim);
  const last = (i: number) => rss[i][rss[i].length - 1]?.mb ?? NaN;
  const growth = [
    ...survivor.map(i => last(i) - rssStart[i]),
    rssBeforeKill - rssStart[victim],
  ];
  const restarted = backUpAt
    ? rss[victim].filter(s => s.t >= backUpAt + RESTARTED_SETTLE_MS)
    : [];
  const byApi = Object.fromEntries(
    Object.keys(APIS).map(api => [
      api,
      latency(outside.filter(r => r.stream === api)),
    ]),
  );
  const out = {
    replicas: rehearsal.replicas.length,
    rps_total: round1(records.length / seconds),
    errors: outside.filter(r => r.error).length,
    p95_ms: Object.fromEntries(
      Object.entries(byApi).map(([api, l]) => [api, l.p95_ms]),
    ),
    rss_growth_mb_max: Math.max(...growth),
    failover_errors_pct: window.length
      ? Math.round((10000 * windowFailed) / window.length) / 100
      : null,
    duplicate_job_runs: report.reduce((n, r) => n + r.duplicates, 0),
  };
  const met = {
    'errors 0': out.errors === 0,
    'p95 <= 250 ms per API': Object.values(out.p95_ms).every(
      v => v <= P95_TARGET_MS,
    ),
    'RSS growth < 50 MB per replica': out.rss_growth_mb_max < 50,
    'failover <= 0.1 % failed':
      out.failover_errors_pct !== null && out.failover_errors_pct <= 0.1,
    'duplicate job runs 0': out.duplicate_job_runs === 0,
  };
  const kinds = (rs: RequestRecord[]) => {
    const k: Record<string, number> = {};
    for (const r of rs.filter(x => x.error)) {
      // per API and kind (the per-route counts are above)
      const key = `${r.stream}: ${r.error!.split('\n')[0].slice(0, 100)}`;
      k[key] = (k[key] ?? 0) + 1;
    }
    return k;
  };
  /** Requests, failures and p95 per 5 s of scheduled time. */
  const series = () =>
    sliceStarts.map(t => {
      const l = latency(slices.get(t)!);
      return `${(t - result.startedAt) / 1000}s: ${l.requests} req, ${
        l.errors
      } failed, p95 ${l.p95_ms} ms`;
    });
  const at = (ms?: number) =>
    ms === undefined
      ? 'never'
      : `${((ms - result.startedAt) / 1000).toFixed(1)} s`;
  const routeP95 = Object.fromEntries(
    Object.entries(APIS).flatMap(([api, { routes }]) =>
      routes.map(route => {
        const l = latency(
          records.filter(r => r.stream === api && r.route === route),
        );
        return [
          `${api} ${route}`,
          `p50 ${l.p50_ms} p95 ${l.p95_ms} max ${l.max_ms} ms, ${l.errors} failed`,
        ];
      }),
    ),
  );
  const notes = [
    `Production rehearsal: load and failover (bench/rehearsal.sh), measured ${new Date(
      result.startedAt,
    ).toISOString()}`,
    `Machine: ${os.cpus().length} cores, ${Math.round(
      os.totalmem() / 2 ** 30,
    )} GiB RAM, shared with other work; load average (1 min) ${round1(
      result.load1Before,
    )} at the start of the load, ${round1(os.loadavg()[0])} at the end.`,
    `Load: ${RATE} req/s on each of ${Object.keys(APIS).join(
      ', ',
    )} at once (open model, ${
      Object.keys(APIS).length * RATE
    } req/s in all) for ${SECONDS} s through haproxy to ${
      rehearsal.replicas.length
    } replicas, after a ${WARMUP_SECONDS} s warm-up at the same load (${
      warmup.records.length
    } requests, ${warmup.records.filter(r => r.error).length} failed). Sent ${
      records.length
    } requests in ${seconds.toFixed(1)} s; the client sent at most ${round1(
      run.maxSendLagMs,
    )} ms late.`,
    `CPU during the load: the machine was busy ${round1(
      result.machine.busyCores,
    )} of ${
      os.cpus().length
    } cores on average; the replica processes used ${round1(
      rss.reduce((n, x) => n + replicaCpuSeconds(x), 0) / seconds,
    )} cores, ${round1(
      (1000 * rss.reduce((n, x) => n + replicaCpuSeconds(x), 0)) /
        records.length,
    )} ms of replica CPU per request (the restarted process counted from its first sample once ready).`,
    `Replica NODE_OPTIONS: ${rehearsal.env.NODE_OPTIONS ?? '(none)'}`,
    "Personas and routes (each API's rate is spread over its routes in turn):",
    ...Object.entries(APIS).map(
      ([api, a]) => `  ${api} as ${a.login}: ${a.routes.join(' ')}`,
    ),
    '',
    'Definitions: a request fails on a non-2xx answer, a connection error or no answer within 10 s. Latency runs from when the request was due (its scheduled time) to the last byte. The failover window runs from the kill until the first 5 s slice, after haproxy has the restarted replica UP again, in which no request failed and the p95 is back within ' +
      `${recoveryMs} ms (the target, or the p95 before the kill if that was higher); to the end of the run if that never happened. A request is in the window when it was in flight at any time in it. ` +
      '`errors` and `p95_ms` are over the requests outside the window (the steady load before and after the failover; the whole run\'s figures are below); `failover_errors_pct` is failed requests / requests in the window, in percent. `rss_growth_mb_max`: the largest VmRSS growth (MiB) of a replica process from the start of the measured load (after the warm-up): the survivor to the end of the run, the killed replica to just before the kill; the restarted process (which starts its heap afresh) is reported below, outside the figure. `duplicate_job_runs`: starts of global scheduled tasks beyond one per cadence (plus the first) since the replicas started, counted across both replicas and both processes of the killed one from the scheduler\'s backend_tasks_task_runs_count_total{result="started"}.',
    '',
    `Results: ${JSON.stringify(out)}`,
    `Targets: ${Object.entries(met)
      .map(([k, v]) => `${k}: ${v ? 'met' : 'MISSED'}`)
      .join('; ')}`,
    '',
    'Per API outside the failover window (latency from the scheduled time; p95_ms_from_send from when the client sent it):',
    ...Object.entries(byApi).map(
      ([api, l]) => `  ${api}: ${JSON.stringify(l)}`,
    ),
    `Before the kill (all APIs: ${JSON.stringify(beforeKill)}):`,
    ...Object.keys(APIS).map(
      api =>
        `  ${api}: ${JSON.stringify(
          latency(
            records.filter(r => r.stream === api && r.endedAt < windowStart),
          ),
        )}`,
    ),
    'Per API over the whole run, failover included:',
    ...Object.keys(APIS).map(
      api =>
        `  ${api}: ${JSON.stringify(
          latency(records.filter(r => r.stream === api)),
        )}`,
    ),
    'Per route (whole run):',
    ...Object.entries(routeP95).map(([k, v]) => `  ${k}: ${v}`),
    `Failed requests outside the window by kind: ${JSON.stringify(
      kinds(outside),
      null,
      1,
    )}`,
    '',
    `Failover: replica ${rehearsal.replicas[victim].name} killed at ${at(
      timeline.killAt,
    )}, marked DOWN by haproxy at ${at(markedDownAt)}, ready again at ${at(
      timeline.restartReadyAt,
    )}, UP in haproxy at ${at(backUpAt)}, latency back to normal at ${at(
      recoveredAt,
    )}; window ${at(windowStart)} to ${at(windowEnd)}.${
      timeline.restartError ? ` Restart failed: ${timeline.restartError}` : ''
    }`,
    `  ${window.length} requests in the window, ${windowFailed} failed (${
      out.failover_errors_pct
    } %); ${((100 * windowFailed) / records.length).toFixed(3)} % of all ${
      records.length
    } requests of the run.`,
    `  latency in the window: ${JSON.stringify(latency(window))}`,
    `  failed in the window by kind: ${JSON.stringify(kinds(window), null, 1)}`,
    `  haproxy's status changes (s from the start of the load): ${timeline.states
      .map(x => `${at(x.t)} ${x.replica} ${x.state}`)
      .join(', ')}`,
    `  haproxy per server at the end (requests, retries, redispatches): ${JSON.stringify(
      result.lbStats,
    )}`,
    'Every 5 s of the run (by scheduled time):',
    ...series().map(line => `  ${line}`),
    '',
    `RSS (MiB): start of the load ${rssStart.join(
      ', ',
    )}; killed replica just before the kill ${rssBeforeKill}; growth per replica counted ${growth.join(
      ', ',
    )}.`,
    `  restarted process from ${
      RESTARTED_SETTLE_MS / 1000
    } s after it was back to the end: ${
      restarted.length
        ? `${restarted[0].mb} -> ${restarted[restarted.length - 1].mb} (${
            restarted[restarted.length - 1].mb - restarted[0].mb
          })`
        : 'no samples (back too late in the run)'
    }`,
    ...rss.map(
      (s, i) =>
        `  ${rehearsal.replicas[i].name} samples (s: MiB [pid]): ${s
          .map(
            x =>
              `${Math.round((x.t - result.startedAt) / 1000)}:${x.mb}[${
                x.pid
              }]`,
          )
          .join(' ')}`,
    ),
    '',
    `Scheduled tasks (started runs per replica, at most allowed across both since the replicas started ${(
      (Date.now() - rehearsal.startedAt) /
      1000
    ).toFixed(0)} s before):`,
    ...report.map(
      r =>
        `  ${r.plugin}/${r.id} (${r.scope}, every ${
          Number.isNaN(r.cadenceMs) ? 'cron/manual' : `${r.cadenceMs / 1000} s`
        }): ${r.counts.join(' + ')} runs, at most ${r.allowed}${
          r.duplicates ? `, ${r.duplicates} DUPLICATE` : ''
        }${
          r.scope === 'local' && !PER_REPLICA_TASKS.some(re => re.test(r.id))
            ? ' (local, not per-replica work)'
            : ''
        }`,
    ),
    '',
  ];
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(
    path.join(RESULTS, 'rehearsal.json'),
    `${JSON.stringify(out, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(RESULTS, 'rehearsal-notes.txt'), notes.join('\n'));
  return { out, met };
}
