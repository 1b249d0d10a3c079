/**
 * Runway's EKS backend plugin.
 *
 * @packageDocumentation
 */
export { eksPlugin as default } from './plugin';
export { EksService } from './service/EksService';
export type { EksApi } from './service/EksService';
export { createRouter } from './service/router';
export type { EntityResolver } from './service/router';
export { readEksConfig } from './config';
export type { EksConfig, ClusterConfig, ClusterAuthConfig } from './config';
export { createEksToken, EksTokenProvider } from './aws/eksToken';
export { discoverClusters, describeEksCluster } from './aws/EksDiscovery';
