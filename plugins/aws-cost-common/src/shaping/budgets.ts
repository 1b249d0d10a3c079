import { microsToNumber, splitMicros } from '../money';
import { CostBudget } from '../types';
import { MicrosInput, toMicros } from './amounts';

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
