import { addDays, daysBetween, monthStart } from '../dates';
import { divideMicros, microsToNumber } from '../money';
import { CostAnomaly, CostDimension } from '../types';
import { DailyCost, MicrosInput, sumByKey, toMicros } from './amounts';

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
  const cur = sumByKey(options.current);
  const base = sumByKey(options.baseline);
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
