/**
 * Multi-window multi-burn-rate alerts (Google SRE workbook, "Alerting on
 * SLOs"): the condition table, its scaling to other SLO windows, and which
 * conditions fire for a set of error ratios.
 */
import { clean } from './numbers';

const DAY = 86400;

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
