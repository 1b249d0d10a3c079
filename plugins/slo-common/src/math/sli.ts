/**
 * SLIs from event counts: ratio SLIs and threshold (latency) SLIs from
 * cumulative histogram buckets.
 */

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
