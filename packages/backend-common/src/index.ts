/**
 * Node helpers shared by Runway's backend plugins.
 *
 * @packageDocumentation
 */
export { repositoryOf, trustedOriginsFromConfig } from './locations';
export { readEntityRefs } from './roles';
export {
  EventNotifier,
  NOTIFICATION_EVENTS_TABLE,
  type OwnerEvent,
  type ReconcileResult,
} from './EventNotifier';
export {
  DEFAULT_DIRECTORY_LIMITS,
  type DirectoryLimits,
  readTemplateDirectory,
  type TemplateFile,
  trustedTemplateDirectory,
} from './templateFiles';
