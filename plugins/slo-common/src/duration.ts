/**
 * Prometheus-style durations (`5m`, `1h`, `28d`, `1w`) in seconds.
 */

const UNITS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 7 * 86400,
  y: 365 * 86400,
};

const DURATION_RE = /^(\d+(?:ms|s|m|h|d|w|y))+$/;

/**
 * Parses a Prometheus duration such as `30d`, `1h30m` or `5m` into seconds.
 * Throws on anything else.
 *
 * @public
 */
export function parseDuration(text: string): number {
  if (!DURATION_RE.test(text)) {
    throw new Error(`invalid duration '${text}' (expected e.g. 5m, 1h, 30d)`);
  }
  let total = 0;
  for (const match of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    total += Number(match[1]) * UNITS[match[2]];
  }
  return total;
}

/**
 * Whether `text` is a valid Prometheus duration.
 *
 * @public
 */
export function isDuration(text: string): boolean {
  return DURATION_RE.test(text);
}

/**
 * Formats seconds as the shortest Prometheus duration (86400 seconds is `1d`).
 *
 * @public
 */
export function formatDuration(seconds: number): string {
  if (seconds <= 0) {
    return '0s';
  }
  for (const [unit, size] of [
    ['w', UNITS.w],
    ['d', UNITS.d],
    ['h', UNITS.h],
    ['m', UNITS.m],
  ] as const) {
    if (seconds % size === 0) {
      return `${seconds / size}${unit}`;
    }
  }
  return `${Math.round(seconds)}s`;
}
