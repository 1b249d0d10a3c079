/**
 * Runway's scaffolder actions, as a backend module of the scaffolder plugin.
 *
 * @packageDocumentation
 */
export { scaffolderModuleRunway as default } from './module';
export { createValidateAction } from './actions/validate';
export { createPublishLocalAction } from './actions/publishLocal';
export { createSloRulesAction, runbookSection } from './actions/sloRules';
export {
  createCloudFormationDeployAction,
  type CloudFormationDeployOptions,
} from './actions/cloudformationDeploy';
export { checkServiceName, checkText } from './actions/inputChecks';
