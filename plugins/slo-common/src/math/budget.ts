/**
 * Error budgets: what is left of the budget, how fast it burns, when it runs
 * out, and the health verdict derived from it.
 */
import { clean } from './numbers';

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
