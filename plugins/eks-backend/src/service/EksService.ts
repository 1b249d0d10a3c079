import {
  ClusterError,
  ClusterResponse,
  ClustersResponse,
  ClusterWarning,
  LogsResponse,
  ServiceHealth,
} from '@runway/plugin-eks-common';

/**
 * What the router calls: answers from the watch-backed caches only (no
 * request to a cluster), except for container logs.
 *
 * @public
 */
export interface EksService {
  /** Every cluster's verdict, reasons and counts; unsynced clusters in `errors`. */
  listClusters(): Promise<ClustersResponse>;
  /** One cluster's full health; 404 when unknown, 503 when it is not synced. */
  getCluster(name: string): Promise<ClusterResponse>;
  /**
   * A service's workloads (Deployments, Argo Rollouts) and Argo CD
   * Applications in every synced cluster, with the others' errors and the
   * optional resource types a synced cluster could not give (`warnings`);
   * objects in `hiddenNamespaces` are left out (restricted namespaces for a
   * caller without `eks.restricted-namespace.read`), and so are
   * Applications that deploy into one.
   */
  getWorkloads(
    id: string,
    options?: { namespace?: string; hiddenNamespaces?: string[] },
  ): Promise<{
    health: ServiceHealth;
    errors: ClusterError[];
    warnings: ClusterWarning[];
  }>;
  /**
   * The tail of a container's log, only for pods of the service `id`; 403
   * for a pod in one of `hiddenNamespaces`.
   */
  getLogs(
    id: string,
    target: {
      cluster: string;
      namespace: string;
      pod: string;
      container?: string;
    },
    options?: { hiddenNamespaces?: string[] },
  ): Promise<LogsResponse>;
}
