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
