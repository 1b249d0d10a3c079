import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { PrometheusApi } from '../PrometheusClient';

/**
 * Schedules a probe (`vector(1)`) of every source once a minute so that
 * `runway_slo_prometheus_up` stays current between requests; a failed probe
 * records the source as down and logs a warning. Without sources it warns
 * that SLOs show no figures.
 *
 * @public
 */
export async function scheduleSourceProbes(options: {
  scheduler: Pick<SchedulerService, 'scheduleTask'>;
  sources: Array<{ client: PrometheusApi }>;
  health: { record(source: string, up: boolean): void };
  logger: LoggerService;
  /** Unix seconds; defaults to the wall clock. */
  clock?: () => number;
}): Promise<void> {
  const { scheduler, sources, health, logger } = options;
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
  for (const { client } of sources) {
    await scheduler.scheduleTask({
      id: `slo-prometheus-probe-${client.name}`,
      frequency: { minutes: 1 },
      timeout: { seconds: 30 },
      scope: 'local',
      fn: async () => {
        try {
          await client.query('vector(1)', clock());
          health.record(client.name, true);
        } catch (error) {
          health.record(client.name, false);
          logger.warn(
            `Prometheus ${client.name} is down: ${(error as Error).message}`,
          );
        }
      },
    });
  }
  if (sources.length === 0) {
    logger.warn(
      'No Prometheus configured (slo.prometheus): SLOs show no figures',
    );
  }
}
