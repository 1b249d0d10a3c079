/**
 * Runway's EKS frontend plugin (new frontend system): Clusters page and
 * entity Workloads tab.
 *
 * @packageDocumentation
 */
export { eksPlugin as default } from './plugin';
export { EksClient, eksApiRef } from './api';
export type { EksApi } from './api';
