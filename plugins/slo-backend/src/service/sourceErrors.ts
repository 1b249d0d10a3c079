import { SloSourceError } from '@runway/plugin-slo-common';

/**
 * Adds `error` to `errors` unless the same source already reported the same
 * message.
 *
 * @public
 */
export function addSourceError(
  errors: SloSourceError[],
  error: SloSourceError,
): void {
  if (
    !errors.some(e => e.source === error.source && e.message === error.message)
  ) {
    errors.push(error);
  }
}
