/**
 * Runway Decisions backend: ADRs and runbook freshness across the catalog.
 *
 * @packageDocumentation
 */
export { decisionsPlugin as default } from './plugin';
export { DecisionsIndex } from './service/DecisionsIndex';
export type { DecisionsSnapshot } from './service/DecisionsIndex';
export { DefaultDocsSourceReader, docsSourceOf } from './service/sources';
export type { DocsFiles, DocsSourceReader } from './service/sources';
