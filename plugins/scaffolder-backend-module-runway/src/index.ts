/**
 * Runway's scaffolder actions, as a backend module of the scaffolder plugin,
 * plus (in development) the catalog module that lists the repositories
 * `runway:publish:local` creates.
 *
 * @packageDocumentation
 */
export { runwayScaffolderFeatures as default } from './features';
export { createScaffolderModuleRunway } from './module';
export { LocalRepositoriesProvider } from './LocalRepositoriesProvider';
export { createValidateAction } from './actions/validate';
export { createPublishLocalAction } from './actions/publishLocal';
export { createSloRulesAction } from './actions/sloRules';
export { createCloudFormationDeployAction } from './actions/cloudformationDeploy';
export type {
  CloudFormationCapability,
  CloudFormationDeployInput,
  CloudFormationDeployOptions,
  CloudFormationDeployOutput,
} from './actions/cloudformationTypes';
export { createPublishTargetAction } from './actions/publishTarget';
export type { PublishSettings } from './config';
export {
  TEMPLATE_ACTION_FORMS,
  matchesTemplateActionForm,
} from './templateActionForms';
export type {
  TemplateActionForm,
  TemplateActionValue,
} from './templateActionForms';
