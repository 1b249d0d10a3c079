import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eksPermissions } from '@runway/plugin-eks-common';
import { awsCredentialSourceFromConfig } from './aws/awsCredentials';
import { ClusterTokenProvider } from './aws/ClusterTokenProvider';
import { readEksConfig } from './config';
import { registerMetrics } from './metrics';
import { ClusterDiscovery } from './service/ClusterDiscovery';
import { registerConfiguredClusters } from './service/configuredClusters';
import { DefaultEksService } from './service/DefaultEksService';
import { catalogEntityResolver } from './service/EntityResolver';
import { createRouter } from './service/router';

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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        config,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        scheduler,
        lifecycle,
        catalog,
      }) {
        const eksConfig = readEksConfig(config);
        permissionsRegistry.addPermissions(eksPermissions);

        const awsCredentials = awsCredentialSourceFromConfig(config);
        const tokens = new ClusterTokenProvider({ awsCredentials });
        const service = new DefaultEksService({
          logger,
          watchTimeoutSeconds: eksConfig.watchTimeoutSeconds,
          listPageSize: eksConfig.listPageSize,
        });
        registerMetrics(service);
        await registerConfiguredClusters({
          config: eksConfig,
          clusters: service,
          tokens,
          logger,
        });

        if (eksConfig.discovery) {
          const discovery = new ClusterDiscovery({
            discovery: eksConfig.discovery,
            requestTimeoutMs: eksConfig.requestTimeoutMs,
            publishEksInfo: !eksConfig.sampleEksData,
            clusters: service,
            tokens,
            awsCredentials,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'eks-discovery',
            frequency: { minutes: eksConfig.discovery.frequencyMinutes },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
            fn: () => discovery.refresh(),
          });
        }
        lifecycle.addShutdownHook(() => service.stop());

        httpRouter.use(
          await createRouter({
            service,
            httpAuth,
            permissions,
            resolveEntity: catalogEntityResolver(catalog),
          }),
        );
      },
    });
  },
});
