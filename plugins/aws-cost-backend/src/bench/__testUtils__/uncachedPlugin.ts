import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readAwsCostConfig } from '../../config';
import { DefaultAwsCostService } from '../../service/AwsCostService';
import { OrgIndexLoader } from '../../service/OrgIndexLoader';
import { ResponseCache } from '../../service/ResponseCache';
import { createRouter } from '../../service/router';
import { CostStore } from '../../store/CostStore';

/** An answer cache that keeps nothing: every request computes its answer. */
class NoAnswerCache extends ResponseCache {
  constructor() {
    super({ cache: mockServices.cache.mock(), ttlMs: 0 });
  }

  override async get<T>(_key: string, compute: () => Promise<T>): Promise<T> {
    this.computations++;
    return compute();
  }

  override async invalidate(): Promise<void> {}
}

/**
 * The cost plugin's dashboard API as `plugin.ts` wires it (store, org
 * index, reports, router with its permission checks), without the answer
 * cache and without sources or scheduled tasks: what an uncached answer
 * costs.
 */
export const uncachedCostPlugin = createBackendPlugin({
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
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const config = readAwsCostConfig(deps.config);
        const store = await CostStore.create({ database: deps.database });
        const org = OrgIndexLoader.fromConfig(config, {
          catalog: deps.catalog,
          auth: deps.auth,
        });
        const reports = DefaultAwsCostService.fromConfig(config, {
          store,
          orgIndex: () => org.get(),
        });
        deps.httpRouter.use(
          await createRouter({
            logger: deps.logger,
            httpAuth: deps.httpAuth,
            auth: deps.auth,
            permissions: deps.permissions,
            userInfo: deps.userInfo,
            catalog: deps.catalog,
            store,
            reports,
            cache: new NoAnswerCache(),
          }),
        );
      },
    });
  },
});
