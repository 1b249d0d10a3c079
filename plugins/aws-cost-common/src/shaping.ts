import {
  addDays,
  daysBetween,
  daysInMonth,
  monthEnd,
  monthStart,
  periodOf,
  periodsBetween,
} from './dates';
import { divideMicros, microsToNumber, splitMicros } from './money';
import {
  BreakdownRow,
  CostAnomaly,
  CostBudget,
  CostChange,
  CostDimension,
  CostMover,
  CostPoint,
  Granularity,
} from './types';

/** An amount as read from a store or a fixture. @public */
export type MicrosInput = bigint | number | string;

/** Converts an amount read from a database (pg returns sums as strings). @public */
export function toMicros(value: MicrosInput | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new TypeError(`Micro amount ${value} is not an integer`);
    }
    return BigInt(value);
  }
  return BigInt(value.includes('.') ? value.replace(/\.0+$/, '') : value);
}

/** A daily cost for one key of a dimension. @public */
export type DailyCost = { day: string; key: string; micros: MicrosInput };

/** Change between two amounts. @public */
export function costChange(
  current: MicrosInput,
  previous: MicrosInput,
): CostChange {
  const c = toMicros(current);
  const p = toMicros(previous);
  return {
    current: microsToNumber(c),
    previous: microsToNumber(p),
    delta: microsToNumber(c - p),
    ratio: p === 0n ? null : Number(c - p) / Number(p),
  };
}

/**
 * Groups daily costs into one series per key over every period of the range
 * (missing periods are 0), sorted by total, descending.
 *
 * @public
 */
export function buildBreakdownRows(options: {
  rows: DailyCost[];
  previous?: Array<{ key: string; micros: MicrosInput }>;
  from: string;
  to: string;
  granularity: Granularity;
  label?: (key: string) => { label: string; entityRef?: string };
}): { periods: string[]; rows: BreakdownRow[]; total: number } {
  const periods = periodsBetween(options.from, options.to, options.granularity);
  const index = new Map(periods.map((p, i) => [p, i]));
  const byKey = new Map<string, bigint[]>();
  for (const row of options.rows) {
    if (row.day < options.from || row.day > options.to) continue;
    let series = byKey.get(row.key);
    if (!series) {
      series = periods.map(() => 0n);
      byKey.set(row.key, series);
    }
    const i = index.get(periodOf(row.day, options.granularity))!;
    series[i] += toMicros(row.micros);
  }
  const previous = new Map<string, bigint>();
  for (const p of options.previous ?? []) {
    previous.set(p.key, (previous.get(p.key) ?? 0n) + toMicros(p.micros));
  }
  for (const key of previous.keys()) {
    if (!byKey.has(key))
      byKey.set(
        key,
        periods.map(() => 0n),
      );
  }
  let grand = 0n;
  const rows: BreakdownRow[] = [...byKey.entries()].map(([key, series]) => {
    const total = series.reduce((a, b) => a + b, 0n);
    grand += total;
    const named = options.label?.(key) ?? { label: key };
    return {
      key,
      label: named.label,
      ...(named.entityRef ? { entityRef: named.entityRef } : {}),
      total: microsToNumber(total),
      change: costChange(total, previous.get(key) ?? 0n),
      series: series.map((micros, i) => ({
        period: periods[i],
        micros: microsToNumber(micros),
      })),
    };
  });
  rows.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  return { periods, rows, total: microsToNumber(grand) };
}

/**
 * The keys whose cost changed most (by absolute delta) between two periods.
 *
 * @public
 */
export function topMovers(options: {
  current: Array<{ key: string; micros: MicrosInput }>;
  previous: Array<{ key: string; micros: MicrosInput }>;
  limit?: number;
  label?: (key: string) => { label: string; entityRef?: string };
}): CostMover[] {
  const sum = (rows: Array<{ key: string; micros: MicrosInput }>) => {
    const m = new Map<string, bigint>();
    for (const r of rows)
      m.set(r.key, (m.get(r.key) ?? 0n) + toMicros(r.micros));
    return m;
  };
  const cur = sum(options.current);
  const prev = sum(options.previous);
  const keys = new Set([...cur.keys(), ...prev.keys()]);
  const movers: CostMover[] = [...keys].map(key => {
    const named = options.label?.(key) ?? { label: key };
    return {
      key,
      label: named.label,
      ...(named.entityRef ? { entityRef: named.entityRef } : {}),
      change: costChange(cur.get(key) ?? 0n, prev.get(key) ?? 0n),
    };
  });
  movers.sort(
    (a, b) =>
      Math.abs(b.change.delta) - Math.abs(a.change.delta) ||
      a.key.localeCompare(b.key),
  );
  return movers.filter(m => m.change.delta !== 0).slice(0, options.limit ?? 10);
}

/**
 * Linear month-end forecast: month to date plus the average of the last
 * `window` complete days times the days left. `asOf` is the last day with
 * data; days after it are forecast.
 *
 * @public
 */
export function linearForecast(options: {
  daily: Array<{ day: string; micros: MicrosInput }>;
  asOf: string;
  window?: number;
}): { monthToDate: bigint; forecastMonthEnd: bigint; dailyRate: bigint } {
  const window = options.window ?? 7;
  const start = monthStart(options.asOf);
  const windowStart = addDays(options.asOf, -(window - 1));
  let mtd = 0n;
  let recent = 0n;
  const byDay = new Map<string, bigint>();
  for (const row of options.daily) {
    if (row.day > options.asOf) continue;
    const v = toMicros(row.micros);
    byDay.set(row.day, (byDay.get(row.day) ?? 0n) + v);
    if (row.day >= start) mtd += v;
    if (row.day >= windowStart) recent += v;
  }
  const rate = divideMicros(recent, BigInt(window));
  const left = BigInt(daysBetween(options.asOf, monthEnd(options.asOf)));
  return {
    monthToDate: mtd,
    forecastMonthEnd: mtd + rate * left,
    dailyRate: rate,
  };
}

/**
 * Forecast points for the chart: the remaining days (daily) or the current
 * month's total (monthly), continuing the actual series.
 *
 * @public
 */
export function forecastPoints(options: {
  asOf: string;
  dailyRate: MicrosInput;
  forecastMonthEnd: MicrosInput;
  granularity: Granularity;
}): CostPoint[] {
  if (options.granularity === 'monthly') {
    return [
      {
        period: options.asOf.slice(0, 7),
        micros: microsToNumber(toMicros(options.forecastMonthEnd)),
      },
    ];
  }
  const points: CostPoint[] = [];
  const rate = microsToNumber(toMicros(options.dailyRate));
  for (
    let d = addDays(options.asOf, 1);
    d <= monthEnd(options.asOf);
    d = addDays(d, 1)
  ) {
    points.push({ period: d, micros: rate });
  }
  return points;
}

/**
 * Detects cost anomalies per key: the daily average of the current month so
 * far against the daily average of the `baselineMonths` before it. A key is
 * anomalous when the ratio reaches `threshold` and the extra spend so far
 * reaches `minImpact` micros.
 *
 * @public
 */
export function detectAnomalies(options: {
  dimension: CostDimension;
  daily: DailyCost[];
  asOf: string;
  baselineMonths?: number;
  threshold?: number;
  minImpact?: MicrosInput;
  /** Also report keys with no baseline spend (new spend). */
  allowNew?: boolean;
  label?: (key: string) => { label: string; entityRef?: string };
}): CostAnomaly[] {
  const baselineMonths = options.baselineMonths ?? 3;
  const threshold = options.threshold ?? 1.5;
  const minImpact = toMicros(options.minImpact ?? 50_000_000);
  const currentStart = monthStart(options.asOf);
  let baselineStart = currentStart;
  for (let i = 0; i < baselineMonths; i++) {
    baselineStart = monthStart(addDays(baselineStart, -1));
  }
  const baselineDays = daysBetween(baselineStart, currentStart);
  const currentDays = daysBetween(currentStart, options.asOf) + 1;
  const acc = new Map<string, { base: bigint; cur: bigint; first?: string }>();
  for (const row of options.daily) {
    if (row.day < baselineStart || row.day > options.asOf) continue;
    const a = acc.get(row.key) ?? { base: 0n, cur: 0n };
    const v = toMicros(row.micros);
    if (row.day < currentStart) a.base += v;
    else {
      a.cur += v;
      if (v !== 0n && (!a.first || row.day < a.first)) a.first = row.day;
    }
    acc.set(row.key, a);
  }
  const anomalies: CostAnomaly[] = [];
  for (const [key, a] of acc) {
    const expected = divideMicros(
      a.base * BigInt(currentDays),
      BigInt(baselineDays),
    );
    const impact = a.cur - expected;
    if (impact < minImpact) continue;
    if (expected <= 0n && !options.allowNew) continue;
    const ratio = expected > 0n ? Number(a.cur) / Number(expected) : null;
    if (ratio !== null && ratio < threshold) continue;
    const named = options.label?.(key) ?? { label: key };
    anomalies.push({
      id: `detected:${options.dimension}:${key}:${currentStart.slice(0, 7)}`,
      source: 'detected',
      dimension: options.dimension,
      key,
      label: named.label,
      ...(named.entityRef ? { entityRef: named.entityRef } : {}),
      startDay: a.first ?? currentStart,
      lastDay: options.asOf,
      expected: microsToNumber(expected),
      actual: microsToNumber(a.cur),
      impact: microsToNumber(impact),
      ratio,
      status: 'open',
      causes: [],
    });
  }
  anomalies.sort((x, y) => y.impact - x.impact);
  return anomalies;
}

/**
 * Explains an anomaly: the sub-keys (e.g. AWS services or usage types) whose
 * spend grew most, comparing the current days with the baseline rate.
 *
 * @public
 */
export function anomalyCauses(options: {
  dimension: CostDimension;
  current: Array<{ key: string; micros: MicrosInput }>;
  baseline: Array<{ key: string; micros: MicrosInput }>;
  /** current days / baseline days, as a fraction */
  scale: { numerator: number; denominator: number };
  limit?: number;
}): CostAnomaly['causes'] {
  const sum = (rows: Array<{ key: string; micros: MicrosInput }>) => {
    const m = new Map<string, bigint>();
    for (const r of rows)
      m.set(r.key, (m.get(r.key) ?? 0n) + toMicros(r.micros));
    return m;
  };
  const cur = sum(options.current);
  const base = sum(options.baseline);
  const keys = new Set([...cur.keys(), ...base.keys()]);
  return [...keys]
    .map(key => ({
      dimension: options.dimension,
      key,
      impact: microsToNumber(
        (cur.get(key) ?? 0n) -
          divideMicros(
            (base.get(key) ?? 0n) * BigInt(options.scale.numerator),
            BigInt(options.scale.denominator),
          ),
      ),
    }))
    .filter(c => c.impact > 0)
    .sort((a, b) => b.impact - a.impact)
    .slice(0, options.limit ?? 3);
}

/** Budget state from actual and forecast. @public */
export function budgetState(
  budget: MicrosInput,
  actual: MicrosInput,
  forecast: MicrosInput,
): CostBudget['state'] {
  const b = toMicros(budget);
  if (toMicros(actual) > b) return 'over';
  if (toMicros(forecast) > b) return 'at-risk';
  return 'ok';
}

/** A node of the team -> service -> AWS service tree. @public */
export type BreakdownNode = {
  key: string;
  total: number;
  children: BreakdownNode[];
};

/**
 * Builds the drill-down tree (e.g. team -> service -> AWS service) from flat
 * rows, summing exactly and sorting each level by total.
 *
 * @public
 */
export function breakdownTree(
  rows: Array<{ path: string[]; micros: MicrosInput }>,
): BreakdownNode[] {
  type Acc = { total: bigint; children: Map<string, Acc> };
  const root: Acc = { total: 0n, children: new Map() };
  for (const row of rows) {
    const v = toMicros(row.micros);
    let node = root;
    node.total += v;
    for (const key of row.path) {
      let child = node.children.get(key);
      if (!child) {
        child = { total: 0n, children: new Map() };
        node.children.set(key, child);
      }
      child.total += v;
      node = child;
    }
  }
  const toNodes = (acc: Acc): BreakdownNode[] =>
    [...acc.children.entries()]
      .map(([key, c]) => ({
        key,
        total: microsToNumber(c.total),
        children: toNodes(c),
      }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  return toNodes(root);
}

/**
 * Splits shared cost across keys (teams) by weights: either declared
 * weights, or each key's own direct cost (proportional). The parts add up
 * exactly to the shared amount.
 *
 * @public
 */
export function splitShared(options: {
  shared: MicrosInput;
  weights: Array<{ key: string; weight: MicrosInput }>;
}): Array<{ key: string; micros: number }> {
  const weights = options.weights.filter(w => toMicros(w.weight) > 0n);
  const parts = splitMicros(
    toMicros(options.shared),
    weights.map(w => toMicros(w.weight)),
  );
  return weights.map((w, i) => ({
    key: w.key,
    micros: microsToNumber(parts[i]),
  }));
}

/**
 * Data for a stacked chart: one object per period with one numeric field per
 * key (in currency units, for drawing only), the smallest keys folded into
 * "Other".
 *
 * @public
 */
export function stackedChartData(
  rows: BreakdownRow[],
  periods: string[],
  maxKeys = 6,
): { keys: string[]; data: Array<Record<string, number | string>> } {
  const top = rows.slice(0, maxKeys);
  const rest = rows.slice(maxKeys);
  const keys = top.map(r => r.label);
  if (rest.length) keys.push('Other');
  const data = periods.map((period, i) => {
    const point: Record<string, number | string> = { period };
    for (const r of top) point[r.label] = r.series[i].micros / 1_000_000;
    if (rest.length) {
      point.Other =
        rest.reduce((acc, r) => acc + BigInt(r.series[i].micros), 0n) === 0n
          ? 0
          : Number(
              rest.reduce((acc, r) => acc + BigInt(r.series[i].micros), 0n),
            ) / 1_000_000;
    }
    return point;
  });
  return { keys, data };
}

/** Days of data elapsed in the month of `asOf` and days in it. @public */
export function monthProgress(asOf: string): {
  elapsed: number;
  total: number;
} {
  return { elapsed: Number(asOf.slice(8, 10)), total: daysInMonth(asOf) };
}
