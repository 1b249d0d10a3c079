/**
 * Pure texts and numbers the Costs page and cost card display (tested in
 * labels.test.ts). Amounts are integer micro-units; formatting is
 * `formatMoney`'s.
 */
import {
  CostBudget,
  CostDimension,
  CostSummary,
  Granularity,
  Micros,
} from '@runway/plugin-aws-cost-common';
import {
  DayRange,
  DIMENSION_LABEL,
  DrillStep,
  nextDimension,
} from './selection';

/** The catalog page of an entity ref, `kind:namespace/name`. */
export function entityPath(ref: string): string {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}`;
}

/** A dimension's name in lower case, as inside a sentence. */
function lower(dimension: CostDimension): string {
  return DIMENSION_LABEL[dimension].toLocaleLowerCase('en-US');
}

/** The breadcrumb back to the top: "All teams". */
export function allOfLabel(root: CostDimension): string {
  return `All ${lower(root)}s`;
}

/** The trend card's title: "Cost by Service · team-payments". */
export function trendTitle(
  dimension: CostDimension,
  path: DrillStep[],
): string {
  const trail = path.length ? ` · ${path.map(p => p.label).join(' › ')}` : '';
  return `Cost by ${DIMENSION_LABEL[dimension]}${trail}`;
}

/** The trend card's subheader: range, granularity, currency and forecast. */
export function trendSubheader(
  range: DayRange,
  granularity: Granularity,
  currency: string,
): string {
  return `${range.from} to ${range.to}, ${granularity}, ${currency}; dashed: forecast to month end (linear)`;
}

/** The breakdown table's hint, when its rows lead deeper. */
export function drillHint(dimension: CostDimension): string | undefined {
  return nextDimension(dimension)
    ? `Select a ${lower(dimension)} to drill down`
    : undefined;
}

/** A row's share of the total, "35.7 %"; empty without a total. */
export function shareText(part: Micros, total: Micros | undefined): string {
  return total ? `${((part / total) * 100).toFixed(1)} %` : '';
}

/** Where the month-end forecast comes from. */
export function forecastSourceText(
  source: CostSummary['forecastSource'],
): string {
  return source === 'cost-explorer'
    ? 'AWS Cost Explorer forecast'
    : 'linear, last 7 days';
}

/** "1 open anomaly", "2 open anomalies". */
export function openAnomaliesText(count: number): string {
  return `${count} open anomal${count === 1 ? 'y' : 'ies'}`;
}

/** An anomaly's size against its expectation: " · ×2.0", or new spend. */
export function anomalyRatioText(ratio: number | null): string {
  return ratio !== null ? ` · ×${ratio.toFixed(1)}` : ' · new spend';
}

/** A budget's bar: actual and forecast as percentages of it, at most 100. */
export function budgetProgress(budget: CostBudget): {
  value: number;
  valueBuffer: number;
} {
  return {
    value: Math.min(100, (budget.actual / budget.budget) * 100),
    valueBuffer: Math.min(100, (budget.forecast / budget.budget) * 100),
  };
}

/** A budget's warning after its amounts; empty when it is within budget. */
export function budgetStateText(state: CostBudget['state']): string {
  if (state === 'over') return ' · over budget';
  if (state === 'at-risk') return ' · forecast over budget';
  return '';
}

/** How long ago an ISO time was, relative to `now`: "5 min ago", "3 h ago". */
export function dataAge(iso: string | null, now: number): string {
  if (!iso) return 'never';
  const minutes = Math.round((now - Date.parse(iso)) / 60000);
  if (minutes < 60) return `${Math.max(minutes, 0)} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}
