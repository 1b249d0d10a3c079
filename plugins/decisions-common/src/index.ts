/**
 * Runway Decisions: MADR parsing and writing, the decision and docs-health
 * types, and the pure shaping the backend, the page and the scaffolder's
 * docs actions use.
 *
 * @packageDocumentation
 */
export * from './types';
export { nextAdrNumber, parseMadr } from './madr';
export * from './health';
export * from './filter';
export * from './adrLocation';
export * from './newAdr';
