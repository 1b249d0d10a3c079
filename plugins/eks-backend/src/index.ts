/**
 * Runway's EKS backend plugin.
 *
 * @packageDocumentation
 */
export { eksPlugin as default } from './plugin';
export type { EksService } from './service/EksService';
export { DefaultEksService } from './service/DefaultEksService';
export type { ClusterRegistry } from './service/ClusterRegistry';
export { createRouter } from './service/router';
export { catalogEntityResolver } from './service/EntityResolver';
export type { EntityResolver } from './service/EntityResolver';
export { readEksConfig } from './config';
export type { EksConfig, ClusterConfig, ClusterAuthConfig } from './config';
export { createEksToken, EksTokenProvider } from './aws/eksToken';
export { discoverClusters, describeEksCluster } from './aws/EksDiscovery';
export type { TokenSource } from './cache/KubeClient';
