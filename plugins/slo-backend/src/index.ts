/**
 * Runway's SLO backend plugin: SLOs from the catalog (`runway.io/slo-ref`),
 * error budgets and burn rates from Prometheus, team compliance by calendar
 * month, and a deploy gate for CI.
 *
 * @packageDocumentation
 */
export { sloPlugin as default } from './plugin';
export { createRouter } from './service/router';
export { registerSloActions } from './service/actions';
export { authorizeSloRead } from './service/authorize';
export * from './config';
export * from './service/PrometheusClient';
export * from './service/SloDefinitions';
export * from './service/SloService';
export * from './service/DefaultSloService';
export type { SourceHealthListener } from './service/evaluation/types';
export * from './service/cache';
export * from './service/signers';
export {
  SloNotificationCheck,
  scheduleSloNotifications,
  type SloEvaluations,
  type SloNotificationRun,
} from './service/notifications/SloNotificationCheck';
