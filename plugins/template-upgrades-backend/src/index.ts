/**
 * Runway template upgrades backend: template versions archived, each
 * service's drift from the version it was made with, and upgrades to the
 * newest version as pull requests.
 *
 * @packageDocumentation
 */
export { templateUpgradesPlugin as default } from './plugin';
export {
  readTemplateUpgradesConfig,
  type TemplateUpgradesConfig,
} from './config';
