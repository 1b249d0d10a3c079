/**
 * Runway template upgrades frontend plugin (new frontend system): the
 * Templates page and the Template card with its Upgrade button.
 *
 * @packageDocumentation
 */
export { templateUpgradesPlugin as default } from './plugin';
export { TemplateUpgradesClient, templateUpgradesApiRef } from './api';
export type { TemplateUpgradesApi } from './api';
