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
export { RequestCounts } from './service/RequestCounts';
export type { RequestCounter, TokenSource } from './cache/KubeClient';
