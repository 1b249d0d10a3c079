/**
 * SLO benchmark (bench/slo.sh): 50 SLOs (25 services x availability +
 * latency) against a real Prometheus (Debian's package) holding two days of
 * seeded history and the generated recording rules (backfilled over the last
 * two hours, evaluated live after). Measures, through the SLO backend's
 * service and its real Prometheus client:
 *
 * - queries_per_slo_view: Prometheus queries for one SLO view (figures +
 *   budget history) on a cold cache;
 * - slo_list_p95_ms: the overview of all 50 SLOs, warm cache (30 s TTL);
 * - gate_p95_ms: the deploy gate for one service, warm cache.
 *
 * Writes bench/results/slo.json with exactly those keys plus `slos`, and
 * bench/results/slo-notes.txt with cold-cache figures.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateRules, parseSloFile } from '@runway/plugin-slo-common';
import {
  DefaultSloService,
  PrometheusClient,
} from '@runway/plugin-slo-backend';
import {
  backfillOpenMetrics,
  backfillRules,
  startPrometheus,
} from '../harness/prometheus';
import { ROOT } from '../harness/processes';
import {
  generateHistory,
  scrapeTimes,
  ServiceStory,
  toOpenMetrics,
} from './history';

const SERVICES = 25;

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};
const ITERATIONS = 200;

function sloFile(service: string): string {
  return `
apiVersion: openslo/v1
kind: SLO
metadata: { name: ${service}-availability }
spec:
  service: ${service}
  indicator:
    metadata: { name: ${service}-ok }
    spec:
      ratioMetric:
        bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="${service}",code=~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="${service}"}' } } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: ${service}-latency }
spec:
  service: ${service}
  indicator:
    metadata: { name: ${service}-fast }
    spec:
      thresholdMetric:
        metricSource: { type: Prometheus, spec: { query: 'http_request_duration_seconds{service="${service}"}' } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99, op: lte, value: 0.3 }]
`;
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length * 0.95)] * 100) / 100;
}

async function timed(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn();
    out.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return out;
}

async function main() {
  const dir = path.join(ROOT, '.runway', 'bench', 'slo');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const dataDir = path.join(dir, 'data');
  const t0 = Math.floor(Date.now() / 1000 / 60) * 60 - 120;
  const services = Array.from(
    { length: SERVICES },
    (_, i) => `bench-svc-${String(i).padStart(2, '0')}`,
  );
  const stories: ServiceStory[] = services.map((service, i) => ({
    service,
    kind: 'http',
    requestsPerSecond: 5 + i,
    errorRatio: t => (i % 5 === 0 && t > t0 - 3600 ? 0.05 : 0.0005),
    threshold: 0.3,
    slowRatio: () => 0.005,
  }));
  const history = generateHistory({
    seed: 9,
    times: scrapeTimes(t0 - 2 * 86400, t0, 300, 60, t0 - 86400),
    stories,
    labels: { job: 'bench' },
  });
  await backfillOpenMetrics(toOpenMetrics(history), dir, dataDir);
  const slos = services.flatMap(s => parseSloFile(sloFile(s)).slos);
  const ruleFile = path.join(dir, 'rules.yaml');
  fs.writeFileSync(
    ruleFile,
    generateRules(slos, {
      runbookBaseUrl: 'http://runway.bench/runbook/',
      entity: 'bench',
    }).ruleFileYaml,
  );
  const backfill = await startPrometheus({ dir, dataDir, name: 'backfill' });
  try {
    await backfillRules({
      url: backfill.url,
      ruleFile,
      start: t0 - 7200,
      end: t0,
      evalInterval: '60s',
      dir,
      dataDir,
    });
  } finally {
    await backfill.stop();
  }
  const prometheus = await startPrometheus({
    dir,
    dataDir,
    ruleFiles: [ruleFile],
  });
  try {
    const entities = services.map(name => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        labels: { 'runway.io/tier': '2' },
        annotations: { 'runway.io/slo-ref': './slo.yaml' },
      },
      spec: { owner: 'group:default/team-bench' },
    }));
    const catalog = {
      getEntityByRef: async (ref: string) =>
        entities.find(e => ref.endsWith(`/${e.metadata.name}`)),
      getEntities: async () => ({ items: entities }),
    } as any;
    const definitions = {
      read: async (entity: any) => ({
        sloRef: './slo.yaml',
        slos: slos.filter(s => s.service === entity.metadata.name),
        issues: [],
      }),
    };
    const make = (client: PrometheusClient, cacheTtlMs: number) =>
      new DefaultSloService({
        settings: {
          sources: [{ client, environments: ['production'] }],
          defaultEnvironment: 'production',
          cacheTtlMs,
          gate: {
            minRemainingBudget: 0.25,
            denyOnFastBurn: true,
            failOpen: false,
            allowWithoutSlos: false,
          },
          files: { maxBytes: 262144, trustedOrigins: [] },
          queries: {
            maxExpressionLength: 2000,
            maxSelectors: 10,
            maxRegexLength: 200,
            maxSlosPerFile: 20,
            maxConcurrentQueries: 8,
          },
          sampleData: false,
        },
        definitions,
        catalog,
        logger: silentLogger,
        // evaluate at the end of the history, where the backfilled rules are
        clock: () => t0,
      });
    const credentials = {} as any;

    // one SLO view, cold: figures + budget history
    const coldClient = new PrometheusClient({
      name: 'bench',
      url: prometheus.url,
    });
    const cold = make(coldClient, 0);
    await cold.sloDetail(
      `component:default/${services[0]}`,
      `${services[0]}-availability`,
      'production',
      credentials,
    );
    const queriesPerView = coldClient.queryCount;

    const listCold = await timed(20, () =>
      cold.listSlos('production', credentials),
    );
    const gateCold = await timed(50, () =>
      cold.gate(`component:default/${services[0]}`, 'production', credentials),
    );

    const warm = make(
      new PrometheusClient({ name: 'bench', url: prometheus.url }),
      30_000,
    );
    const list = await warm.listSlos('production', credentials);
    if (list.items.length !== SERVICES * 2 || list.errors.length > 0) {
      throw new Error(
        `expected ${SERVICES * 2} SLOs without errors, got ${
          list.items.length
        } (${JSON.stringify(list.errors)})`,
      );
    }
    const listWarm = await timed(ITERATIONS, () =>
      warm.listSlos('production', credentials),
    );
    const gateWarm = await timed(ITERATIONS, () =>
      warm.gate(`component:default/${services[0]}`, 'production', credentials),
    );

    const result = {
      queries_per_slo_view: queriesPerView,
      slo_list_p95_ms: p95(listWarm),
      slos: list.items.length,
      gate_p95_ms: p95(gateWarm),
    };
    fs.mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, 'bench', 'results', 'slo.json'),
      `${JSON.stringify(result, null, 2)}\n`,
    );
    const notes = [
      `SLO benchmark, ${new Date().toISOString()}`,
      `${SERVICES} services, ${list.items.length} SLOs, Prometheus ${prometheus.url} (Debian package), 2 days of history`,
      `queries per SLO view (cold cache, figures + history): ${queriesPerView}`,
      `overview of ${list.items.length} SLOs: warm p95 ${p95(
        listWarm,
      )} ms (${ITERATIONS} runs), cold p95 ${p95(listCold)} ms (20 runs)`,
      `deploy gate: warm p95 ${p95(
        gateWarm,
      )} ms (${ITERATIONS} runs), cold p95 ${p95(gateCold)} ms (50 runs)`,
    ].join('\n');
    fs.writeFileSync(
      path.join(ROOT, 'bench', 'results', 'slo-notes.txt'),
      `${notes}\n`,
    );
    console.log(JSON.stringify(result));
    console.log(notes);
  } finally {
    await prometheus.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
