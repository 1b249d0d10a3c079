/**
 * Runway template upgrades: the fleet, drift and upgrade request types, the
 * annotations they read and the plugin's permissions.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export { compareVersions } from './versions';
