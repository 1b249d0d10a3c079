/**
 * Shared code of Runway's EKS plugins: annotations, permissions, API types,
 * the EKS version-support table and the pure health model.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './kube';
export * from './versions';
export * from './quantity';
export * from './health';
