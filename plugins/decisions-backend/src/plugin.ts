import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createFindDecisionsAction } from './actions/findDecisions';
import { createFindRunbookAction } from './actions/findRunbook';
import { readDecisionsConfig } from './config';
import { DecisionsIndex } from './service/DecisionsIndex';
import { DecisionsStore } from './service/DecisionsStore';
import { createRouter } from './service/router';
import { trustedOriginsFromConfig } from '@runway/backend-common';
import { DefaultDocsSourceReader } from './service/sources';

/** The scheduled sync of the index (one replica per cadence). */
const REFRESH_TASK_ID = 'decisions-index-refresh';

/**
 * How often the task compares the catalog with the stored index: a new or
 * changed entity with docs is indexed within this time, and a fresh install
 * catches up as the catalog ingests its locations. The docs themselves are
 * read again only when an entity changed or every `refreshMinutes`.
 */
const CATALOG_CHECK_SECONDS = 30;

/**
 * Runway Decisions backend: every ADR (MADR, in the folder of each entity's
 * `backstage.io/adr-location`) and the runbook freshness of the entities
 * with TechDocs, at /api/decisions. The index is rebuilt by a global
 * scheduled task when the entities with docs change or every
 * `decisions.refreshMinutes`, and kept in the plugin's database, from which
 * every replica serves. Registers the actions `find-decisions` and
 * `find-runbook` (answered from the same index, with the caller's
 * credentials).
 *
 * @public
 */
export const decisionsPlugin = createBackendPlugin({
  pluginId: 'decisions',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init({
        config,
        database,
        logger,
        auth,
        httpAuth,
        httpRouter,
        scheduler,
        urlReader,
        catalog,
        actionsRegistry,
      }) {
        const { runbookMaxAgeDays, refreshMinutes } =
          readDecisionsConfig(config);
        const index = new DecisionsIndex({
          catalog,
          auth,
          logger,
          reader: new DefaultDocsSourceReader({
            urlReader,
            trustedOrigins: trustedOriginsFromConfig(config),
          }),
          store: await DecisionsStore.create({ database }),
          maxAgeMinutes: refreshMinutes,
        });
        await scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          frequency: {
            seconds: Math.min(CATALOG_CHECK_SECONDS, refreshMinutes * 60),
          },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          scope: 'global',
          fn: async () => {
            const { rebuilt, snapshot } = await index.sync();
            if (!rebuilt) return;
            logger.info(
              `Indexed ${snapshot.adrs.length} ADRs and ${snapshot.runbooks.length} docs sites (${snapshot.errors.length} unreadable)`,
            );
          },
        });
        createFindDecisionsAction({ actionsRegistry, index, catalog, auth });
        createFindRunbookAction({ actionsRegistry, index, catalog, auth });
        httpRouter.use(
          await createRouter({
            index,
            catalog,
            httpAuth,
            auth,
            runbookMaxAgeDays,
          }),
        );
      },
    });
  },
});
