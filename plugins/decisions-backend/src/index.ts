/**
 * Runway Decisions backend: ADRs and runbook freshness across the catalog.
 *
 * @packageDocumentation
 */
export { decisionsPlugin as default } from './plugin';
