/**
 * Runway Decisions: MADR parsing, the decision and docs-health types, and the
 * pure shaping both the backend and the page use.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './madr';
export * from './health';
export * from './filter';
export * from './adrLocation';
