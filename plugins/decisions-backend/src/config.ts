import { RootConfigService as Config } from '@backstage/backend-plugin-api';
import { DEFAULT_RUNBOOK_MAX_AGE_DAYS } from '@runway/plugin-decisions-common';

/**
 * The decisions backend's settings, read once at start-up.
 *
 * @public
 */
export interface DecisionsConfig {
  /** Days after which a runbook counts as stale (`decisions.runbookMaxAgeDays`). */
  runbookMaxAgeDays: number;
  /** Minutes between two refreshes of the ADR index (`decisions.refreshMinutes`, 10 by default). */
  refreshMinutes: number;
}

function positive(config: Config, key: string, unit: string, fallback: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new Error(
      `${key} must be a positive number of ${unit} (got ${value})`,
    );
  }
  return value;
}

/**
 * Reads the `decisions` keys; throws, naming the key, on a value that is not
 * a positive number.
 *
 * @public
 */
export function readDecisionsConfig(config: Config): DecisionsConfig {
  return {
    runbookMaxAgeDays: positive(
      config,
      'decisions.runbookMaxAgeDays',
      'days',
      DEFAULT_RUNBOOK_MAX_AGE_DAYS,
    ),
    refreshMinutes: positive(config, 'decisions.refreshMinutes', 'minutes', 10),
  };
}
