import path from 'node:path';
import { RootConfigService as Config } from '@backstage/backend-plugin-api';

/**
 * The template upgrades backend's settings, read once at start-up.
 *
 * @public
 */
export interface TemplateUpgradesConfig {
  /** Minutes between two checks of the fleet (`templateUpgrades.checkMinutes`, 30). */
  checkMinutes: number;
  /**
   * Whether each check also opens an upgrade for every service behind
   * (`templateUpgrades.sweep.enabled`, false).
   */
  sweepEnabled: boolean;
  /** Development's local repositories (`runwayTemplates.publish.local.directory`). */
  localDirectory?: string;
}

/**
 * Reads the `templateUpgrades` keys; throws, naming the key, on a value of
 * the wrong type or out of range.
 *
 * @public
 */
export function readTemplateUpgradesConfig(
  config: Config,
): TemplateUpgradesConfig {
  const checkMinutes =
    config.getOptionalNumber('templateUpgrades.checkMinutes') ?? 30;
  if (!(checkMinutes >= 1 && checkMinutes <= 24 * 60)) {
    throw new Error(
      `templateUpgrades.checkMinutes must be a number of minutes from 1 to 1440 (got ${checkMinutes})`,
    );
  }
  const provider =
    config.getOptionalString('runwayTemplates.publish.provider') ?? 'local';
  return {
    checkMinutes,
    sweepEnabled:
      config.getOptionalBoolean('templateUpgrades.sweep.enabled') ?? false,
    localDirectory:
      provider === 'local'
        ? path.resolve(
            config.getOptionalString(
              'runwayTemplates.publish.local.directory',
            ) ?? '../../.runway/repos',
          )
        : undefined,
  };
}
