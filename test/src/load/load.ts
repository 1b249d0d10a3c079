/**
 * Load benchmark (bench/load.sh): Runway's backend as `make dev` runs it
 * (app-config.yaml and app-config.development.yaml: SQLite, guest sign-in;
 * the on-the-fly TypeScript transform of `yarn start`) with its local
 * services: the SLO plugin's Prometheus with the seeded sample history, the
 * two sample clusters as real local control planes with their fixtures, the
 * generated cost sample data (imported by the backend itself at start-up)
 * and the Decisions index (built by the backend from the catalog). Everything
 * listens on free loopback ports, so a `make dev` on the same machine is not
 * disturbed.
 *
 * Then an open-model load: for each plugin API a constant arrival rate
 * (LOAD_RATE, default 50 req/s) over its main read routes in turn, for
 * LOAD_SECONDS (default 300), one plugin after another
 * (LOAD_MODE=sequential, the default: each plugin API at 50 req/s, as the
 * target reads) or all plugins at once (LOAD_MODE=concurrent: 200 req/s in
 * all, more than this backend serves on 2 shared cores). A request is
 * sent at its scheduled time whether or not earlier ones have answered,
 * so a slow backend meets more concurrent requests instead of fewer
 * (no coordinated omission). The backend's RSS is read from /proc every
 * LOAD_RSS_INTERVAL seconds (default 5), and its CPU time from
 * /proc/<pid>/stat (backend CPU milliseconds per request).
 *
 * An error is a response that is not 2xx, a connection error, or no
 * answer within 10 s. Latency: from sending the request to the last byte
 * of the answer.
 *
 * A warm-up of LOAD_WARMUP_SECONDS (default 60, 0 for none) comes first:
 * the same load spread over the plugin APIs, reported on its own.
 *
 * Writes bench/results/load.json and bench/results/load-notes.txt.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { Backend, guestToken, startBackend } from '../harness/backend';
import {
  controlPlaneAvailable,
  LocalCluster,
  eksConfigFor,
  startLocalCluster,
} from '../harness/kube';
import { freePort, ROOT, runDir } from '../harness/processes';
import { startSamplePrometheus } from '../slo/dev';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 300);
const RATE = Number(process.env.LOAD_RATE ?? 50);
const MODE = process.env.LOAD_MODE ?? 'sequential';
/**
 * Seconds of load before the measured runs, spread over the plugin APIs one
 * after another at LOAD_RATE: V8 sizes its heap for the allocation rate of
 * the first load (a one-time RSS step of 200-270 MiB) and the hot code gets
 * optimised. Its figures are reported separately (`warmup`), and the whole
 * run's RSS growth including it too (`rss_growth_including_warmup_mb`).
 */
const WARMUP_SECONDS = Number(process.env.LOAD_WARMUP_SECONDS ?? 60);
const RSS_INTERVAL_S = Number(process.env.LOAD_RSS_INTERVAL ?? 5);
const TIMEOUT_MS = 10_000;
const RESULTS = path.join(ROOT, 'bench', 'results');

const log = (msg: string) =>
  console.log(`load ${new Date().toISOString().slice(11, 19)}: ${msg}`);

/** The main read routes of each plugin's pages, as their frontend clients call them. */
const ROUTES: Record<string, string[]> = {
  slo: [
    '/api/slo/slos',
    '/api/slo/entity/component/default/checkout-api',
    '/api/slo/entity/component/default/checkout-api/slos/checkout-api-availability',
    '/api/slo/entity/component/default/inventory-api/slos/inventory-api-latency',
    '/api/slo/teams/team-checkout/compliance?months=6',
    '/api/slo/gate?entity=component:default/checkout-api&env=production',
  ],
  'aws-cost': [
    '/api/aws-cost/summary',
    '/api/aws-cost/breakdown?dimension=team&granularity=monthly',
    '/api/aws-cost/breakdown?dimension=service&granularity=monthly&team=team-payments',
    '/api/aws-cost/movers?dimension=service',
    '/api/aws-cost/anomalies',
    '/api/aws-cost/budgets',
    '/api/aws-cost/entity/component/default/billing-worker',
  ],
  eks: [
    '/api/eks/clusters',
    '/api/eks/clusters/eks-production-euw1',
    '/api/eks/clusters/eks-staging-euw1',
    '/api/eks/workloads?entity=component:default/payments-api',
    '/api/eks/workloads?entity=component:default/inventory-api',
    '/api/eks/workloads?entity=component:default/checkout-api',
  ],
  decisions: [
    '/api/decisions/adrs',
    '/api/decisions/adrs?entity=component:default/runway',
    '/api/decisions/health',
  ],
};

type Sample = { route: string; ms: number; status: number; partial: boolean };

type PluginRun = {
  requests: number;
  errors: number;
  /** 2xx answers whose body lists `errors` (partial results, e.g. a cluster missing). */
  partial: number;
  samples: Sample[];
  errorKinds: Record<string, number>;
  maxSendLagMs: number;
  startedAt: number;
  endedAt: number;
};

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

function send(
  baseUrl: string,
  token: string,
  route: string,
): Promise<{ status: number; ms: number; partial: boolean; error?: string }> {
  return new Promise(resolve => {
    const started = performance.now();
    let done = false;
    const finish = (status: number, partial: boolean, error?: string) => {
      if (done) return;
      done = true;
      resolve({ status, ms: performance.now() - started, partial, error });
    };
    const req = http.request(
      `${baseUrl}${route}`,
      { agent, headers: { authorization: `Bearer ${token}` } },
      res => {
        let tail = '';
        let head = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (head.length < 4096) head += chunk.slice(0, 4096);
          tail = (tail + chunk).slice(-4096);
        });
        res.on('end', () => {
          const body = head + tail;
          finish(
            res.statusCode ?? 0,
            /"errors":\s*\[\s*\{/.test(body),
            (res.statusCode ?? 0) >= 300
              ? `${res.statusCode} ${head.slice(0, 160)}`
              : undefined,
          );
        });
        res.on('error', e => finish(0, false, `response: ${e.message}`));
      },
    );
    req.setTimeout(TIMEOUT_MS, () => {
      req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`));
    });
    req.on('error', e => finish(0, false, e.message));
    req.end();
  });
}

/** Sends `RATE` requests per second per plugin for `seconds`; resolves when all have answered. */
async function drive(
  baseUrl: string,
  token: () => string,
  plugins: string[],
  seconds: number,
): Promise<Record<string, PluginRun>> {
  const runs: Record<string, PluginRun> = {};
  const pending: Promise<void>[] = [];
  const interval = 1000 / RATE;
  const total = Math.round(seconds * RATE);
  const start = performance.now() + 50;
  const next: Record<string, number> = {};
  for (const p of plugins) {
    next[p] = 0;
    runs[p] = {
      requests: 0,
      errors: 0,
      partial: 0,
      samples: [],
      errorKinds: {},
      maxSendLagMs: 0,
      startedAt: Date.now(),
      endedAt: 0,
    };
  }
  await new Promise<void>(resolve => {
    const tick = () => {
      const now = performance.now();
      let remaining = false;
      for (const p of plugins) {
        const run = runs[p];
        while (next[p] < total && start + next[p] * interval <= now) {
          const i = next[p]++;
          run.maxSendLagMs = Math.max(
            run.maxSendLagMs,
            now - (start + i * interval),
          );
          const route = ROUTES[p][i % ROUTES[p].length];
          run.requests++;
          pending.push(
            send(baseUrl, token(), route).then(r => {
              const ok = r.status >= 200 && r.status < 300;
              if (!ok) {
                run.errors++;
                const kind = `${route}: ${r.error ?? r.status}`;
                run.errorKinds[kind] = (run.errorKinds[kind] ?? 0) + 1;
              }
              if (r.partial) run.partial++;
              run.samples.push({
                route,
                ms: r.ms,
                status: r.status,
                partial: r.partial,
              });
            }),
          );
        }
        if (next[p] < total) remaining = true;
      }
      if (remaining) setTimeout(tick, 2);
      else resolve();
    };
    tick();
  });
  await Promise.all(pending);
  for (const p of plugins) runs[p].endedAt = Date.now();
  return runs;
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return sorted[Math.max(0, i)];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function summarize(run: PluginRun) {
  const ms = run.samples.map(s => s.ms).sort((a, b) => a - b);
  const byRoute: Record<string, unknown> = {};
  for (const route of new Set(run.samples.map(s => s.route))) {
    const r = run.samples
      .filter(s => s.route === route)
      .map(s => s.ms)
      .sort((a, b) => a - b);
    byRoute[route] = {
      requests: r.length,
      p50_ms: round1(percentile(r, 0.5)),
      p95_ms: round1(percentile(r, 0.95)),
      p99_ms: round1(percentile(r, 0.99)),
      max_ms: round1(r[r.length - 1]),
    };
  }
  const seconds = (run.endedAt - run.startedAt) / 1000;
  return {
    result: {
      requests: run.requests,
      errors: run.errors,
      p50_ms: round1(percentile(ms, 0.5)),
      p95_ms: round1(percentile(ms, 0.95)),
      p99_ms: round1(percentile(ms, 0.99)),
      max_ms: round1(ms[ms.length - 1]),
      achieved_rps: round1(run.requests / seconds),
      partial_responses: run.partial,
      max_send_lag_ms: round1(run.maxSendLagMs),
    },
    byRoute,
  };
}

/** CPU seconds (user + system) the process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100/s)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Backend RSS sampler (VmRSS of the backend process, MiB). */
function rssSampler(backend: Backend) {
  const samples: Array<{ t: number; mb: number }> = [];
  const t0 = Date.now();
  const take = () => {
    try {
      samples.push({
        t: Math.round((Date.now() - t0) / 1000),
        mb: backend.rssMiB(),
      });
    } catch {
      // the backend is gone; the run reports it
    }
  };
  take();
  const timer = setInterval(take, RSS_INTERVAL_S * 1000);
  return {
    samples,
    take,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

function rssFigures(samples: Array<{ t: number; mb: number }>) {
  const start = samples[0]?.mb ?? NaN;
  const end = samples[samples.length - 1]?.mb ?? NaN;
  const mid = samples[Math.floor(samples.length / 2)]?.mb ?? NaN;
  return {
    rss_start_mb: start,
    rss_end_mb: end,
    rss_growth_mb: end - start,
    rss_max_mb: Math.max(...samples.map(s => s.mb)),
    rss_growth_second_half_mb: end - mid,
    // growth once the first minute of load has passed (heap sized for the
    // load, code optimised): what keeps growing after warm-up
    rss_growth_after_60s_mb:
      end - (samples.find(s => s.t - samples[0].t >= 60)?.mb ?? NaN),
  };
}

type HeapRecord = { ts: number; gc?: string; heapUsedMb: number };

function heapRecords(file: string): HeapRecord[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as HeapRecord);
}

/** Heap in use after the first and the last full GC between `from` and `to` (epoch ms). */
function heapFigures(file: string, from: number, to: number) {
  const gcs = heapRecords(file).filter(
    r => r.gc === 'major' && r.ts >= from && r.ts <= to,
  );
  return {
    full_gcs: gcs.length,
    heap_after_first_full_gc_mb: gcs[0]?.heapUsedMb ?? null,
    heap_after_last_full_gc_mb: gcs[gcs.length - 1]?.heapUsedMb ?? null,
  };
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 180_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

async function getJson(baseUrl: string, token: string, route: string) {
  const res = await fetch(`${baseUrl}${route}`, {
    headers: { authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`${route}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<any>;
}

async function main() {
  const missing = controlPlaneAvailable();
  if (missing)
    throw new Error(`the load benchmark needs the local clusters: ${missing}`);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch(e => console.error(`load: stop failed: ${e}`));
    }
  };
  const onSignal = () => {
    stopAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const port = await freePort();
    log('starting the local services: SLO Prometheus, two sample clusters');
    const settled = await Promise.allSettled([
      startSamplePrometheus({
        dir: runDir('load-prometheus'),
        backendTarget: `127.0.0.1:${port}`,
      }),
      startLocalCluster('eks-staging-euw1'),
      startLocalCluster('eks-production-euw1'),
    ]);
    for (const s of settled) {
      if (s.status === 'fulfilled') stops.push(() => s.value.stop());
    }
    const failed = settled.find(s => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    const prometheus = (settled[0] as PromiseFulfilledResult<{ url: string }>)
      .value;
    const clusters = settled
      .slice(1)
      .map(s => (s as PromiseFulfilledResult<LocalCluster>).value);
    const dir = runDir('load-backend');
    // as bench/load.sh sets it: production's heap ceiling unless overridden
    const backendNodeOptions = process.env.NODE_OPTIONS ?? '';
    // the backend's heap after each full GC (heapSampler.cjs), beside RSS
    const heapFile = path.join(dir, 'heap.jsonl');
    process.env.RUNWAY_LOAD_HEAP_FILE = heapFile;
    process.env.NODE_OPTIONS = `${
      process.env.NODE_OPTIONS ?? ''
    } --require ${path.join(__dirname, 'heapSampler.cjs')}`.trim();
    log(`starting the backend on 127.0.0.1:${port}`);
    const backend = await startBackend({
      port,
      dir,
      config: {
        // the ports of this run's services instead of make dev's fixed ones
        slo: {
          prometheus: [
            {
              name: 'local',
              url: prometheus.url,
              environments: ['staging', 'production'],
              queryTimeoutMs: 5000,
            },
          ],
        },
        eks: eksConfigFor(clusters),
        runwayTemplates: {
          publish: {
            provider: 'local',
            local: { directory: path.join(dir, 'repos') },
          },
        },
      },
    });
    stops.push(() => backend.stop());
    const started = Date.now();

    // a fresh guest token every 10 minutes (they last an hour)
    let token = await guestToken(backend.baseUrl);
    const refresh = setInterval(() => {
      guestToken(backend.baseUrl).then(
        t => (token = t),
        () => {},
      );
    }, 600_000);
    stops.push(async () => clearInterval(refresh));

    log(
      'waiting for the sample data: catalog, cost import, clusters, decisions index',
    );
    await waitFor('the catalog', async () => {
      const e = await getJson(
        backend.baseUrl,
        token,
        '/api/catalog/entities?filter=kind=component,metadata.name=runway',
      );
      return e.length > 0;
    });
    await waitFor('the cost sample import', async () => {
      const s = await getJson(backend.baseUrl, token, '/api/aws-cost/status');
      return s.sources.some((x: any) => x.sample && x.lastSuccessAt);
    });
    await waitFor('both clusters', async () => {
      const c = await getJson(backend.baseUrl, token, '/api/eks/clusters');
      return c.clusters.length === 2 && c.errors.length === 0;
    });
    await waitFor('the decisions index', async () => {
      const a = await getJson(backend.baseUrl, token, '/api/decisions/adrs');
      return a.items.length > 0;
    });
    // every route answers 200 once before the load (also fills caches)
    for (const routes of Object.values(ROUTES)) {
      for (const route of routes) await getJson(backend.baseUrl, token, route);
    }
    const readySeconds = Math.round((Date.now() - started) / 1000);
    log(
      `backend ready with sample data after ${readySeconds} s; RSS ${backend.rssMiB()} MiB`,
    );

    const currentToken = () => token;
    const plugins = Object.keys(ROUTES);
    const out: Record<string, unknown> = {};
    const notes: string[] = [];
    const rssBeforeWarmup = backend.rssMiB();
    if (WARMUP_SECONDS > 0) {
      log(
        `warm-up: ${RATE} req/s for ${WARMUP_SECONDS} s over ${plugins.join(
          ', ',
        )}`,
      );
      const rss = rssSampler(backend);
      let requests = 0;
      let errors = 0;
      for (const p of plugins) {
        const runs = await drive(
          backend.baseUrl,
          currentToken,
          [p],
          WARMUP_SECONDS / plugins.length,
        );
        requests += runs[p].requests;
        errors += runs[p].errors;
      }
      const { rss_start_mb, rss_end_mb, rss_growth_mb, rss_max_mb } =
        rssFigures(rss.stop());
      out.warmup = {
        seconds: WARMUP_SECONDS,
        requests,
        errors,
        rss_start_mb,
        rss_end_mb,
        rss_growth_mb,
        rss_max_mb,
      };
      log(`warm-up done: RSS ${rss_start_mb} -> ${rss_end_mb} MiB`);
    }
    const perPlugin: Record<string, unknown> = {};
    let rssAll: Array<{ t: number; mb: number }> = [];
    const load1 = os.loadavg()[0];
    if (MODE === 'sequential') {
      for (const p of plugins) {
        log(`${p}: ${RATE} req/s for ${SECONDS} s`);
        const rss = rssSampler(backend);
        const cpu0 = cpuSeconds(backend.child.pid!);
        const from = Date.now();
        const runs = await drive(backend.baseUrl, currentToken, [p], SECONDS);
        const cpu = cpuSeconds(backend.child.pid!) - cpu0;
        const samples = rss.stop();
        rssAll = rssAll.concat(samples);
        const s = summarize(runs[p]);
        perPlugin[p] = {
          ...s.result,
          ...rssFigures(samples),
          ...heapFigures(heapFile, from, Date.now()),
          backend_cpu_ms_per_request: round1((cpu * 1000) / runs[p].requests),
        };
        notes.push(`${p} routes: ${JSON.stringify(s.byRoute, null, 1)}`);
        if (runs[p].errors)
          notes.push(
            `${p} errors: ${JSON.stringify(runs[p].errorKinds, null, 1)}`,
          );
      }
    } else {
      log(`${plugins.join(', ')} at once: ${RATE} req/s each for ${SECONDS} s`);
      const rss = rssSampler(backend);
      const cpu0 = cpuSeconds(backend.child.pid!);
      const from = Date.now();
      const runs = await drive(backend.baseUrl, currentToken, plugins, SECONDS);
      const cpu = cpuSeconds(backend.child.pid!) - cpu0;
      rssAll = rss.stop();
      Object.assign(out, heapFigures(heapFile, from, Date.now()));
      const requests = plugins.reduce((n, p) => n + runs[p].requests, 0);
      out.backend_cpu_ms_per_request = round1((cpu * 1000) / requests);
      for (const p of plugins) {
        const s = summarize(runs[p]);
        perPlugin[p] = s.result;
        notes.push(`${p} routes: ${JSON.stringify(s.byRoute, null, 1)}`);
        if (runs[p].errors)
          notes.push(
            `${p} errors: ${JSON.stringify(runs[p].errorKinds, null, 1)}`,
          );
      }
    }
    Object.assign(out, {
      plugins: perPlugin,
      ...rssFigures(rssAll),
      rss_growth_including_warmup_mb:
        rssAll[rssAll.length - 1].mb - rssBeforeWarmup,
      mode: MODE,
      seconds: SECONDS,
      backend_node_options: backendNodeOptions,
      rate_per_plugin_rps: RATE,
      total_rate_rps: MODE === 'sequential' ? RATE : RATE * plugins.length,
      targets: {
        errors: 0,
        rss_growth_mb_below: 50,
        met:
          Object.values(perPlugin).every((r: any) => r.errors === 0) &&
          rssFigures(rssAll).rss_growth_mb < 50 &&
          (MODE !== 'sequential' ||
            Object.values(perPlugin).every((r: any) => r.rss_growth_mb < 50)),
      },
      machine: {
        cpus: os.cpus().length,
        memory_gib: Math.round(os.totalmem() / 2 ** 30),
        load_average_1m_before: round1(load1),
        load_average_1m_after: round1(os.loadavg()[0]),
        shared:
          'other engineers ran builds and test suites on the same 2 cores during the run',
      },
      backend_ready_s: readySeconds,
      measured_at: new Date().toISOString(),
    });
    fs.mkdirSync(RESULTS, { recursive: true });
    fs.writeFileSync(
      path.join(RESULTS, 'load.json'),
      `${JSON.stringify(out, null, 2)}\n`,
    );
    fs.writeFileSync(
      path.join(RESULTS, 'load-notes.txt'),
      [
        `routes per plugin (each plugin's rate is spread over its routes in turn):`,
        stringify(ROUTES),
        ...notes,
        `RSS samples (s: MiB): ${rssAll.map(s => `${s.t}:${s.mb}`).join(' ')}`,
        `heap used after each full GC (s since start: MiB): ${heapRecords(
          heapFile,
        )
          .filter(r => r.gc)
          .map(r => `${Math.round((r.ts - started) / 1000)}:${r.heapUsedMb}`)
          .join(' ')}`,
        '',
      ].join('\n'),
    );
    log(`done: ${JSON.stringify(out, null, 2)}`);
  } finally {
    await stopAll();
    agent.destroy();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(`load: failed: ${error.stack ?? error}`);
    process.exit(1);
  },
);
