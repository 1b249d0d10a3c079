/** One stored daily cost row (amounts in integer micros). @public */
export type DailyCostRow = {
  source: string;
  usageDate: string;
  billingPeriod: string;
  accountId: string;
  accountName: string;
  awsService: string;
  region: string;
  usageType: string;
  chargeType: string;
  team: string;
  service: string;
  environment: string;
  /** EKS cluster (split cost allocation data); empty for other rows. */
  cluster?: string;
  /** Kubernetes namespace of a pod's split cost; empty for other rows. */
  namespace?: string;
  /** Kubernetes workload of a pod's split cost; empty for other rows. */
  workload?: string;
  currency: string;
  costMicros: bigint;
  billedMicros: bigint;
};

/** Columns a query may group or filter by. @public */
export type StoreColumn =
  | 'team'
  | 'service'
  | 'environment'
  | 'aws_service'
  | 'account_id'
  | 'region'
  | 'usage_type'
  | 'charge_type'
  | 'cluster'
  | 'namespace'
  | 'workload';

/** One source's sync record: last success, last error, calls today. @public */
export type SyncStatusRow = {
  source: string;
  type: string;
  sample: boolean;
  currency: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  /** What the last import read but left out (other providers, currencies). */
  notices: string[];
  lastDay: string | null;
  callsDay: string | null;
  callsToday: number;
};

/** A filter on the store: equality per column, or a list of values. @public */
export type StoreFilter = Partial<Record<StoreColumn, string | string[]>> & {
  /**
   * Rows attributed to a team: tagged with the team, or untagged by team
   * but tagged with one of the team's services.
   */
  resolvedTeam?: { teams: string[]; services: string[] };
  /**
   * Also the Kubernetes split rows of these workloads (OR with the rest of
   * the filter): a workload name, in one namespace when given.
   */
  kubernetes?: Array<{ workload: string; namespace?: string }>;
};

/** A stored upstream (Cost Explorer) anomaly, amounts in micros. @public */
export type StoredAnomaly = {
  id: string;
  source: string;
  accountId: string;
  dimensionValue: string;
  startDay: string;
  endDay: string | null;
  expectedMicros: bigint;
  actualMicros: bigint;
  impactMicros: bigint;
  causes: Array<{ dimension: string; key: string }>;
};

/** A sum of cost by period and the requested columns. */
export type SumRow = Record<string, string> & {
  period: string;
  micros: bigint;
};
