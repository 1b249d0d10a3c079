import { BreakdownRow } from '../types';

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
      const other = rest.reduce(
        (acc, r) => acc + BigInt(r.series[i].micros),
        0n,
      );
      point.Other = other === 0n ? 0 : Number(other) / 1_000_000;
    }
    return point;
  });
  return { keys, data };
}
