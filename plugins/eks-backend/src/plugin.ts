import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  EventNotifier,
  trustedOriginsFromConfig,
} from '@runway/backend-common';
import { eksPermissions } from '@runway/plugin-eks-common';
import { registerEksActions } from './actions';
import { awsCredentialSourceFromConfig } from './aws/awsCredentials';
import { ClusterTokenProvider } from './aws/ClusterTokenProvider';
import { readEksConfig } from './config';
import { registerMetrics } from './metrics';
import { DegradedWorkloadNotifier } from './notifications/DegradedWorkloadNotifier';
import {
  ClusterDiscovery,
  discoveredClusterConfig,
} from './service/ClusterDiscovery';
import { DiscoveryReconciler } from './service/DiscoveryReconciler';
import { DiscoveredClusterStore } from './store/DiscoveredClusterStore';
import { registerConfiguredClusters } from './service/configuredClusters';
import { DefaultEksService } from './service/DefaultEksService';
import { catalogEntityResolver } from './service/EntityResolver';
import { createEksReads } from './service/reads';
import { routerOver } from './service/router';

/**
 * Runway's EKS backend plugin: cluster overview and per-service workload
 * health from watch-backed caches of every configured or discovered cluster.
 *
 * @public
 */
export const eksPlugin = createBackendPlugin({
  pluginId: 'eks',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init({
        logger,
        config,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        scheduler,
        database,
        lifecycle,
        catalog,
        actionsRegistry,
        notifications,
      }) {
        const eksConfig = readEksConfig(config);
        permissionsRegistry.addPermissions(eksPermissions);

        const awsCredentials = awsCredentialSourceFromConfig(config);
        const tokens = new ClusterTokenProvider({ awsCredentials });
        const service = new DefaultEksService({
          logger,
          watchTimeoutSeconds: eksConfig.watchTimeoutSeconds,
          listPageSize: eksConfig.listPageSize,
          probeSeconds: eksConfig.probeSeconds,
        });
        registerMetrics(service);
        await registerConfiguredClusters({
          config: eksConfig,
          clusters: service,
          tokens,
          logger,
        });

        if (eksConfig.discovery) {
          const discoveryConfig = eksConfig.discovery;
          const publishEksInfo = !eksConfig.sampleEksData;
          const store = await DiscoveredClusterStore.create({ database });
          const discovery = new ClusterDiscovery({
            discovery: discoveryConfig,
            publishEksInfo,
            store,
            awsCredentials,
            logger,
          });
          const reconciler = new DiscoveryReconciler({
            store,
            clusters: service,
            toConfig: found =>
              discoveredClusterConfig(found, {
                discovery: discoveryConfig,
                requestTimeoutMs: eksConfig.requestTimeoutMs,
              }),
            tokens,
            publishEksInfo,
            logger,
          });
          // one replica per run discovers and stores ...
          await scheduler.scheduleTask({
            id: 'eks-discovery',
            frequency: { minutes: discoveryConfig.frequencyMinutes },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
            fn: async () => {
              await discovery.refresh();
              await reconciler.reconcile();
            },
          });
          // ... and every replica watches what is stored
          await scheduler.scheduleTask({
            id: 'eks-discovery-reconcile',
            scope: 'local',
            frequency: { seconds: discoveryConfig.reconcileSeconds },
            timeout: { minutes: 1 },
            fn: () => reconciler.reconcile(),
          });
        }
        lifecycle.addShutdownHook(() => service.stop());

        const configuredLocations = trustedOriginsFromConfig(config);
        // the routes and the actions make the same reads, with the same checks
        const reads = createEksReads({
          service,
          permissions,
          resolveEntity: catalogEntityResolver(catalog, {
            auth,
            configuredLocations,
          }),
          restrictedNamespaces: eksConfig.restrictedNamespaces,
        });
        httpRouter.use(routerOver(reads, httpAuth));
        registerEksActions({ actionsRegistry, auth, reads });

        if (eksConfig.notifications.enabled) {
          const check = new DegradedWorkloadNotifier({
            service,
            catalog,
            auth,
            events: await EventNotifier.create({
              database,
              notifications,
              logger,
            }),
            logger,
            configuredLocations,
            restrictedNamespaces: eksConfig.restrictedNamespaces,
            degradedForMinutes: eksConfig.notifications.degradedForMinutes,
          });
          // one replica per run: every replica watches the same clusters,
          // and the events live in the database
          await scheduler.scheduleTask({
            id: 'eks-notifications',
            scope: 'global',
            frequency: { minutes: eksConfig.notifications.frequencyMinutes },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 30 },
            fn: async () => {
              await check.check();
            },
          });
        }
      },
    });
  },
});
