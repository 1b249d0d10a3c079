import { AllocationPair } from './allocation';
import type { CostIncomplete } from './incomplete';

/** Amounts in API responses: integer micro-units of `currency`. @public */
export type Micros = number;

/** Period length of a series: one point per day or per month. @public */
export type Granularity = 'daily' | 'monthly';

/** Every granularity, for validating input. @public */
export const GRANULARITIES: readonly Granularity[] = ['daily', 'monthly'];

/** Dimensions a breakdown can group by. @public */
export type CostDimension =
  | 'team'
  | 'service'
  | 'awsService'
  | 'account'
  | 'environment'
  | 'region'
  | 'chargeType'
  | 'cluster'
  | 'namespace';

/** One workload's split cost (EKS split cost allocation data). @public */
export type KubernetesShare = {
  cluster: string;
  namespace: string;
  workload: string;
  total: Micros;
};

/** Every dimension, for validating input. @public */
export const COST_DIMENSIONS: readonly CostDimension[] = [
  'team',
  'service',
  'awsService',
  'account',
  'environment',
  'region',
  'chargeType',
  'cluster',
  'namespace',
];

/** Key of the explicit bucket for spend that maps to no catalog entity. @public */
export const UNALLOCATED_KEY = '(unallocated)';

/**
 * Key of the bucket for spend whose service tag more than one Component
 * claims, none of them from a trusted location (`catalog.locations`): such
 * spend is attributed to no team until the claims are resolved.
 *
 * @public
 */
export const CONFLICTING_CLAIMS_KEY = '(unattributed: conflicting claims)';

/** Where the numbers come from and how old they are. @public */
export type CostDataStatus = {
  /**
   * The currency of every amount (`awsCost.currency`, USD by default).
   * Rows billed in another currency are not included; the sources'
   * `notices` say what was left out.
   */
  currency: string;
  /** True when any of the shown data comes from the generated sample set. */
  sample: boolean;
  /** Last day with cost data (YYYY-MM-DD), null when the store is empty. */
  lastDay: string | null;
  /** When the most recent successful sync or import finished (ISO 8601). */
  lastSyncAt: string | null;
  sources: CostSourceStatus[];
};

/** One source's sync state (a row of `CostDataStatus.sources`). @public */
export type CostSourceStatus = {
  source: string;
  type: 'sample' | 'focus' | 'cur' | 'cost-explorer';
  sample: boolean;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  /**
   * What the source's last import read but left out of every figure, one
   * message each naming the file, the provider or currency, the rows and
   * their cost (rows of providers other than AWS, rows billed in another
   * currency than `currency`).
   */
  notices: string[];
  /**
   * Rows the source's last imports refused (bad values), listed by
   * `GET /refused-rows?source=`; their billing periods and accounts were
   * not written.
   */
  refusedRows: number;
  lastDay: string | null;
  callsToday: number;
};

/** Change of an amount versus the previous period. @public */
export type CostChange = {
  current: Micros;
  previous: Micros;
  delta: Micros;
  /** delta / previous; null when previous is 0. */
  ratio: number | null;
};

/** One point of a series: a day or month and its amount. @public */
export type CostPoint = { period: string; micros: Micros };

/** The organisation's month so far (`GET /summary`). @public */
export type CostSummary = {
  status: CostDataStatus;
  asOf: string;
  monthToDate: Micros;
  lastMonth: Micros;
  /** Month to date compared with the same days of the previous month. */
  change: CostChange;
  forecastMonthEnd: Micros;
  forecastSource: 'cost-explorer' | 'linear';
  unallocatedMonthToDate: Micros;
  openAnomalies: number;
  /**
   * Set when the answer covers a billing period and account an import did
   * not write because of refused rows.
   */
  incomplete?: CostIncomplete;
};

/** One key of a breakdown: its series, total and change. @public */
export type BreakdownRow = {
  key: string;
  label: string;
  entityRef?: string;
  total: Micros;
  change: CostChange;
  series: CostPoint[];
};

/** Series per key of a dimension over a range (`GET /breakdown`). @public */
export type CostBreakdown = {
  status: CostDataStatus;
  dimension: CostDimension;
  granularity: Granularity;
  from: string;
  to: string;
  filter: Partial<Record<CostDimension, string>>;
  periods: string[];
  rows: BreakdownRow[];
  total: Micros;
  /** Forecast for the rest of the current month (monthly granularity). */
  forecast?: CostPoint[];
  /**
   * What the answer could not attribute, e.g. a service tag claimed by more
   * than one Component (team and service breakdowns).
   */
  warnings?: string[];
  /**
   * Set when the answer covers a billing period and account an import did
   * not write because of refused rows.
   */
  incomplete?: CostIncomplete;
};

/** A key whose cost changed, with the change. @public */
export type CostMover = {
  key: string;
  label: string;
  entityRef?: string;
  change: CostChange;
};

/** The largest changes against the previous period (`GET /movers`). @public */
export type CostMovers = {
  status: CostDataStatus;
  dimension: CostDimension;
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  movers: CostMover[];
  /**
   * Set when the answer covers a billing period and account an import did
   * not write because of refused rows.
   */
  incomplete?: CostIncomplete;
};

/** A detected or Cost Explorer anomaly, with its likely causes. @public */
export type CostAnomaly = {
  id: string;
  source: 'detected' | 'cost-explorer';
  dimension: CostDimension;
  key: string;
  label: string;
  entityRef?: string;
  startDay: string;
  lastDay: string;
  expected: Micros;
  actual: Micros;
  impact: Micros;
  ratio: number | null;
  status: 'open' | 'closed';
  /** What drove it, e.g. untagged NAT gateway traffic. */
  causes: Array<{ dimension: CostDimension; key: string; impact: Micros }>;
};

/** Every anomaly, largest impact first (`GET /anomalies`). @public */
export type CostAnomalies = {
  status: CostDataStatus;
  anomalies: CostAnomaly[];
  /**
   * Set when the answer covers a billing period and account an import did
   * not write because of refused rows.
   */
  incomplete?: CostIncomplete;
};

/** One entity's monthly budget against actual and forecast. @public */
export type CostBudget = {
  entityRef: string;
  label: string;
  month: string;
  budget: Micros;
  actual: Micros;
  forecast: Micros;
  state: 'ok' | 'at-risk' | 'over';
};

/** Budget against actual and forecast per entity (`GET /budgets`). @public */
export type CostBudgets = {
  status: CostDataStatus;
  budgets: CostBudget[];
  /**
   * Set when the answer covers a billing period and account an import did
   * not write because of refused rows.
   */
  incomplete?: CostIncomplete;
};

/** One Component's or Group's cost (`GET /entity/:kind/:namespace/:name`). @public */
export type EntityCost = {
  status: CostDataStatus;
  entityRef: string;
  allocation: AllocationPair[];
  granularity: Granularity;
  from: string;
  to: string;
  monthToDate: Micros;
  lastMonth: Micros;
  change: CostChange;
  forecastMonthEnd: Micros;
  series: CostPoint[];
  topAwsServices: Array<{ key: string; total: Micros }>;
  /** Components included (a group's cost covers its teams and services). */
  includes: string[];
  /**
   * The entity's share of Kubernetes clusters (EKS split cost allocation
   * data) over the range, per cluster, namespace and workload: the split
   * cost of the pods of its `backstage.io/kubernetes-id` (when the claim
   * rule serves the id to it). Empty or absent: no split data for it.
   */
  kubernetes?: KubernetesShare[];
  /**
   * Why the answer does not follow the entity's annotation as written, e.g.
   * an allocation wider than the entity's own rows, replaced by its default.
   */
  warnings?: string[];
  /**
   * Set when the answer covers a billing period and account an import did
   * not write because of refused rows.
   */
  incomplete?: CostIncomplete;
};
