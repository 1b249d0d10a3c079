import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { metrics } from '@opentelemetry/api';
import {
  SLO_PROMETHEUS_UP_METRIC,
  sloPermissions,
} from '@runway/plugin-slo-common';
import { createRouter } from './service/router';
import { readSloSettings } from './config';
import { sloRequestSignersServiceRef } from './service/signers';
import { CatalogSloDefinitions } from './service/SloDefinitions';
import { SloService } from './service/SloService';

/**
 * The SLO backend plugin: `backend.add(import('@runway/plugin-slo-backend'))`.
 *
 * @public
 */
export const sloPlugin = createBackendPlugin({
  pluginId: 'slo',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        reader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        signers: sloRequestSignersServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        reader,
        scheduler,
        catalog,
        signers,
      }) {
        const settings = readSloSettings(config, {
          signerFor: (name, region) => signers.forSource(name, region),
        });
        permissionsRegistry.addPermissions(sloPermissions);

        // runway_slo_prometheus_up{source}: 1 when the last query succeeded
        const up = new Map<string, number>();
        metrics
          .getMeter('runway-slo')
          .createObservableGauge(SLO_PROMETHEUS_UP_METRIC, {
            description:
              'Whether the last query to a configured Prometheus succeeded (1) or not (0)',
          })
          .addCallback(result => {
            for (const [source, value] of up) result.observe(value, { source });
          });

        const service = new SloService({
          settings,
          definitions: new CatalogSloDefinitions({ reader }),
          catalog,
          logger,
          onSourceHealth: (source, ok) => up.set(source, ok ? 1 : 0),
        });

        // probe every source once a minute so the gauge stays current
        for (const source of settings.sources) {
          await scheduler.scheduleTask({
            id: `slo-prometheus-probe-${source.client.name}`,
            frequency: { minutes: 1 },
            timeout: { seconds: 30 },
            scope: 'local',
            fn: async () => {
              try {
                await source.client.query(
                  'vector(1)',
                  Math.floor(Date.now() / 1000),
                );
                up.set(source.client.name, 1);
              } catch (error) {
                up.set(source.client.name, 0);
                logger.warn(
                  `Prometheus ${source.client.name} is down: ${
                    (error as Error).message
                  }`,
                );
              }
            },
          });
        }
        if (settings.sources.length === 0) {
          logger.warn(
            'No Prometheus configured (slo.prometheus): SLOs show no figures',
          );
        }

        httpRouter.use(await createRouter({ httpAuth, permissions, service }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
