import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { EventNotifier } from '@runway/backend-common';
import { awsCostPermissions } from '@runway/plugin-aws-cost-common';
import { readAwsCostConfig } from './config';
import { registerCostMetrics } from './metrics';
import { DefaultAwsCostService } from './service/AwsCostService';
import { CostNotifications } from './service/notifications/CostNotifications';
import { OrgIndexLoader } from './service/OrgIndexLoader';
import { ResponseCache } from './service/ResponseCache';
import { registerCostActions } from './service/actions';
import { createRouter } from './service/router';
import { CostSyncService } from './sources/CostSyncService';
import { CostStore } from './store/CostStore';

/**
 * Runway's AWS cost backend: a cost store in the plugin database, fed by
 * Cost Explorer, FOCUS / CUR 2.0 files, exports in S3 (each a global
 * scheduled task) and, in development, the generated sample data set; a
 * dashboard API that answers only from the store, through an answer cache
 * shared by the replicas.
 *
 * Wiring only: reads config, builds the store, the org index loader, the
 * reports and sync services and the owner notifications, then registers
 * the scheduled tasks and the router.
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
        cache: coreServices.cache,
        lifecycle: coreServices.rootLifecycle,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { logger, catalog, auth } = deps;
        const config = readAwsCostConfig(deps.config);
        registerCostMetrics();
        deps.permissionsRegistry.addPermissions(awsCostPermissions);
        const store = await CostStore.create({ database: deps.database });
        const cache = new ResponseCache({
          cache: deps.cache,
          ttlMs: config.cacheTtlSeconds * 1000,
          logger,
        });
        const org = OrgIndexLoader.fromConfig(config, { catalog, auth });
        const reports = DefaultAwsCostService.fromConfig(config, {
          store,
          orgIndex: () => org.get(),
        });
        const sync = await CostSyncService.fromConfig(config, {
          rootConfig: deps.config,
          store,
          logger,
          cache,
          reports,
        });
        for (const task of sync.tasks()) {
          await deps.scheduler.scheduleTask(task);
        }
        if (config.notifications.enabled) {
          const notifier = await EventNotifier.create({
            database: deps.database,
            notifications: deps.notifications,
            logger,
          });
          const notifications = CostNotifications.fromConfig(config, {
            reports,
            orgIndex: () => org.get(),
            notifier,
            logger,
          });
          await deps.scheduler.scheduleTask(notifications.task());
        }

        registerCostActions({
          actionsRegistry: deps.actionsRegistry,
          permissions: deps.permissions,
          userInfo: deps.userInfo,
          catalog,
          reports,
          cache,
        });
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
            runImports: sync.runImports,
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
