/**
 * Runway SLO frontend plugin (new frontend system): the SLO overview page,
 * the entity SLO tab and team compliance.
 *
 * @packageDocumentation
 */
export { sloPlugin as default } from './plugin';
export { SloClient, sloApiRef } from './api';
export type { SloApi } from './api';
