import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ClusterResponse,
  ClustersResponse,
  LogsResponse,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';

/**
 * Reads cluster and workload health from Runway's EKS backend (served from
 * its watch-backed cache: no request reaches a cluster, except for logs).
 *
 * @public
 */
export interface EksApi {
  /**
   * Every cluster's overview, with an error for each cluster that could not
   * be read.
   */
  listClusters(): Promise<ClustersResponse>;
  /** One cluster's full health, by its configured name. */
  getCluster(name: string): Promise<ClusterResponse>;
  /** One entity's workloads (`kind:namespace/name`). */
  getWorkloads(entityRef: string): Promise<WorkloadsResponse>;
  /** The last lines of a failing container's log (its previous run after a crash). */
  getLogs(
    entityRef: string,
    target: {
      cluster: string;
      namespace: string;
      pod: string;
      container?: string;
    },
  ): Promise<LogsResponse>;
}

/**
 * Reference to the {@link EksApi} implementation the EKS pages use.
 *
 * @public
 */
export const eksApiRef = createApiRef<EksApi>({ id: 'plugin.eks.service' });

/**
 * {@link EksApi} over the backend's HTTP API.
 *
 * @public
 */
export class EksClient implements EksApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** {@inheritDoc EksApi.listClusters} */
  listClusters(): Promise<ClustersResponse> {
    return this.get('/clusters');
  }

  /** {@inheritDoc EksApi.getCluster} */
  getCluster(name: string): Promise<ClusterResponse> {
    return this.get(`/clusters/${encodeURIComponent(name)}`);
  }

  /** {@inheritDoc EksApi.getWorkloads} */
  getWorkloads(entityRef: string): Promise<WorkloadsResponse> {
    return this.get(`/workloads?entity=${encodeURIComponent(entityRef)}`);
  }

  /** {@inheritDoc EksApi.getLogs} */
  getLogs(
    entityRef: string,
    target: {
      cluster: string;
      namespace: string;
      pod: string;
      container?: string;
    },
  ): Promise<LogsResponse> {
    const q = new URLSearchParams({ entity: entityRef, ...target } as Record<
      string,
      string
    >);
    return this.get(`/logs?${q}`);
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('eks');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
