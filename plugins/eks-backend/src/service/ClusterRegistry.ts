import { EksClusterInfo } from '@runway/plugin-eks-common';
import { TokenSource } from '../cache/KubeClient';
import { ClusterConfig } from '../config';

/**
 * Where clusters and EKS data are added: configured clusters at start-up,
 * the sample EKS data source and discovered clusters (DiscoveryReconciler).
 *
 * @public
 */
export interface ClusterRegistry {
  /** Adds (and starts watching) a cluster; a known name is replaced. */
  addCluster(cluster: ClusterConfig, token: TokenSource): Promise<void>;
  /** Stops watching a cluster and drops its cache; an unknown name is ignored. */
  removeCluster(name: string): Promise<void>;
  /** Whether a cluster of this name has been added. */
  hasCluster(name: string): boolean;
  /** What the EKS API (or the sample EKS data source) says about the clusters. */
  setEksInfo(infos: EksClusterInfo[], source: 'eks' | 'sample'): void;
}
