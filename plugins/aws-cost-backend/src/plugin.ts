import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { awsCostPermissions } from '@runway/plugin-aws-cost-common';
import { readAwsCostConfig } from './config';
import { OrgIndex } from './service/OrgIndex';
import { ReportService } from './service/ReportService';
import { ResponseCache } from './service/ResponseCache';
import { createRouter } from './service/router';
import { CostExplorerSource } from './sources/CostExplorerSource';
import { ensureSampleData, importConfiguredFiles } from './sources/fileSources';
import { CostStore } from './store/CostStore';
import { registerCostMetrics, setOpenAnomalies } from './metrics';

/**
 * Runway's AWS cost backend: a cost store in the plugin database, fed by
 * Cost Explorer (scheduled, global), FOCUS / CUR 2.0 files and, in
 * development, the generated sample data set; a dashboard API that answers
 * only from the store.
 *
 * @public
 */
export const awsCostPlugin = createBackendPlugin({
  pluginId: 'aws-cost',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        userInfo: coreServices.userInfo,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.rootLifecycle,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { logger, scheduler, catalog, auth } = deps;
        const config = readAwsCostConfig(deps.config);
        registerCostMetrics();
        deps.permissionsRegistry.addPermissions(awsCostPermissions);
        const store = await CostStore.create({ database: deps.database });
        const cache = new ResponseCache(config.cacheTtlSeconds * 1000);

        let org: { at: number; index: Promise<OrgIndex> } | undefined;
        const orgIndex = () => {
          if (!org || Date.now() - org.at > 60_000) {
            const index = (async () => {
              const credentials = await auth.getOwnServiceCredentials();
              try {
                const { items } = await catalog.getEntities(
                  { filter: [{ kind: 'Group' }, { kind: 'Component' }] },
                  { credentials },
                );
                return new OrgIndex(
                  items,
                  config.tagKeys,
                  config.sharedServices,
                );
              } catch (e) {
                org = undefined;
                throw new ServiceUnavailableError(
                  'The catalog did not answer',
                  e as Error,
                );
              }
            })();
            org = { at: Date.now(), index };
          }
          return org.index;
        };
        const reports = new ReportService({ store, config, orgIndex });
        const refreshGauges = async () => {
          try {
            const { anomalies } = await reports.anomalies();
            setOpenAnomalies(anomalies.filter(a => a.status === 'open').length);
          } catch (e) {
            logger.warn(
              `Could not count open anomalies: ${(e as Error).message}`,
            );
          }
        };

        if (config.sample.enabled) {
          await scheduler.scheduleTask({
            id: 'aws-cost-sample-data',
            frequency: { hours: 6 },
            timeout: { minutes: 10 },
            scope: 'global',
            initialDelay: { seconds: 1 },
            fn: async () => {
              if (await ensureSampleData({ store, config, logger }))
                cache.clear();
              await refreshGauges();
            },
          });
        }
        const runImports = config.files.length
          ? async () => {
              const result = await importConfiguredFiles({
                store,
                config,
                logger,
              });
              cache.clear();
              await refreshGauges();
              return result;
            }
          : undefined;
        if (runImports) {
          await scheduler.scheduleTask({
            id: 'aws-cost-file-import',
            frequency: { hours: 24 },
            timeout: { minutes: 30 },
            scope: 'global',
            initialDelay: { seconds: 5 },
            fn: async () => {
              await runImports();
            },
          });
        }
        if (config.costExplorer) {
          const source = await CostExplorerSource.fromConfig({
            rootConfig: deps.config,
            config: config.costExplorer,
            tagKeys: config.tagKeys,
            store,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'aws-cost-explorer-sync',
            frequency: { hours: config.costExplorer.frequencyHours },
            timeout: { minutes: 30 },
            scope: 'global',
            initialDelay: { seconds: 30 },
            fn: async () => {
              await source.sync();
              cache.clear();
              await refreshGauges();
            },
          });
        }

        deps.httpRouter.use(
          await createRouter({
            logger,
            httpAuth: deps.httpAuth,
            auth,
            permissions: deps.permissions,
            userInfo: deps.userInfo,
            catalog,
            store,
            reports,
            cache,
            runImports,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
