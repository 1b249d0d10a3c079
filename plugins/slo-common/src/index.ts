/**
 * Shared code of Runway's SLO plugin: the `runway.io/slo-ref` annotation,
 * the `slo.read` permission, OpenSLO v1 / Sloth prometheus/v1 parsing,
 * error-budget math and Prometheus rule generation.
 *
 * @packageDocumentation
 */
export * from './constants';
export * from './duration';
export * from './types';
export * from './parse';
export * from './math';
export * from './promql';
export * from './rules';
export * from './api';
