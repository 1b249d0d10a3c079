/**
 * Runway's AWS cost frontend plugin (new frontend system): the Costs page
 * and an entity Cost card and tab.
 *
 * @packageDocumentation
 */
export { awsCostPlugin as default } from './plugin';
export { AwsCostClient, awsCostApiRef } from './api';
export type { AwsCostApi, CostFilter, CostRange, EntityRequests } from './api';
