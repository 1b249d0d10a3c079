/**
 * Runway Decisions frontend plugin (new frontend system).
 *
 * @packageDocumentation
 */
export { decisionsPlugin as default } from './plugin';
export { DecisionsClient, decisionsApiRef } from './api';
export type { DecisionsApi } from './api';
