import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

/** The service name field (RunwayServiceName). */
const serviceNameField = FormFieldBlueprint.make({
  name: 'runway-service-name',
  params: {
    field: () => import('./fields/fields').then(m => m.serviceNameFormField),
  },
});

/** The owner picker restricted to Groups (RunwayOwnerPicker). */
const ownerField = FormFieldBlueprint.make({
  name: 'runway-owner-picker',
  params: {
    field: () => import('./fields/fields').then(m => m.ownerFormField),
  },
});

/**
 * Runway's scaffolder form fields, as a module of the scaffolder plugin
 * (discovered by the app through `app.packages: all`).
 *
 * @public
 */
export const scaffolderModuleRunway = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [serviceNameField, ownerField],
});
