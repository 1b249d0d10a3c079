import path from 'node:path';
import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { LocalRepositoriesProvider } from './LocalRepositoriesProvider';
import { createScaffolderModuleRunway } from './module';

/**
 * Runway's scaffolder module and, when `runwayTemplates.publish.provider` is
 * `local` (the default, development), the catalog module that lists the
 * local repositories.
 *
 * @public
 */
export const runwayScaffolderFeatures = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  loader({ config }) {
    const settings = config.getOptionalConfig('runwayTemplates');
    const provider = settings?.getOptionalString('publish.provider') ?? 'local';
    if (!['local', 'github', 'gitlab'].includes(provider)) {
      throw new Error(
        `runwayTemplates.publish.provider must be local, github or gitlab (got "${provider}")`,
      );
    }
    if (provider !== 'local') {
      return [createScaffolderModuleRunway({ localRepositories: undefined })];
    }
    // Relative to the backend's working folder (packages/backend).
    const directory = path.resolve(
      settings?.getOptionalString('publish.local.directory') ??
        '../../.runway/repos',
    );
    const localRepositories = new LocalRepositoriesProvider(directory);
    const catalogModule = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'runway-local-repositories',
      register({ registerInit }) {
        registerInit({
          deps: { catalog: catalogProcessingExtensionPoint },
          async init({ catalog }) {
            catalog.addEntityProvider(localRepositories);
          },
        });
      },
    });
    return [
      createScaffolderModuleRunway({ localRepositories, directory }),
      catalogModule,
    ];
  },
});
