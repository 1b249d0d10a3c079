/**
 * `make dev`'s local Prometheus for the SLO plugin (run by
 * scripts/dev.d/slo.sh): 35 days of generated, seeded sample history for the
 * sample services, backfilled with promtool together with the series their
 * recording rules would have recorded over it (so the budget chart reads
 * recording rules from the start); the recording and alert rules generated
 * from their slo.yaml files (and Runway's), evaluated live from then on;
 * then Prometheus on 127.0.0.1:19090,
 * scraping a small exporter that continues the sample services' story live
 * and Runway's own backend (127.0.0.1:7007/metrics).
 *
 * The story (DESIGN.md): checkout-api's availability burns fast (an incident
 * for the last 3 hours, budget below 25 %); inventory-api's latency is at risk
 * (HPA pinned at max for two days); storefront-web is healthy; payments-api
 * and billing-worker are fine on SLOs.
 */
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  generateRules,
  parseDuration,
  RECORDING_RULE_PREFIX,
  runbookBaseUrl,
} from '@runway/plugin-slo-common';
import { backfillOpenMetrics, startPrometheus } from '../harness/prometheus';
import { ROOT } from '../harness/processes';
import {
  addStep,
  Counters,
  generateHistory,
  recordedSeries,
  scrapeTimes,
  Series,
  seededRandom,
  seriesValues,
  ServiceStory,
  stepEvents,
  storySeries,
  toOpenMetrics,
} from './history';

const DAY = 86400;
const HOUR = 3600;
const PORT = Number(process.env.RUNWAY_SLO_PROMETHEUS_PORT ?? 19090);
const BACKEND_TARGET = process.env.RUNWAY_BACKEND_METRICS ?? '127.0.0.1:7007';
const SAMPLE_LABELS = { job: 'runway-sample', instance: 'sample-services' };

/** The sample services' story, relative to the start time. */
export function sampleStories(t0: number): ServiceStory[] {
  return [
    {
      service: 'storefront-web',
      kind: 'http',
      requestsPerSecond: 40,
      errorRatio: () => 0.0002,
      threshold: 0.5,
      slowRatio: () => 0.002,
    },
    {
      service: 'checkout-api',
      kind: 'http',
      requestsPerSecond: 20,
      // an incident for the last three hours: 15 % of requests fail
      errorRatio: t => (t > t0 - 3 * HOUR ? 0.15 : 0.0003),
      threshold: 0.3,
      slowRatio: () => 0.003,
    },
    {
      service: 'inventory-api',
      kind: 'http',
      requestsPerSecond: 15,
      errorRatio: () => 0.001,
      threshold: 0.3,
      // HPA pinned at max replicas for two days: 8 % slow instead of 3.5 %
      slowRatio: t => (t > t0 - 2 * DAY ? 0.08 : 0.035),
    },
    {
      service: 'payments-api',
      kind: 'http',
      requestsPerSecond: 8,
      errorRatio: () => 0.0003,
      threshold: 0.5,
      slowRatio: () => 0.003,
    },
    {
      service: 'billing-worker',
      kind: 'queue',
      requestsPerSecond: 2,
      errorRatio: () => 0.002,
      threshold: 5,
      slowRatio: () => 0.01,
    },
  ];
}

function writeRules(dir: string): { all: string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const entities: Array<[string, string]> = [
    ['runway', path.join(ROOT, 'slo.yaml')],
    ...[
      'storefront-web',
      'checkout-api',
      'inventory-api',
      'payments-api',
      'billing-worker',
    ].map((s): [string, string] => [
      s,
      path.join(ROOT, 'catalog', 'samples', s, 'slo.yaml'),
    ]),
  ];
  for (const [entity, file] of entities) {
    const rules = generateRules(fs.readFileSync(file, 'utf8'), {
      runbookBaseUrl: runbookBaseUrl('http://localhost:3000', entity),
      entity,
    });
    const out = path.join(dir, `${entity}.rules.yaml`);
    fs.writeFileSync(out, rules.ruleFileYaml);
    files.push(out);
  }
  return { all: files };
}

/**
 * The recorded series of the sample services' SLOs over the history (see
 * recordedSeries): on multiples of RECORDED_STEP (6 hours, every other point
 * of the budget chart's 3-hour step for 30-day windows) over the last
 * RECORDED_SPAN, and every 5 minutes over the last 3 days (burn-rate
 * windows, every chart point). The chart then finds recorded samples at 133
 * of its 241 points, more than the half below which the backend falls back
 * to raw expressions. Every 2-hour TSDB block promtool writes costs start-up
 * time: a 3-hour grid (all 241 points) adds about 110 more blocks, 3 to 4 s.
 */
export const RECORDED_STEP = 6 * HOUR;
export const RECORDED_SPAN = 31 * DAY;
export function recordedHistory(
  history: ReturnType<typeof generateHistory>,
  stories: ServiceStory[],
  t0: number,
): Series[] {
  const times: number[] = [];
  const grid: number[] = [];
  const last = Math.floor((t0 - 1) / 300) * 300;
  for (let t = last - RECORDED_SPAN; t <= last; t += 300) {
    if (t % RECORDED_STEP === 0) grid.push(t);
    if (t % RECORDED_STEP === 0 || t > t0 - 3 * DAY) times.push(t);
  }
  const out: Series[] = [];
  for (const story of stories) {
    const file = path.join(
      ROOT,
      'catalog',
      'samples',
      story.service,
      'slo.yaml',
    );
    const { groups } = generateRules(fs.readFileSync(file, 'utf8'), {
      runbookBaseUrl: 'unused/',
      entity: story.service,
    });
    for (const group of groups) {
      const recordings = group.rules.filter(
        (
          r,
        ): r is {
          record: string;
          expr: string;
          labels?: Record<string, string>;
        } => 'record' in r,
      );
      if (recordings.length === 0) continue;
      const slo = recordings[0].labels?.slo ?? '';
      out.push(
        ...recordedSeries({
          rules: recordings,
          service: history[story.service],
          story,
          kind: slo.endsWith('-latency') ? 'latency' : 'availability',
          times,
          constantTimes: grid,
          parseWindow: parseDuration,
          prefix: RECORDING_RULE_PREFIX,
        }),
      );
    }
  }
  return out;
}

/**
 * Generates the sample history into `dir`, starts the live exporter and
 * Prometheus on `port` (free port when omitted), scraping `backendTarget`.
 */
export async function startSamplePrometheus(options: {
  dir: string;
  port?: number;
  backendTarget: string;
  log?: (msg: string) => void;
}) {
  const say = options.log ?? (() => {});
  const STATE = options.dir;
  const BACKEND = options.backendTarget;
  const t0 = Math.floor(Date.now() / 1000 / 60) * 60;
  fs.mkdirSync(STATE, { recursive: true });
  const dataDir = path.join(STATE, 'data');
  const stories = sampleStories(t0);

  const started = Date.now();
  say('generating 35 days of sample history (seeded) for the sample services');
  // Twice a day for history older than 3 days (enough for the 30-day window:
  // every TSDB block backfilled costs time, one per 2 hours holding data),
  // 5 minutes for the last 3 days, 1 minute for the last day (5m and 30m
  // windows).
  const times = [
    // (on multiples of 12 hours, so they share TSDB blocks with the
    // recorded series' 6-hour grid below)
    ...scrapeTimes(
      Math.ceil((t0 - 35 * DAY) / (DAY / 2)) * (DAY / 2),
      t0 - 3 * DAY - 1,
      DAY / 2,
      DAY / 2,
      Infinity,
    ),
    ...scrapeTimes(t0 - 3 * DAY, t0, 300, 60, t0 - DAY),
  ];
  const history = generateHistory({
    seed: 2026,
    times,
    stories,
    labels: SAMPLE_LABELS,
  });
  const rules = writeRules(path.join(STATE, 'rules'));
  // The recording rules' series over the backfilled range, computed from the
  // same history and backfilled with it in one promtool run (`promtool tsdb
  // create-blocks-from rules` writes one block per rule and 2 hours, far too
  // slow for 30 days at start-up); the rules are evaluated live from then on.
  await backfillOpenMetrics(
    toOpenMetrics(history, recordedHistory(history, stories, t0)),
    STATE,
    dataDir,
    { chunkSeconds: DAY, parallel: 2 },
  );

  // The live part of the story: counters continue from the history.
  const random = seededRandom(t0);
  const noise = () => 0.85 + 0.3 * random();
  const live = stories.map(story => ({
    story,
    counters: history[story.service].counters as Counters,
    last: t0,
    series: storySeries(story, SAMPLE_LABELS),
  }));
  const exporter = http.createServer((_req, res) => {
    const now = Math.floor(Date.now() / 1000);
    const lines: string[] = [];
    for (const s of live) {
      if (now > s.last) {
        addStep(s.counters, s.story, stepEvents(s.story, s.last, now, noise));
        s.last = now;
      }
      const values = seriesValues(s.counters);
      s.series.forEach((x, i) => {
        const labels = Object.entries(x.labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(',');
        lines.push(`${x.name}{${labels}} ${values[i]}`);
      });
    }
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(`${lines.join('\n')}\n`);
  });
  await new Promise<void>(r => exporter.listen(0, '127.0.0.1', r));
  const exporterPort = (exporter.address() as AddressInfo).port;

  const prometheus = await startPrometheus({
    dir: STATE,
    dataDir,
    port: options.port,
    ruleFiles: rules.all,
    scrapeConfigs: [
      {
        job_name: 'runway-sample',
        honor_labels: true,
        scrape_interval: '15s',
        static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }],
      },
      {
        job_name: 'runway',
        scrape_interval: '15s',
        metrics_path: '/metrics',
        static_configs: [{ targets: [BACKEND] }],
      },
    ],
  });
  say(
    `Prometheus ready on ${prometheus.url} in ${Math.round(
      (Date.now() - started) / 1000,
    )}s (sample history for the sample services, live scrape of Runway at ${BACKEND}/metrics)`,
  );
  return {
    url: prometheus.url,
    /** Stops Prometheus (the exporter keeps counting); `up()` starts it again on its data. */
    down: () => prometheus.down(),
    up: () => prometheus.up(),
    async stop() {
      exporter.close();
      await prometheus.stop();
    },
  };
}

async function main() {
  const state = path.join(ROOT, '.runway', 'slo-prometheus');
  fs.rmSync(state, { recursive: true, force: true });
  const running = await startSamplePrometheus({
    dir: state,
    port: PORT,
    backendTarget: BACKEND_TARGET,
    log: msg => console.log(`dev slo: ${msg}`),
  });
  const stop = async () => {
    await running.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch(error => {
    console.error(`dev slo: failed: ${error.stack ?? error}`);
    process.exit(1);
  });
}
