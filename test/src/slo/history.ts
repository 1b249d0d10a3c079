/**
 * Generated request history for SLOs, with a fixed seed: per-step event
 * counts (kept, so tests can compute budgets independently), the counters
 * a service would expose (with optional counter resets and scrape gaps),
 * and OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`.
 */

/** mulberry32: a small seeded PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one service does over time. */
export type ServiceStory = {
  service: string;
  /** `http`: http_requests_total{code} + http_request_duration_seconds; `queue`: messages_processed_total{result} + message_processing_duration_seconds. */
  kind: 'http' | 'queue';
  requestsPerSecond: number;
  /** Fraction of events failing at time t (Unix seconds). */
  errorRatio(t: number): number;
  /** Latency threshold of the service's latency SLO (a bucket bound). */
  threshold: number;
  /** Fraction of events slower than the threshold at time t. */
  slowRatio(t: number): number;
};

/** Histogram bucket bounds emitted for every service. */
export const BUCKETS = [0.1, 0.3, 0.5, 1, 5];

/** Events of one scrape step. */
export type StepEvents = {
  t: number;
  total: number;
  bad: number;
  /** Events at or below each bound of BUCKETS (same order). */
  under: number[];
};

/** Options for {@link generateHistory}. */
export type HistoryOptions = {
  stories: ServiceStory[];
  /** Scrape times, increasing (Unix seconds). */
  times: number[];
  seed: number;
  /** Times at which every counter restarts from zero (the process restarted just before). */
  resets?: number[];
  /** [from, to] ranges without samples (events still counted in the next sample). */
  gaps?: Array<[number, number]>;
  /** Extra labels on every series (e.g. job, instance). */
  labels?: Record<string, string>;
};

/** A generated series: name, labels and samples. */
export type Series = {
  name: string;
  labels: Record<string, string>;
  samples: Array<[number, number]>;
};

/** Per service: the events of each step and the exposed series. */
export type History = Record<
  string,
  { events: StepEvents[]; series: Series[]; counters: Counters }
>;

/**
 * Scrape times from `start` to `end` (inclusive) with a coarse step for old
 * history and a fine step for the recent part (`fineFrom` on).
 */
export function scrapeTimes(
  start: number,
  end: number,
  coarseStep: number,
  fineStep: number,
  fineFrom: number,
): number[] {
  const times: number[] = [];
  for (let t = start; t <= end; ) {
    times.push(t);
    t += t >= fineFrom ? fineStep : coarseStep;
  }
  return times;
}

/** The events of one story between two scrapes. */
export function stepEvents(
  story: ServiceStory,
  from: number,
  t: number,
  noise: () => number,
): StepEvents {
  const total = Math.round(story.requestsPerSecond * (t - from) * noise());
  const bad = Math.min(
    total,
    Math.round(total * story.errorRatio(t) * noise()),
  );
  const slow = Math.min(
    total,
    Math.round(total * story.slowRatio(t) * noise()),
  );
  const fastAtThreshold = total - slow;
  const under = BUCKETS.map(le => {
    if (le < story.threshold) return Math.floor(fastAtThreshold * 0.7);
    if (le === story.threshold) return fastAtThreshold;
    return Math.max(
      fastAtThreshold,
      total - Math.floor(slow * 0.3 * (le >= 5 ? 0.2 : 1)),
    );
  });
  return { t, total, bad, under };
}

/** Cumulative counters of a story. */
export type Counters = {
  ok: number;
  bad: number;
  count: number;
  buckets: number[];
  sum: number;
};

/** Counters at zero. */
export function zeroCounters(): Counters {
  return { ok: 0, bad: 0, count: 0, buckets: BUCKETS.map(() => 0), sum: 0 };
}

/** Adds a step's events to the counters. */
export function addStep(c: Counters, story: ServiceStory, step: StepEvents) {
  const fast = step.under[BUCKETS.indexOf(story.threshold)] ?? step.total;
  c.ok += step.total - step.bad;
  c.bad += step.bad;
  c.count += step.total;
  c.buckets = c.buckets.map((v, i) => v + step.under[i]);
  c.sum +=
    fast * story.threshold * 0.5 + (step.total - fast) * story.threshold * 2;
}

/** The series of a story, in the order of {@link seriesValues}. */
export function storySeries(
  story: ServiceStory,
  labels: Record<string, string> = {},
): Array<{ name: string; labels: Record<string, string> }> {
  const base = { ...labels, service: story.service };
  const [okName, okLabel, badLabel] =
    story.kind === 'http'
      ? ['http_requests_total', { code: '200' }, { code: '500' }]
      : [
          'messages_processed_total',
          { result: 'success' },
          { result: 'error' },
        ];
  const histogram =
    story.kind === 'http'
      ? 'http_request_duration_seconds'
      : 'message_processing_duration_seconds';
  return [
    { name: okName, labels: { ...base, ...okLabel } },
    { name: okName, labels: { ...base, ...badLabel } },
    ...BUCKETS.map(le => ({
      name: `${histogram}_bucket`,
      labels: { ...base, le: String(le) },
    })),
    { name: `${histogram}_bucket`, labels: { ...base, le: '+Inf' } },
    { name: `${histogram}_count`, labels: base },
    { name: `${histogram}_sum`, labels: base },
  ];
}

/** Counter values in the order of {@link storySeries}. */
export function seriesValues(c: Counters): number[] {
  return [
    c.ok,
    c.bad,
    ...c.buckets,
    c.count,
    c.count,
    Math.round(c.sum * 1000) / 1000,
  ];
}

/** Generates events and exposed counters for every story. */
export function generateHistory(options: HistoryOptions): History {
  const random = seededRandom(options.seed);
  const noise = () => 0.85 + 0.3 * random();
  const out: History = {};
  for (const story of options.stories) {
    const events: StepEvents[] = [];
    let counters = zeroCounters();
    const series: Series[] = storySeries(story, options.labels).map(x => ({
      ...x,
      samples: [],
    }));
    const resets = new Set(options.resets ?? []);
    let previous: number | undefined;
    for (const t of options.times) {
      if (resets.has(t)) counters = zeroCounters();
      let step: StepEvents = {
        t,
        total: 0,
        bad: 0,
        under: BUCKETS.map(() => 0),
      };
      if (previous !== undefined) {
        step = stepEvents(story, previous, t, noise);
        addStep(counters, story, step);
      }
      events.push(step);
      previous = t;
      const inGap = (options.gaps ?? []).some(
        ([from, to]) => t >= from && t <= to,
      );
      if (inGap) continue;
      const values = seriesValues(counters);
      series.forEach((s, i) => s.samples.push([t, values[i]]));
    }
    out[story.service] = { events, series, counters };
  }
  return out;
}

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)
    .join(',');
}

/**
 * OpenMetrics text (untyped series, timestamps in seconds) ending in `# EOF`,
 * with `extra` series (e.g. {@link recordedSeries}) after the history's.
 */
export function toOpenMetrics(history: History, extra: Series[] = []): string {
  const byName = new Map<string, Series[]>();
  const all = [...Object.values(history).flatMap(h => h.series), ...extra];
  for (const s of all) {
    byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  }
  const lines: string[] = [];
  for (const [, named] of byName) {
    for (const s of named) {
      const prefix = `${s.name}{${labelText(s.labels)}}`;
      for (const [t, v] of s.samples) lines.push(`${prefix} ${v} ${t}`);
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/** Sum of events in steps with t in (from, to]. */
export function sumEvents(events: StepEvents[], from: number, to: number) {
  let total = 0;
  let bad = 0;
  const under = BUCKETS.map(() => 0);
  for (const e of events) {
    if (e.t > from && e.t <= to) {
      total += e.total;
      bad += e.bad;
      e.under.forEach((u, i) => (under[i] += u));
    }
  }
  return { total, bad, under };
}

/** A recording rule's output series (name and labels), e.g. from generateRules. */
export type RecordedRule = {
  record: string;
  expr: string;
  labels?: Record<string, string>;
};

/**
 * The values Prometheus's recording rules for one SLO would have recorded
 * over a generated history, as series to backfill next to the raw counters
 * (so the budget history reads recording-rule series from the start).
 *
 * `slo:sli_error:ratio_rate<w>` at time T is the error ratio of the events
 * between the first and the last sample in [T - w, T]: what
 * `sum(rate(bad[w])) / sum(rate(total[w]))` gives, since both counters share
 * their scrape times (rate's extrapolation scales both alike). No value when
 * the window holds fewer than two samples or no events, as in Prometheus.
 * `slo:objective:ratio` and `slo:error_budget:ratio` are their constants.
 *
 * `kind` says which events are bad: failed (`availability`) or slower than
 * the story's threshold (`latency`). Counter resets are not handled (the
 * sample history has none).
 */
export function recordedSeries(options: {
  rules: RecordedRule[];
  service: History[string];
  story: ServiceStory;
  kind: 'availability' | 'latency';
  /** Evaluation times (Unix seconds), increasing. */
  times: number[];
  /** Times for the constant series (objective, budget); default `times`. */
  constantTimes?: number[];
  parseWindow(window: string): number;
  prefix: string;
}): Series[] {
  const { series } = options.service;
  const sampleTimes = series[0].samples.map(([t]) => t);
  const at = (i: number, s: number) => series[s].samples[i][1];
  const thresholdIndex = 2 + BUCKETS.indexOf(options.story.threshold);
  const countIndex = 2 + BUCKETS.length + 1;
  const badAndTotal = (i: number): [number, number] => {
    if (options.kind === 'availability') {
      return [at(i, 1), at(i, 0) + at(i, 1)];
    }
    const total = at(i, countIndex);
    return [total - at(i, thresholdIndex), total];
  };
  // first index with sampleTimes[i] >= t
  const lowerBound = (t: number) => {
    let lo = 0;
    let hi = sampleTimes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sampleTimes[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out: Series[] = [];
  for (const rule of options.rules) {
    const samples: Array<[number, number]> = [];
    if (rule.record.startsWith(options.prefix)) {
      const w = options.parseWindow(rule.record.slice(options.prefix.length));
      for (const t of options.times) {
        const first = lowerBound(t - w);
        const last = lowerBound(t + 1) - 1;
        if (last - first < 1) continue;
        const [badEnd, totalEnd] = badAndTotal(last);
        const [badStart, totalStart] = badAndTotal(first);
        const total = totalEnd - totalStart;
        if (total <= 0) continue;
        samples.push([t, (badEnd - badStart) / total]);
      }
    } else if (/^[0-9.e+-]+$/.test(rule.expr.trim())) {
      const value = Number(rule.expr);
      for (const t of options.constantTimes ?? options.times) {
        samples.push([t, value]);
      }
    }
    if (samples.length > 0) {
      out.push({ name: rule.record, labels: rule.labels ?? {}, samples });
    }
  }
  return out;
}
