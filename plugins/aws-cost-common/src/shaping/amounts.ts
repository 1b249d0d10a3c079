import { microsToNumber } from '../money';
import { CostChange } from '../types';

/** An amount as read from a store or a fixture. @public */
export type MicrosInput = bigint | number | string;

/** Converts an amount read from a database (pg returns sums as strings). @public */
export function toMicros(value: MicrosInput | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) {
      throw new TypeError(`Micro amount ${value} is not an integer`);
    }
    return BigInt(value);
  }
  return BigInt(value.includes('.') ? value.replace(/\.0+$/, '') : value);
}

/** A daily cost for one key of a dimension. @public */
export type DailyCost = { day: string; key: string; micros: MicrosInput };

/** Change between two amounts. @public */
export function costChange(
  current: MicrosInput,
  previous: MicrosInput,
): CostChange {
  const c = toMicros(current);
  const p = toMicros(previous);
  return {
    current: microsToNumber(c),
    previous: microsToNumber(p),
    delta: microsToNumber(c - p),
    ratio: p === 0n ? null : Number(c - p) / Number(p),
  };
}

/** Sums amounts per key (keys in first-seen order). */
export function sumByKey(
  rows: Array<{ key: string; micros: MicrosInput }>,
): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const r of rows) {
    sums.set(r.key, (sums.get(r.key) ?? 0n) + toMicros(r.micros));
  }
  return sums;
}
