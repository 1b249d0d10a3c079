/**
 * Counters as Prometheus reads them: reset-corrected deltas and the
 * extrapolation of `increase()`.
 */

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
