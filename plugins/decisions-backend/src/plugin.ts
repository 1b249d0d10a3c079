import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readDecisionsConfig } from './config';
import { DecisionsIndex } from './service/DecisionsIndex';
import { DecisionsStore } from './service/DecisionsStore';
import { createRouter } from './service/router';
import { DefaultDocsSourceReader } from './service/sources';

/** The scheduled rebuild of the index (one replica per cadence). */
const REFRESH_TASK_ID = 'decisions-index-refresh';

/**
 * Runway Decisions backend: every ADR (MADR, in the folder of each entity's
 * `backstage.io/adr-location`) and the runbook freshness of the entities
 * with TechDocs, at /api/decisions. The index is rebuilt by a global
 * scheduled task and kept in the plugin's database, from which every
 * replica serves.
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
      }) {
        const { runbookMaxAgeDays, refreshMinutes } =
          readDecisionsConfig(config);
        const index = new DecisionsIndex({
          catalog,
          auth,
          logger,
          reader: new DefaultDocsSourceReader({ urlReader }),
          store: await DecisionsStore.create({ database }),
          requestRefresh: () => scheduler.triggerTask(REFRESH_TASK_ID),
        });
        await scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          frequency: { minutes: refreshMinutes },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          scope: 'global',
          fn: async () => {
            const snapshot = await index.refresh();
            logger.info(
              `Indexed ${snapshot.adrs.length} ADRs and ${snapshot.runbooks.length} docs sites (${snapshot.errors.length} unreadable)`,
            );
          },
        });
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
