import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { PgSearchEngine } from '@backstage/plugin-search-backend-module-pg';
import { LunrSearchEngine } from '@backstage/plugin-search-backend-node';
import { searchEngineRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { EmptyBeforeIndexSearchEngine } from './EmptyBeforeIndexSearchEngine';

/**
 * The search engine: PostgreSQL's full-text search when the database is
 * PostgreSQL (production), Lunr in memory otherwise (development on SQLite),
 * either answering an empty result, not a 500, for a document type that has
 * not been indexed yet.
 */
export default createBackendModule({
  pluginId: 'search',
  moduleId: 'runway-engine',
  register(env) {
    env.registerInit({
      deps: {
        searchEngineRegistry: searchEngineRegistryExtensionPoint,
        database: coreServices.database,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ searchEngineRegistry, database, config, logger }) {
        const engine = (await PgSearchEngine.supported(database))
          ? await PgSearchEngine.fromConfig(config, { database, logger })
          : new LunrSearchEngine({ logger });
        searchEngineRegistry.setSearchEngine(
          new EmptyBeforeIndexSearchEngine(engine),
        );
      },
    });
  },
});
