/**
 * Load and failover benchmark on the production rehearsal (bench/rehearsal.sh):
 * the built backend image as two NODE_ENV=production replicas behind
 * haproxy, on PostgreSQL, Redis, moto, two local clusters, Prometheus and
 * OIDC (test/src/rehearsal/environment.ts).
 *
 * - Each of the catalog, cost, SLO and EKS APIs gets a constant arrival rate
 *   (BENCH_RATE, default 50 req/s; 200 req/s in all) over its main read
 *   routes, all four at once through the load balancer, signed in through
 *   OIDC as the persona who reads that API, for BENCH_SECONDS (default 300)
 *   after a warm-up of BENCH_WARMUP_SECONDS (default 30). Open model: a
 *   request is sent when it is due whatever earlier ones are doing, and its
 *   latency counts from when it was due.
 * - At BENCH_KILL_AT of the run (default 0.5) replica b is killed (SIGKILL)
 *   and started again at once, as Kubernetes restarts a crashed container.
 * - Each replica's RSS (VmRSS) is read every 5 s, its scheduled task runs
 *   (the scheduler's started-runs counter) too.
 *
 * Writes bench/results/rehearsal.json and bench/results/rehearsal-notes.txt;
 * the figures' definitions are in rehearsalReport.ts and docs/benchmarks.md.
 */
import os from 'node:os';
import { oidcSignIn } from '../harness/oidcSignIn';
import { runDir } from '../harness/processes';
import { runCounter, scheduledTasks, taskReport } from '../rehearsal/benchJobs';
import { Rehearsal, startRehearsal } from '../rehearsal/environment';
import { driveOpenLoad, Stream } from './openLoad';
import { cpuSeconds, machineCpu } from './procStats';
import { Measured, RssSample, Timeline, writeResults } from './rehearsalReport';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 30);
const KILL_AT = Number(process.env.BENCH_KILL_AT ?? 0.5);
const TIMEOUT_MS = 10_000;

const log = (msg: string) =>
  console.log(
    `rehearsal-bench ${new Date().toISOString().slice(11, 19)}: ${msg}`,
  );

/** Each API's persona and the read routes its pages call. */
const APIS: Record<string, { login: string; routes: string[] }> = {
  catalog: {
    login: 'grace.checkout',
    routes: [
      '/api/catalog/entities/by-query?filter=kind%3Dcomponent&limit=20',
      '/api/catalog/entities/by-query?filter=kind%3Dcomponent%2Cspec.type%3Dservice&limit=20',
      '/api/catalog/entities/by-name/component/default/checkout-api',
      '/api/catalog/entity-facets?facet=spec.owner&filter=kind%3Dcomponent',
      '/api/catalog/entities/by-query?filter=kind%3Dgroup&limit=50',
      '/api/catalog/entities/by-query?fullTextFilterTerm=api&fullTextFilterFields=metadata.name&limit=20',
    ],
  },
  cost: {
    login: 'carol.finance',
    routes: [
      '/api/aws-cost/summary',
      '/api/aws-cost/breakdown?dimension=team&granularity=monthly',
      '/api/aws-cost/breakdown?dimension=service&granularity=monthly&team=team-payments',
      '/api/aws-cost/movers?dimension=service',
      '/api/aws-cost/anomalies',
      '/api/aws-cost/budgets',
      '/api/aws-cost/entity/component/default/billing-worker',
    ],
  },
  slo: {
    login: 'grace.checkout',
    routes: [
      '/api/slo/slos',
      '/api/slo/entity/component/default/checkout-api',
      '/api/slo/entity/component/default/checkout-api/slos/checkout-api-availability',
      '/api/slo/entity/component/default/inventory-api/slos/inventory-api-latency',
      '/api/slo/teams/team-checkout/compliance?months=6',
      '/api/slo/gate?entity=component:default/checkout-api&env=production',
    ],
  },
  eks: {
    login: 'alice.ops',
    routes: [
      '/api/eks/clusters',
      '/api/eks/clusters/eks-production-euw1',
      '/api/eks/clusters/eks-staging-euw1',
      '/api/eks/workloads?entity=component:default/payments-api',
      '/api/eks/workloads?entity=component:default/inventory-api',
      '/api/eks/workloads?entity=component:default/checkout-api',
    ],
  },
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitFor(what: string, check: () => Promise<boolean>) {
  const deadline = Date.now() + 300_000;
  let last = '';
  for (;;) {
    try {
      if (await check()) return;
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? `: ${last}` : ''}`,
      );
    }
    await sleep(2000);
  }
}

async function signIn(url: string, login: string): Promise<string> {
  const answer = await oidcSignIn({
    backendUrl: url,
    login,
    env: 'production',
  });
  if (!('response' in answer)) {
    throw new Error(`${login} could not sign in: ${answer.error.message}`);
  }
  return answer.response.backstageIdentity.token;
}

/** Task runs across the replicas' processes (benchJobs.ts). */
type Jobs = ReturnType<typeof runCounter>;

async function measure(rehearsal: Rehearsal, jobs: Jobs): Promise<Measured> {
  const { url, replicas, loadBalancer } = rehearsal;
  const tokens: Record<string, string> = {};
  for (const login of new Set(Object.values(APIS).map(a => a.login))) {
    tokens[login] = await signIn(url, login);
  }
  log('waiting until every route answers 200 with the synced data');
  await waitFor('both clusters', async () => {
    const res = await fetch(`${url}/api/eks/clusters`, {
      headers: { authorization: `Bearer ${tokens['alice.ops']}` },
    });
    const body = (await res.json()) as {
      clusters: unknown[];
      errors: unknown[];
    };
    return body.clusters.length === 2 && body.errors.length === 0;
  });
  await waitFor('the cost sync', async () => {
    const res = await fetch(`${url}/api/aws-cost/summary`, {
      headers: { authorization: `Bearer ${tokens['carol.finance']}` },
    });
    return res.ok && !(await res.text()).includes('"total":0');
  });
  for (const [api, { login, routes }] of Object.entries(APIS)) {
    for (const route of routes) {
      await waitFor(`${api} ${route}`, async () => {
        const res = await fetch(`${url}${route}`, {
          headers: { authorization: `Bearer ${tokens[login]}` },
          signal: AbortSignal.timeout(30_000),
        });
        await res.arrayBuffer();
        return res.ok;
      });
    }
  }
  const streams: Stream[] = Object.entries(APIS).map(([name, api]) => ({
    name,
    rate: RATE,
    routes: api.routes,
    token: () => tokens[api.login],
  }));

  log(
    `warm-up: ${RATE} req/s on each of ${streams.length} APIs for ${WARMUP_SECONDS} s`,
  );
  const warmup =
    WARMUP_SECONDS > 0
      ? await driveOpenLoad({
          baseUrl: url,
          streams,
          seconds: WARMUP_SECONDS,
          timeoutMs: TIMEOUT_MS,
        })
      : { records: [], maxSendLagMs: 0 };

  // samplers: RSS and task runs every 5 s, haproxy's view every 500 ms
  await jobs.scrape();
  const rss = replicas.map(() => [] as RssSample[]);
  const sampleRss = () =>
    replicas.forEach((r, i) => {
      try {
        const pid = r.child.pid!;
        rss[i].push({
          t: Date.now(),
          mb: r.rssMiB(),
          pid,
          cpu: cpuSeconds(pid),
        });
      } catch {
        // the replica is down
      }
    });
  sampleRss();
  const rssStart = rss.map(s => s[0]?.mb ?? NaN);
  const timers = [
    setInterval(sampleRss, 5000),
    setInterval(() => void jobs.scrape(), 5000),
  ];
  const timeline: Timeline = { states: [] };
  const victim = replicas.length - 1;
  const lastState: Record<string, string> = {};
  const pollStates = async () => {
    const states = await loadBalancer.serverStates().catch(() => ({}));
    for (const [replica, state] of Object.entries(states)) {
      if (state === lastState[replica]) continue;
      lastState[replica] = state;
      timeline.states.push({ t: Date.now(), replica, state });
    }
  };
  await pollStates();
  timers.push(setInterval(pollStates, 500));

  let rssBeforeKill = NaN;
  /** Kills the victim and starts it again, as Kubernetes restarts a crashed container. */
  const killAndRestart = async () => {
    try {
      await jobs.scrape(victim);
      rssBeforeKill = replicas[victim].rssMiB();
      const pid = replicas[victim].child.pid!;
      rss[victim].push({
        t: Date.now(),
        mb: rssBeforeKill,
        pid,
        cpu: cpuSeconds(pid),
      });
      log(
        `killing replica ${replicas[victim].name} (SIGKILL) and starting it again`,
      );
      timeline.killAt = Date.now();
      await replicas[victim].kill();
      jobs.restarted(victim);
      await replicas[victim].restart();
      timeline.restartReadyAt = Date.now();
      log(`replica ${replicas[victim].name} ready again`);
    } catch (e) {
      timeline.restartError = String(e);
    }
  };
  let failover: Promise<void> = Promise.resolve();
  const killTimer = setTimeout(() => {
    failover = killAndRestart();
  }, SECONDS * KILL_AT * 1000);

  const load1Before = os.loadavg()[0];
  const machineBefore = machineCpu();
  const startedAt = Date.now();
  log(`load: ${RATE} req/s on each of ${streams.length} APIs for ${SECONDS} s`);
  const run = await driveOpenLoad({
    baseUrl: url,
    streams,
    seconds: SECONDS,
    timeoutMs: TIMEOUT_MS,
  });
  const endedAt = Date.now();
  const machineAfter = machineCpu();
  clearTimeout(killTimer);
  await failover;
  for (const t of timers) clearInterval(t);
  sampleRss();
  await jobs.scrape();
  const tasks = await scheduledTasks(url, tokens['alice.ops']);
  const report = taskReport(
    tasks,
    jobs.counts(),
    Date.now() - rehearsal.startedAt,
    replicas.length,
  );
  const lbStats = await loadBalancer
    .serverStats()
    .catch(e => ({ error: String(e) }));
  return {
    run,
    warmup,
    timeline,
    rss,
    rssStart,
    rssBeforeKill,
    victim,
    report,
    lbStats,
    startedAt,
    endedAt,
    load1Before,
    machine: {
      busyCores:
        (machineAfter.busy - machineBefore.busy) /
        ((endedAt - startedAt) / 1000),
    },
  };
}

/** NODE_OPTIONS as the Deployment sets it (the runway-backend-env ConfigMap in k8s/base). */
async function main() {
  const image = process.argv[2];
  if (!image) throw new Error('usage: rehearsalLoad.ts <image-dir>');
  let rehearsal: Rehearsal | undefined;
  let stopping = false;
  const stop = async () => {
    if (stopping || !rehearsal) return;
    stopping = true;
    log('stopping the rehearsal');
    await rehearsal.stop();
  };
  const onSignal = () => {
    stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    rehearsal = await startRehearsal({
      dir: runDir('rehearsal-bench'),
      image,
      log: message => log(message),
    });
    const jobs = runCounter(rehearsal.replicas.map(r => r.metricsUrl));
    const result = await measure(rehearsal, jobs);
    const { out, met } = writeResults(result, rehearsal, {
      apis: APIS,
      rate: RATE,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
    });
    log(`results: ${JSON.stringify(out)}`);
    log(`targets: ${JSON.stringify(met)}`);
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    console.error(`rehearsal-bench: failed: ${error.stack ?? error}`);
    process.exit(1);
  },
);
