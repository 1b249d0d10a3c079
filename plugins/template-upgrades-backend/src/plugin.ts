import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  EventNotifier,
  trustedOriginsFromConfig,
} from '@runway/backend-common';
import { templateUpgradesPermissions } from '@runway/plugin-template-upgrades-common';
import { registerTemplateUpgradesActions } from './actions/actions';
import { readTemplateUpgradesConfig } from './config';
import { checkFleet } from './service/fleetCheck';
import { DryRunTemplateRenderer } from './service/render';
import { RepositoryGit } from './service/repositories';
import { createRouter } from './service/router';
import { TemplateUpgrades } from './service/TemplateUpgrades';
import { UpgradeStore } from './service/UpgradeStore';

/** The scheduled check of the fleet (one replica per cadence). */
const CHECK_TASK_ID = 'template-upgrades-check';

/**
 * Runway template upgrades backend, at /api/template-upgrades: archives
 * every version of the organisation's own templates it meets, computes each
 * service's drift from the version it was made with, tells owners when
 * their service falls behind, and opens upgrades as pull requests (on a
 * person's request, or by the sweep when `templateUpgrades.sweep.enabled`).
 *
 * @public
 */
export const templateUpgradesPlugin = createBackendPlugin({
  pluginId: 'template-upgrades',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, database, logger, auth, scheduler } = deps;
        const settings = readTemplateUpgradesConfig(config);
        deps.permissionsRegistry.addPermissions(templateUpgradesPermissions);
        const integrations = ScmIntegrations.fromConfig(config);
        const upgrades = new TemplateUpgrades({
          catalog: deps.catalog,
          auth,
          logger,
          store: await UpgradeStore.create({ database }),
          renderer: new DryRunTemplateRenderer({
            auth,
            discovery: deps.discovery,
          }),
          git: new RepositoryGit(integrations),
          trustedOrigins: trustedOriginsFromConfig(config),
          integrations,
          localDirectory: settings.localDirectory,
        });
        const events = await EventNotifier.create({
          database,
          notifications: deps.notifications,
          logger,
        });
        await scheduler.scheduleTask({
          id: CHECK_TASK_ID,
          frequency: { minutes: settings.checkMinutes },
          timeout: { minutes: 30 },
          initialDelay: { seconds: 30 },
          scope: 'global',
          fn: async () => {
            const result = await checkFleet({
              upgrades,
              auth,
              logger,
              events,
              sweepEnabled: settings.sweepEnabled,
            });
            logger.info(
              `Checked ${result.services} services made from templates: ${result.behind} behind, ${result.opened} upgrades opened`,
            );
          },
        });
        registerTemplateUpgradesActions({
          actionsRegistry: deps.actionsRegistry,
          upgrades,
          catalog: deps.catalog,
          permissions: deps.permissions,
          auth,
        });
        deps.httpRouter.use(
          await createRouter({
            upgrades,
            catalog: deps.catalog,
            httpAuth: deps.httpAuth,
            auth,
            permissions: deps.permissions,
            sweepEnabled: settings.sweepEnabled,
          }),
        );
      },
    });
  },
});
