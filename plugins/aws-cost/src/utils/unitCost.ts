/**
 * Cost per 1,000 requests: a month's cost (integer micros) divided by the
 * thousands of requests the SLO counters counted that month.
 */
import { CostPoint } from '@runway/plugin-aws-cost-common';

/** One month's cost, requests and cost per 1,000 requests (micros). */
export type UnitCostRow = {
  month: string;
  micros: number;
  requests: number;
  perThousandMicros: number;
};

/**
 * The months that have both a cost and a positive request count, oldest
 * first; months without requests (no data, or none served) have no unit
 * cost rather than an infinite one.
 */
export function unitCostRows(
  series: CostPoint[],
  months: Array<{ month: string; requests?: number }>,
): UnitCostRow[] {
  const requests = new Map(
    months
      .filter(m => m.requests !== undefined && m.requests > 0)
      .map(m => [m.month, m.requests!]),
  );
  return series.flatMap(point => {
    const month = point.period.slice(0, 7);
    const count = requests.get(month);
    if (count === undefined) return [];
    return [
      {
        month,
        micros: point.micros,
        requests: count,
        perThousandMicros: Math.round((point.micros * 1000) / count),
      },
    ];
  });
}
