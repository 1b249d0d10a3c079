import {
  coreServices,
  createBackendFeatureLoader,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { readRunwayTemplatesConfig } from './config';
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
    // fails start-up, naming the key, on a bad runwayTemplates.publish
    const { publish, localDirectory: directory } =
      readRunwayTemplatesConfig(config);
    if (publish.provider !== 'local' || !directory) {
      return [createScaffolderModuleRunway({ localRepositories: undefined })];
    }
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
