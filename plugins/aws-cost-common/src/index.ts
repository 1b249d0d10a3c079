/**
 * Shared types, permissions, the `runway.io/cost-allocation` annotation and
 * pure cost data shaping for Runway's AWS cost plugins.
 *
 * @packageDocumentation
 */
export * from './allocation';
export * from './dates';
export * from './incomplete';
export * from './money';
export * from './permissions';
export * from './shaping';
export * from './types';
