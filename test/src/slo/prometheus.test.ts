/**
 * Error budgets against a real Prometheus (Debian's package): eight days of
 * generated history with known good and bad events, including a counter
 * reset and a two-hour scrape gap, backfilled with `promtool tsdb
 * create-blocks-from openmetrics`; the generated recording rules evaluated
 * over the last hours with `promtool tsdb create-blocks-from rules`; then the
 * SLO backend's own service (real PrometheusClient) answers, and every budget
 * must be within 0.1 percentage points of the value computed from the events.
 */
import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import {
  budgetFromCounts,
  errorRatioExpr,
  evaluateBurnRateAlerts,
  generateRules,
  parseSloFile,
  prometheusIncrease,
} from '@runway/plugin-slo-common';
import {
  DefaultSloService,
  PrometheusClient,
} from '@runway/plugin-slo-backend';
import {
  backfillOpenMetrics,
  backfillRules,
  instantQuery,
  Prometheus,
  startPrometheus,
} from '../harness/prometheus';
import { runDir } from '../harness/processes';
import {
  BUCKETS,
  generateHistory,
  History,
  sumEvents,
  toOpenMetrics,
} from './history';

const DAY = 86400;
const END = Math.floor(Date.now() / 1000 / 60) * 60 - 300;
const START = END - 8 * DAY;
const RESET = END - 3 * DAY; // the process restarted: counters start over
const GAP: [number, number] = [END - 5 * DAY, END - 5 * DAY + 2 * 3600];
const TOLERANCE = 0.001; // 0.1 percentage points of budget

const SLO_FILE = `
apiVersion: openslo/v1
kind: SLO
metadata: { name: itest-availability }
spec:
  service: itest-api
  indicator:
    metadata: { name: itest-non-5xx }
    spec:
      ratioMetric:
        counter: true
        bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="itest-api",code=~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="itest-api"}' } } }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: itest-latency }
spec:
  service: itest-api
  indicator:
    metadata: { name: itest-fast }
    spec:
      thresholdMetric:
        metricSource: { type: Prometheus, spec: { query: 'http_request_duration_seconds{service="itest-api"}' } }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.95, op: lte, value: 0.3 }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: itest-availability-month }
spec:
  service: itest-api
  indicator:
    metadata: { name: itest-non-5xx-month }
    spec:
      ratioMetric:
        bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="itest-api",code=~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="itest-api"}' } } }
  timeWindow: [{ duration: 1M, isRolling: false, calendar: { timeZone: UTC } }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: itest-unrecorded }
spec:
  service: itest-api
  indicator:
    metadata: { name: itest-non-5xx-raw }
    spec:
      ratioMetric:
        bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="itest-api",code=~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="itest-api"}' } } }
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.995 }]
`;

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'itest-api',
    namespace: 'default',
    annotations: { 'runway.io/slo-ref': './slo.yaml' },
  },
  spec: { owner: 'group:default/team-checkout' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-checkout' }],
};

describe('SLO budgets against a real Prometheus', () => {
  const dir = runDir('slo-prometheus');
  const dataDir = path.join(dir, 'data');
  let prometheus: Prometheus;
  let history: History;
  const slos = parseSloFile(SLO_FILE).slos;

  beforeAll(async () => {
    if (slos.length !== 4) throw new Error('the test SLO file did not parse');
    const times: number[] = [];
    for (let t = START; t <= END; t += 60) times.push(t);
    history = generateHistory({
      seed: 6,
      times,
      resets: [RESET],
      gaps: [GAP],
      labels: { job: 'itest', instance: 'itest-1' },
      stories: [
        {
          service: 'itest-api',
          kind: 'http',
          requestsPerSecond: 5,
          // 0.3 % errors, and an incident at 6 % for two hours a day ago
          errorRatio: t =>
            t > END - DAY - 2 * 3600 && t <= END - DAY ? 0.06 : 0.003,
          threshold: 0.3,
          slowRatio: t => (t > END - 2 * DAY ? 0.04 : 0.02),
        },
      ],
    });
    await backfillOpenMetrics(toOpenMetrics(history), dir, dataDir);

    // Rules for all SLOs but itest-unrecorded (exercises the raw fallback).
    const rules = generateRules(
      slos.filter(s => s.name !== 'itest-unrecorded'),
      {
        runbookBaseUrl:
          'http://runway.test/docs/default/component/itest-api/runbook/',
        entity: 'itest-api',
      },
    );
    const ruleFile = path.join(dir, 'rules.yaml');
    fs.writeFileSync(ruleFile, rules.ruleFileYaml);

    // Evaluate the recording rules over the last six hours of history ...
    const first = await startPrometheus({ dir, dataDir, name: 'backfill' });
    try {
      await backfillRules({
        url: first.url,
        ruleFile,
        start: END - 6 * 3600,
        end: END,
        evalInterval: '60s',
        dir,
        dataDir,
      });
    } finally {
      await first.stop();
    }
    // ... then serve everything with the rules loaded.
    prometheus = await startPrometheus({ dir, dataDir, ruleFiles: [ruleFile] });
  }, 300_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  function service(client: PrometheusClient) {
    return new DefaultSloService({
      settings: {
        sources: [{ client, environments: ['production'] }],
        defaultEnvironment: 'production',
        cacheTtlMs: 0,
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
      definitions: {
        read: async () => ({ sloRef: './slo.yaml', slos, issues: [] }),
      },
      catalog: { getEntityByRef: async () => entity } as any,
      logger: mockServices.logger.mock(),
      clock: () => END,
    });
  }

  const events = () => history['itest-api'].events;

  function expected(objective: number, from: number, kind: 'errors' | 'slow') {
    const sum = sumEvents(events(), from, END);
    const bad =
      kind === 'errors' ? sum.bad : sum.total - sum.under[BUCKETS.indexOf(0.3)];
    return budgetFromCounts(objective, sum.total - bad, sum.total);
  }

  it('the history really holds a counter reset and a scrape gap', () => {
    const bad = history['itest-api'].series.find(s => s.labels.code === '500')!;
    const resetIndex = bad.samples.findIndex(([t]) => t === RESET);
    expect(bad.samples[resetIndex][1]).toBeLessThan(
      bad.samples[resetIndex - 1][1],
    );
    expect(bad.samples.some(([t]) => t > GAP[0] && t < GAP[1])).toBe(false);
  });

  it("slo-common's prometheusIncrease matches Prometheus' increase() across the reset and the gap", async () => {
    const bad = history['itest-api'].series.find(s => s.labels.code === '500')!;
    for (const [at, range] of [
      [RESET + 3600, 7200],
      [GAP[1] + 1800, 4 * 3600],
      [END, 7 * DAY],
      [END - 3600, 3 * 3600],
    ]) {
      const [answer] = await instantQuery(
        prometheus.url,
        `increase(http_requests_total{service="itest-api",code="500"}[${range}s])`,
        at,
      );
      const ours = prometheusIncrease(bad.samples, at, range)!;
      expect(Math.abs(Number(answer.value[1]) - ours) / ours).toBeLessThan(
        1e-9,
      );
    }
  });

  it('availability over 7 days from the recording rule is within 0.1 pp of the events', async () => {
    const client = new PrometheusClient({ name: 'itest', url: prometheus.url });
    const result = await service(client).entitySlos(
      'component:default/itest-api',
      'production',
      {} as any,
    );
    const slo = result.slos.find(s => s.name === 'itest-availability')!;
    const want = expected(0.99, END - 7 * DAY, 'errors');
    expect(slo.fromRecordingRules).toBe(true);
    expect(want.remaining).toBeGreaterThan(0.1);
    expect(want.remaining).toBeLessThan(0.9);
    expect(Math.abs(slo.remaining! - want.remaining)).toBeLessThan(TOLERANCE);
    expect(result.errors).toEqual([]);
    fs.writeFileSync(
      path.join(dir, 'figures.json'),
      JSON.stringify({ prometheus: slo.remaining, events: want.remaining }),
    );
  });

  it('latency (threshold SLI from histogram buckets) is within 0.1 pp of the events', async () => {
    const client = new PrometheusClient({ name: 'itest', url: prometheus.url });
    const result = await service(client).entitySlos(
      'component:default/itest-api',
      'production',
      {} as any,
    );
    const slo = result.slos.find(s => s.name === 'itest-latency')!;
    const want = expected(0.95, END - 7 * DAY, 'slow');
    expect(Math.abs(slo.remaining! - want.remaining)).toBeLessThan(TOLERANCE);
    // 4 % slow for two days against a 5 % budget: burning at 0.8x now
    expect(slo.burnRate).toBeGreaterThan(0.5);
    expect(slo.burnRate).toBeLessThan(1.1);
  });

  it('the calendar month so far and the raw fallback are within 0.1 pp of the events', async () => {
    const client = new PrometheusClient({ name: 'itest', url: prometheus.url });
    const result = await service(client).entitySlos(
      'component:default/itest-api',
      'production',
      {} as any,
    );
    const monthStart =
      Date.UTC(
        new Date(END * 1000).getUTCFullYear(),
        new Date(END * 1000).getUTCMonth(),
        1,
      ) / 1000;
    const month = result.slos.find(s => s.name === 'itest-availability-month')!;
    expect(month.window).toBe('calendar-month');
    expect(
      Math.abs(
        month.remaining! -
          expected(0.99, Math.max(monthStart, START), 'errors').remaining,
      ),
    ).toBeLessThan(TOLERANCE);
    const raw = result.slos.find(s => s.name === 'itest-unrecorded')!;
    expect(raw.fromRecordingRules).toBe(false);
    expect(
      Math.abs(
        raw.remaining! - expected(0.995, END - 7 * DAY, 'errors').remaining,
      ),
    ).toBeLessThan(TOLERANCE);
  });

  it('answers an SLO view (summary + budget history) with at most 6 queries from recording rules', async () => {
    const client = new PrometheusClient({ name: 'itest', url: prometheus.url });
    const before = client.queryCount;
    const detail = await service(client).sloDetail(
      'component:default/itest-api',
      'itest-availability',
      'production',
      {} as any,
    );
    expect(client.queryCount - before).toBeLessThanOrEqual(6);
    expect(detail.errors).toEqual([]);
    expect(detail.history.length).toBeGreaterThan(0);
    const last = detail.history[detail.history.length - 1];
    expect(
      Math.abs(
        last.remaining - expected(0.99, last.t - 7 * DAY, 'errors').remaining,
      ),
    ).toBeLessThan(TOLERANCE);
  });

  it('the incident a day ago met the page condition then; the gate reads the budget now', async () => {
    const slo = slos.find(s => s.name === 'itest-availability')!;
    const ratiosAt = async (at: number) => {
      const ratios: Record<string, number> = {};
      for (const w of ['5m', '30m', '1h', '6h']) {
        const [r] = await instantQuery(
          prometheus.url,
          errorRatioExpr(slo.sli, w),
          at,
        );
        ratios[w] = Number(r.value[1]);
      }
      return ratios;
    };
    const during = evaluateBurnRateAlerts(
      await ratiosAt(END - DAY - 1800),
      0.99,
      7 * DAY,
    );
    expect(during.page).toBe(true);
    const now = evaluateBurnRateAlerts(await ratiosAt(END), 0.99, 7 * DAY);
    expect(now.page).toBe(false);

    const client = new PrometheusClient({ name: 'itest', url: prometheus.url });
    const gate = await service(client).gate(
      'component:default/itest-api',
      'production',
      {} as any,
    );
    // itest-unrecorded (99.5 %) has less than a quarter of its budget left
    const strict = expected(0.995, END - 7 * DAY, 'errors');
    expect(strict.remaining).toBeLessThan(0.25);
    expect(gate.decision).toBe('deny');
    expect(gate.reasons.find(r => r.startsWith('itest-unrecorded:'))).toMatch(
      /below the 25\.0 % minimum/,
    );
    expect(gate.reasons.find(r => r.startsWith('itest-availability:'))).toMatch(
      /of the error budget left/,
    );
  });
});
