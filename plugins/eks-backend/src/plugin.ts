import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { EKSClient } from '@aws-sdk/client-eks';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
  EksClusterInfo,
  eksPermissions,
} from '@runway/plugin-eks-common';
import { clusterCredentials, EksTokenProvider } from './aws/eksToken';
import { describeEksCluster, discoverClusters } from './aws/EksDiscovery';
import { staticTokenSource } from './cache/KubeClient';
import { ClusterConfig, readEksConfig } from './config';
import { registerMetrics } from './metrics';
import { sampleEksClusters } from './sample/sampleEks';
import { EksService } from './service/EksService';
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
        const service = new EksService({
          logger,
          watchTimeoutSeconds: eksConfig.watchTimeoutSeconds,
        });
        registerMetrics(service);

        let aws: DefaultAwsCredentialsManager | undefined;
        const awsCredentials = async (accountId?: string) => {
          aws ??= DefaultAwsCredentialsManager.fromConfig(config);
          return (await aws.getCredentialProvider({ accountId }))
            .sdkCredentialProvider;
        };
        const tokenFor = (c: ClusterConfig, eksName = c.name) => {
          if (c.auth.type === 'serviceAccount')
            return staticTokenSource(c.auth);
          const auth = c.auth;
          let provider: EksTokenProvider | undefined;
          return async () => {
            if (!provider) {
              const credentials = clusterCredentials({
                base: await awsCredentials(auth.accountId),
                region: c.region!,
                assumeRole: auth.assumeRole,
                externalId: auth.externalId,
              });
              provider = new EksTokenProvider({
                clusterName: eksName,
                region: c.region!,
                credentials,
              });
            }
            return provider.getToken();
          };
        };
        for (const c of eksConfig.clusters) {
          await service.addCluster(c, tokenFor(c));
        }
        logger.info(
          `Watching ${
            eksConfig.clusters.length
          } configured cluster(s): ${eksConfig.clusters
            .map(c => c.name)
            .join(', ')}`,
        );

        if (eksConfig.sampleEksData) {
          service.setEksInfo(sampleEksClusters(new Date()), 'sample');
          logger.info(
            'EKS node groups, insights and add-ons come from the sample EKS data source (sample data)',
          );
        }
        const discovery = eksConfig.discovery;
        if (discovery) {
          await scheduler.scheduleTask({
            id: 'eks-discovery',
            frequency: { minutes: discovery.frequencyMinutes },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 5 },
            fn: async () => {
              const infos: EksClusterInfo[] = [];
              for (const region of discovery.regions) {
                const credentials = clusterCredentials({
                  base: await awsCredentials(discovery.accountId),
                  region,
                  assumeRole: discovery.assumeRole,
                  externalId: discovery.externalId,
                });
                const client = new EKSClient({
                  region,
                  credentials,
                  maxAttempts: 3,
                });
                for (const found of await discoverClusters(client, region)) {
                  if (!service.hasCluster(found.name)) {
                    const c: ClusterConfig = {
                      name: found.name,
                      url: found.endpoint,
                      region,
                      caData: found.caData,
                      skipTLSVerify: false,
                      timeoutMs: eksConfig.requestTimeoutMs,
                      auth: {
                        type: 'aws',
                        accountId: discovery.accountId,
                        assumeRole: discovery.assumeRole,
                        externalId: discovery.externalId,
                      },
                    };
                    await service.addCluster(c, tokenFor(c));
                    logger.info(
                      `Discovered EKS cluster ${found.name} in ${region}`,
                    );
                  }
                  infos.push(
                    await describeEksCluster(
                      client,
                      found.name,
                      region,
                      new Date(),
                    ),
                  );
                }
              }
              if (!eksConfig.sampleEksData) service.setEksInfo(infos, 'eks');
            },
          });
        }
        lifecycle.addShutdownHook(() => service.stop());

        httpRouter.use(
          await createRouter({
            service,
            httpAuth,
            permissions,
            resolveEntity: async (entityRef, credentials) => {
              const entity = await catalog.getEntityByRef(entityRef, {
                credentials,
              });
              if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
              const id =
                entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
              if (!id)
                throw new InputError(
                  `${entityRef} has no ${ANNOTATION_KUBERNETES_ID} annotation`,
                );
              return {
                id,
                namespace:
                  entity.metadata.annotations?.[
                    ANNOTATION_KUBERNETES_NAMESPACE
                  ],
              };
            },
          }),
        );
      },
    });
  },
});
