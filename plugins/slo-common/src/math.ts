/**
 * Error-budget math (Google SRE workbook, "Alerting on SLOs"), as pure
 * functions. Ratios are fractions (0.999), never percentages, unless a
 * name says `Percent`.
 */
import { formatDuration } from './duration';
import { SloWindow } from './types';

const DAY = 86400;

/** Rounds away float noise such as 1 - 0.999 = 0.0010000000000000009. */
export function clean(value: number): number {
  return Number(value.toPrecision(12));
}

// --- SLIs -------------------------------------------------------------------

/**
 * A ratio SLI: good / total, or `undefined` when there were no events.
 *
 * @public
 */
export function ratioSli(good: number, total: number): number | undefined {
  if (!(total > 0)) return undefined;
  return Math.min(1, Math.max(0, good / total));
}

/**
 * A cumulative histogram bucket, as Prometheus exposes it (`le` is the upper
 * bound in seconds, `Infinity` for `+Inf`; `count` counts events at or below it).
 *
 * @public
 */
export type HistogramBucket = { le: number; count: number };

/**
 * A threshold (latency) SLI from cumulative histogram buckets: the fraction
 * of events at or below `threshold` seconds. When the threshold is not a
 * bucket bound, the largest bound below it is used (conservative: never
 * counts a slow event as good). `undefined` without events.
 *
 * @public
 */
export function thresholdSli(
  buckets: HistogramBucket[],
  threshold: number,
): number | undefined {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total =
    sorted.find(b => b.le === Infinity)?.count ?? sorted.at(-1)?.count;
  if (!total) return undefined;
  const under = sorted.filter(b => b.le <= threshold).at(-1)?.count ?? 0;
  return ratioSli(under, total);
}

// --- windows ----------------------------------------------------------------

/**
 * A time range in Unix seconds, `start` inclusive, `end` exclusive.
 *
 * @public
 */
export type TimeRange = { start: number; end: number };

/**
 * The compliance window ending at `now` (Unix seconds): the last N seconds
 * for a rolling window, the month so far for a calendar month (UTC).
 *
 * @public
 */
export function windowRange(window: SloWindow, now: number): TimeRange {
  if (window.type === 'rolling') {
    return { start: now - window.seconds, end: now };
  }
  return { start: calendarMonthRange(now).start, end: now };
}

/**
 * The calendar month (UTC) containing `at` (Unix seconds).
 *
 * @public
 */
export function calendarMonthRange(at: number): TimeRange {
  const d = new Date(at * 1000);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
  return { start, end };
}

/**
 * The last `count` calendar months (UTC) up to and including the one
 * containing `now`, oldest first, labelled `YYYY-MM`.
 *
 * @public
 */
export function lastCalendarMonths(
  now: number,
  count: number,
): Array<TimeRange & { month: string }> {
  const d = new Date(now * 1000);
  const out: Array<TimeRange & { month: string }> = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1) / 1000;
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i + 1, 1) / 1000;
    const s = new Date(start * 1000);
    out.push({
      start,
      end,
      month: `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(
        2,
        '0',
      )}`,
    });
  }
  return out;
}

/**
 * Length in seconds of the window used to scale burn rates: the rolling
 * duration, or 30 days for a calendar month.
 *
 * @public
 */
export function windowSeconds(window: SloWindow): number {
  return window.type === 'rolling' ? window.seconds : 30 * DAY;
}

// --- budgets ----------------------------------------------------------------

/**
 * Error budget figures for one SLO over one window.
 *
 * @public
 */
export type BudgetStatus = {
  /** Observed SLI (good / total), undefined without events. */
  sli: number | undefined;
  /** Observed error ratio (bad / total), 0 without events. */
  errorRatio: number;
  /** Allowed error ratio: 1 - objective. */
  budget: number;
  /** Fraction of the budget consumed (may exceed 1). */
  consumed: number;
  /** Fraction of the budget left, 1 - consumed (negative when overspent). */
  remaining: number;
  /** Bad events allowed in the window so far (budget x total), when counts are known. */
  allowedBadEvents?: number;
  badEvents?: number;
  totalEvents?: number;
};

/**
 * Budget status from an error ratio over the whole window.
 *
 * @public
 */
export function budgetFromErrorRatio(
  objective: number,
  errorRatio: number | undefined,
): BudgetStatus {
  const budget = clean(1 - objective);
  const ratio =
    errorRatio !== undefined && Number.isFinite(errorRatio) ? errorRatio : 0;
  const consumed = ratio / budget;
  return {
    sli:
      errorRatio !== undefined && Number.isFinite(errorRatio)
        ? 1 - ratio
        : undefined,
    errorRatio: ratio,
    budget,
    consumed,
    remaining: 1 - consumed,
  };
}

/**
 * Budget status from event counts over the whole window.
 *
 * @public
 */
export function budgetFromCounts(
  objective: number,
  good: number,
  total: number,
): BudgetStatus {
  const bad = Math.max(0, total - good);
  const status = budgetFromErrorRatio(
    objective,
    total > 0 ? bad / total : undefined,
  );
  return {
    ...status,
    allowedBadEvents: status.budget * total,
    badEvents: bad,
    totalEvents: total,
  };
}

/**
 * Burn rate: how fast the budget is spent relative to spending exactly all
 * of it over the window (1 = on track to use 100 %).
 *
 * @public
 */
export function burnRate(errorRatio: number, objective: number): number {
  return errorRatio / clean(1 - objective);
}

/**
 * Seconds until the remaining budget is gone at the given burn rate:
 * remaining x window / burnRate. 0 when already exhausted, `Infinity`
 * when nothing is burning.
 *
 * @public
 */
export function timeToExhaustion(
  remaining: number,
  rate: number,
  windowLengthSeconds: number,
): number {
  if (remaining <= 0) return 0;
  if (!(rate > 0)) return Infinity;
  return (remaining * windowLengthSeconds) / rate;
}

/**
 * Health verdict of an SLO.
 *
 * @public
 */
export type SloStatus = 'healthy' | 'warning' | 'exhausted' | 'unknown';

/**
 * `exhausted` when no budget remains, `warning` when less than
 * `warningRemaining` (default 25 %) remains or a burn-rate alert fires,
 * `unknown` without data, else `healthy`.
 *
 * @public
 */
export function sloStatus(options: {
  remaining: number | undefined;
  alerting?: boolean;
  warningRemaining?: number;
}): SloStatus {
  const { remaining, alerting = false, warningRemaining = 0.25 } = options;
  if (remaining === undefined || Number.isNaN(remaining)) return 'unknown';
  if (remaining <= 0) return 'exhausted';
  if (remaining < warningRemaining || alerting) return 'warning';
  return 'healthy';
}

// --- multi-window multi-burn-rate alerts --------------------------------------

/**
 * One multi-window burn-rate condition: fires when the error ratio over
 * both the long and the short window exceeds `factor x (1 - objective)`.
 *
 * @public
 */
export type BurnRateWindow = {
  severity: 'page' | 'ticket';
  long: string;
  short: string;
  /** Share of the budget this condition allows to be spent over `long`. */
  budgetConsumed: number;
};

/**
 * The SRE workbook's table for a 30-day window: page at 14.4x over 1h/5m
 * (2 % of the budget) and 6x over 6h/30m (5 %), ticket at 3x over 1d/2h
 * (10 %) and 1x over 3d/6h (10 %).
 *
 * @public
 */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
  { severity: 'page', long: '1h', short: '5m', budgetConsumed: 0.02 },
  { severity: 'page', long: '6h', short: '30m', budgetConsumed: 0.05 },
  { severity: 'ticket', long: '1d', short: '2h', budgetConsumed: 0.1 },
  { severity: 'ticket', long: '3d', short: '6h', budgetConsumed: 0.1 },
];

/**
 * Every window a recording rule is generated for (besides the SLO's own).
 *
 * @public
 */
export const RECORDING_WINDOWS = [
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
] as const;

const SECONDS: Record<string, number> = {
  '5m': 300,
  '30m': 1800,
  '1h': 3600,
  '2h': 7200,
  '6h': 21600,
  '1d': DAY,
  '3d': 3 * DAY,
};

/**
 * The burn-rate factor for a condition, scaled to the SLO window: the same
 * share of the budget spent over the same alert window. For 30 days this is
 * the workbook's 14.4 / 6 / 3 / 1; for 28 days 13.44 / 5.6 / 2.8 / 0.933.
 *
 * @public
 */
export function burnRateFactor(
  condition: BurnRateWindow,
  sloWindowSeconds: number,
): number {
  return clean(
    (condition.budgetConsumed * sloWindowSeconds) / SECONDS[condition.long],
  );
}

/**
 * Error ratios per alert window (`5m`, `30m`, `1h`, `2h`, `6h`, `1d`, `3d`).
 *
 * @public
 */
export type WindowErrorRatios = Partial<Record<string, number>>;

/**
 * Which burn-rate alerts fire for the given error ratios, as the generated
 * Prometheus rules decide (missing or NaN ratios never fire).
 *
 * @public
 */
export function evaluateBurnRateAlerts(
  ratios: WindowErrorRatios,
  objective: number,
  sloWindowSeconds: number,
): {
  page: boolean;
  ticket: boolean;
  conditions: Array<BurnRateWindow & { factor: number; firing: boolean }>;
} {
  const budget = clean(1 - objective);
  const conditions = BURN_RATE_WINDOWS.map(c => {
    const factor = burnRateFactor(c, sloWindowSeconds);
    const threshold = factor * budget;
    const long = ratios[c.long];
    const short = ratios[c.short];
    const firing =
      long !== undefined &&
      short !== undefined &&
      long > threshold &&
      short > threshold;
    return { ...c, factor, firing };
  });
  return {
    page: conditions.some(c => c.severity === 'page' && c.firing),
    ticket: conditions.some(c => c.severity === 'ticket' && c.firing),
    conditions,
  };
}

// --- counters, as Prometheus reads them -------------------------------------

/**
 * A sample: Unix seconds and value.
 *
 * @public
 */
export type Sample = [number, number];

/**
 * Increase of a counter across samples, handling resets the way
 * Prometheus does: a drop means the counter restarted from zero, so the
 * new value counts in full. Scrape gaps need nothing special: the next
 * sample carries everything counted meanwhile.
 *
 * @public
 */
export function counterDelta(samples: Sample[]): number {
  let delta = 0;
  for (let i = 1; i < samples.length; i++) {
    const prev = samples[i - 1][1];
    const cur = samples[i][1];
    delta += cur >= prev ? cur - prev : cur;
  }
  return delta;
}

/**
 * Prometheus' `increase(counter[range])` evaluated at `end` over
 * `[end - rangeSeconds, end]` (both ends included, as in Prometheus 2.x): the reset-corrected delta of the samples in
 * the range, extrapolated towards the range edges (by at most half an
 * average scrape interval when the series starts or stops more than 1.1
 * intervals from an edge, never below zero at the start). Mirrors
 * `extrapolatedRate` in Prometheus 2.x promql/functions.go.
 *
 * @public
 */
export function prometheusIncrease(
  samples: Sample[],
  end: number,
  rangeSeconds: number,
): number | undefined {
  const start = end - rangeSeconds;
  const inRange = samples.filter(([t]) => t >= start && t <= end);
  if (inRange.length < 2) return undefined;
  let result = counterDelta(inRange);
  const first = inRange[0];
  const last = inRange[inRange.length - 1];
  let durationToStart = first[0] - start;
  const durationToEnd = end - last[0];
  const sampled = last[0] - first[0];
  const average = sampled / (inRange.length - 1);
  if (result > 0 && first[1] >= 0) {
    const durationToZero = sampled * (first[1] / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  const threshold = average * 1.1;
  let interval = sampled;
  interval += durationToStart < threshold ? durationToStart : average / 2;
  interval += durationToEnd < threshold ? durationToEnd : average / 2;
  result *= interval / sampled;
  return result;
}

/** Duration label for a number of seconds, e.g. `30d`. */
export function windowLabel(seconds: number): string {
  return formatDuration(seconds);
}
