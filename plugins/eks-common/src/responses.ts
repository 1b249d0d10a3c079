// The answers of the EKS backend's routes.
import { ClusterHealth, ServiceHealth } from './types';

/**
 * A cluster that did not answer in time, refused Runway, or has not been
 * synced yet. A response with errors still carries every other cluster.
 *
 * @public
 */
export type ClusterError = {
  cluster: string;
  kind: 'unreachable' | 'timeout' | 'unauthorized' | 'not-synced' | 'error';
  message: string;
};

/**
 * An optional resource type (a CRD such as Argo CD's Application) that a
 * cluster serves but Runway could not read: refused (the reader role lacks
 * the grant) or failing. Its objects are missing from the answer; the
 * cluster itself is answered. A cluster without the CRD gives no warning.
 *
 * @public
 */
export type ClusterWarning = {
  cluster: string;
  /** `<group>/<plural>`, e.g. `argoproj.io/applications` */
  resource: string;
  message: string;
};

/** One cluster in the overview list. @public */
export type ClusterOverview = Pick<
  ClusterHealth,
  'name' | 'verdict' | 'reasons' | 'version' | 'capacity' | 'podsByPhase'
> & {
  nodes: Omit<ClusterHealth['nodes'], 'items'>;
  problemPods: number;
  warningEvents: number;
  hpasAtMax: number;
  nodeGroupsAtMax: number;
  region?: string;
  /** ISO time of the cache's last change (data age) */
  syncedAt?: string;
};

/** GET /clusters. @public */
export type ClustersResponse = {
  clusters: ClusterOverview[];
  errors: ClusterError[];
  /** where node groups, insights and version data come from */
  eksSource: 'eks' | 'sample' | 'none';
  generatedAt: string;
};

/** GET /clusters/:name. @public */
export type ClusterResponse = {
  cluster: ClusterHealth;
  syncedAt?: string;
  eksSource: 'eks' | 'sample' | 'none';
  generatedAt: string;
};

/** GET /workloads?entity=... @public */
export type WorkloadsResponse = {
  entityRef: string;
  health: ServiceHealth;
  errors: ClusterError[];
  /** optional resource types a synced cluster could not give (their objects are missing) */
  warnings: ClusterWarning[];
  canReadLogs: boolean;
  generatedAt: string;
};

/** GET /logs?... @public */
export type LogsResponse = {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  /** the last lines of the container's log */
  text: string;
};
