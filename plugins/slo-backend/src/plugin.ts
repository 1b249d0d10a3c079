import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { registerSloActions } from './service/actions';
import { sloPermissions } from '@runway/plugin-slo-common';
import { readSloSettings } from './config';
import { DefaultSloService } from './service/DefaultSloService';
import { SourceHealthGauge } from './service/health/SourceHealthGauge';
import { scheduleSourceProbes } from './service/health/sourceProbes';
import {
  scheduleSloNotifications,
  SloNotificationCheck,
} from './service/notifications/SloNotificationCheck';
import { createRouter } from './service/router';
import { sloRequestSignersServiceRef } from './service/signers';
import {
  CatalogSloDefinitions,
  ServiceNameClaims,
} from './service/SloDefinitions';

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
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        reader: coreServices.urlReader,
        scheduler: coreServices.scheduler,
        database: coreServices.database,
        notifications: notificationService,
        catalog: catalogServiceRef,
        signers: sloRequestSignersServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        reader,
        scheduler,
        database,
        notifications,
        catalog,
        signers,
        actionsRegistry,
      }) {
        const settings = readSloSettings(config, {
          signerFor: (name, region) => signers.forSource(name, region),
        });
        permissionsRegistry.addPermissions(sloPermissions);

        const health = new SourceHealthGauge();
        const service = new DefaultSloService({
          settings,
          definitions: new CatalogSloDefinitions({
            reader,
            files: settings.files,
            queries: settings.queries,
            names: new ServiceNameClaims({
              trustedOrigins: settings.files.trustedOrigins,
              entities: async () =>
                (
                  await catalog.getEntities(
                    {
                      fields: [
                        'kind',
                        'metadata.namespace',
                        'metadata.name',
                        'metadata.annotations',
                      ],
                    },
                    { credentials: await auth.getOwnServiceCredentials() },
                  )
                ).items,
            }),
          }),
          catalog,
          logger,
          onSourceHealth: (source, up) => health.record(source, up),
        });
        await scheduleSourceProbes({
          scheduler,
          sources: settings.sources,
          health,
          logger,
        });

        if (settings.notifications.enabled) {
          await scheduleSloNotifications({
            scheduler,
            settings: settings.notifications,
            check: await SloNotificationCheck.create({
              database,
              notifications,
              logger,
              auth,
              slos: service,
              settings,
            }),
            logger,
          });
        }

        registerSloActions({ actionsRegistry, permissions, service });
        httpRouter.use(await createRouter({ httpAuth, permissions, service }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
