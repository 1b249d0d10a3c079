import { periodOf, periodsBetween } from '../dates';
import { microsToNumber } from '../money';
import { BreakdownRow, CostMover, Granularity } from '../types';
import {
  costChange,
  DailyCost,
  MicrosInput,
  sumByKey,
  toMicros,
} from './amounts';

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
  const previous = sumByKey(options.previous ?? []);
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
  const cur = sumByKey(options.current);
  const prev = sumByKey(options.previous);
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

/** A node of the drill-down tree (team, then service, then AWS service). @public */
export type BreakdownNode = {
  key: string;
  total: number;
  children: BreakdownNode[];
};

/**
 * Builds the drill-down tree (e.g. team, then service, then AWS service) from flat
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
