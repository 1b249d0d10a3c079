/**
 * Money as integer micro-units (1 unit of currency = 1,000,000 micros).
 *
 * Amounts are parsed from decimal strings without ever going through a
 * float, summed as bigint, and rounded once, for display.
 */

/** Micro-units per unit of currency. @public */
export const MICROS_PER_UNIT = 1_000_000;

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal string (as found in FOCUS, CUR and Cost Explorer: `12.5`,
 * `-0.0000001`, `1.2E-5`) into integer micros, rounding half away from zero
 * at the sixth decimal. Returns `undefined` for anything that is not a number.
 *
 * @public
 */
export function parseMicros(text: string): bigint | undefined {
  const trimmed = text.trim();
  const match = DECIMAL.exec(trimmed);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return undefined;
  }
  const negative = match[1] === '-';
  let digits = `${match[2]}${match[3] ?? ''}`;
  // decimal point position relative to the end of `digits`
  let scale = (match[3] ?? '').length - Number(match[4] ?? '0');
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  let value = BigInt(digits || '0');
  if (scale <= 6) {
    value *= 10n ** BigInt(6 - scale);
  } else {
    const divisor = 10n ** BigInt(scale - 6);
    const quotient = value / divisor;
    const remainder = value % divisor;
    value = remainder * 2n >= divisor ? quotient + 1n : quotient;
  }
  return negative ? -value : value;
}

/** Sums micro amounts exactly. @public */
export function sumMicros(values: Iterable<bigint | number>): bigint {
  let total = 0n;
  for (const value of values) {
    total += typeof value === 'bigint' ? value : BigInt(value);
  }
  return total;
}

/**
 * Converts bigint micros to a JSON-safe integer number, failing loudly if the
 * amount exceeds 2^53 micros (about 9 billion units of currency).
 *
 * @public
 */
export function microsToNumber(value: bigint): number {
  if (
    value > BigInt(Number.MAX_SAFE_INTEGER) ||
    value < BigInt(Number.MIN_SAFE_INTEGER)
  ) {
    throw new RangeError(`Amount ${value} micros is outside the safe range`);
  }
  return Number(value);
}

/**
 * Integer division of micros rounding half away from zero (for averages and
 * proportional splits).
 *
 * @public
 */
export function divideMicros(value: bigint, by: bigint): bigint {
  if (by === 0n) {
    return 0n;
  }
  const negative = value < 0n !== by < 0n;
  const a = value < 0n ? -value : value;
  const b = by < 0n ? -by : by;
  const q = a / b;
  const rounded = (a % b) * 2n >= b ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/**
 * Splits an amount across weights so that the parts add up exactly to the
 * amount (largest remainder method). Weights are non-negative integers.
 *
 * @public
 */
export function splitMicros(amount: bigint, weights: bigint[]): bigint[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  if (total === 0n || weights.length === 0) {
    return weights.map(() => 0n);
  }
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const parts = weights.map(w => (abs * w) / total);
  let rest = abs - parts.reduce((a, b) => a + b, 0n);
  const order = weights
    .map((w, i) => ({ i, rem: (abs * w) % total }))
    .sort((x, y) => {
      if (y.rem !== x.rem) return y.rem > x.rem ? 1 : -1;
      return x.i - y.i;
    });
  for (const { i } of order) {
    if (rest === 0n) break;
    parts[i] += 1n;
    rest -= 1n;
  }
  return negative ? parts.map(p => -p) : parts;
}

/**
 * Formats micros for display, rounding once: `formatMoney(12_345_678, 'USD')`
 * is `$12.35`; `compact` gives `$12.3K` style figures for tiles and axes.
 *
 * @public
 */
export function formatMoney(
  micros: number | bigint,
  currency: string,
  options: { compact?: boolean; decimals?: number } = {},
): string {
  const value = Number(micros) / MICROS_PER_UNIT;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    notation: options.compact ? 'compact' : 'standard',
    maximumFractionDigits: options.decimals ?? (options.compact ? 1 : 2),
    minimumFractionDigits: options.compact ? 0 : options.decimals ?? 2,
  }).format(value);
}

/** Formats micros as a plain decimal string with 6 decimals (CSV). @public */
export function microsToDecimalString(micros: number | bigint): string {
  const value = BigInt(micros);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const units = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0');
  return `${negative ? '-' : ''}${units}.${frac}`;
}
