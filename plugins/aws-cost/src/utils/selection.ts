/**
 * Pure rules for what the Costs page shows: the date range of a preset, the
 * drill-down path and the filter it makes (tested in selection.test.ts).
 */
import {
  CostDimension,
  Granularity,
  rangeForPreset as presetRange,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';
import { CostFilter } from '../api';

/** The date range choices of the Costs page. */
export type RangePreset = '6m' | '12m' | 'mtd' | '30d' | 'custom';

/** An inclusive range of days, `YYYY-MM-DD`. */
export type DayRange = { from: string; to: string };

/** One level of the drill-down: the row chosen at that dimension. */
export type DrillStep = {
  dimension: CostDimension;
  key: string;
  label: string;
};

/** Display names of the cost dimensions. */
export const DIMENSION_LABEL: Record<CostDimension, string> = {
  team: 'Team',
  service: 'Service',
  awsService: 'AWS service',
  account: 'Account',
  environment: 'Environment',
  region: 'Region',
  chargeType: 'Charge type',
  cluster: 'Cluster',
  namespace: 'Namespace',
};

/** The dimensions offered by "View by", in menu order. */
export const VIEW_BY_DIMENSIONS: readonly CostDimension[] = [
  'team',
  'service',
  'awsService',
  'account',
  'environment',
  'cluster',
];

/** What the next drill-down level is, from the current one. */
const NEXT: Partial<Record<CostDimension, CostDimension>> = {
  team: 'service',
  service: 'awsService',
  cluster: 'namespace',
};

/** The path that shows untagged spend by AWS service. */
export const UNTAGGED_PATH: DrillStep[] = [
  { dimension: 'service', key: UNALLOCATED_KEY, label: 'Untagged' },
];

/** The range of a preset ending on `asOf`; the default is the last 6 months. */
export function rangeForPreset(preset: RangePreset, asOf: string): DayRange {
  return presetRange(preset === 'custom' ? '6m' : preset, asOf);
}

/**
 * The range in effect: the custom one once both its days are set, else the
 * preset's (a custom range with a day missing falls back to 6 months).
 */
export function selectedRange(
  preset: RangePreset,
  custom: DayRange,
  asOf: string,
): DayRange {
  if (preset === 'custom' && custom.from && custom.to) return custom;
  return rangeForPreset(preset, asOf);
}

/** The granularity a preset switches to, if it implies one. */
export function granularityForPreset(
  preset: RangePreset,
): Granularity | undefined {
  if (preset === 'mtd' || preset === '30d') return 'daily';
  if (preset === '12m') return 'monthly';
  return undefined;
}

/** The dimension shown at the end of `path`, starting from `root`. */
export function currentDimension(
  root: CostDimension,
  path: DrillStep[],
): CostDimension {
  return path.length
    ? NEXT[path[path.length - 1].dimension] ?? 'awsService'
    : root;
}

/** The level below `dimension` in a drill-down, if there is one. */
export function nextDimension(
  dimension: CostDimension,
): CostDimension | undefined {
  return NEXT[dimension];
}

/** Whether a row of `dimension` with `key` leads to a deeper level. */
export function canDrill(dimension: CostDimension, key: string): boolean {
  return Boolean(NEXT[dimension]) && key !== UNALLOCATED_KEY;
}

/** The backend filter for a drill-down path, e.g. `{ team: 'team-payments' }`. */
export function drillFilter(path: DrillStep[]): CostFilter {
  return Object.fromEntries(path.map(p => [p.dimension, p.key]));
}
