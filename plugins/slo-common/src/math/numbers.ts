/**
 * Number helpers shared by the error-budget math and rule generation.
 */

/**
 * Rounds away float noise such as 1 - 0.999 = 0.0010000000000000009
 * (12 significant digits).
 *
 * @public
 */
export function clean(value: number): number {
  return Number(value.toPrecision(12));
}
