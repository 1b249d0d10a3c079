import { isDay, parseMicros } from '@runway/plugin-aws-cost-common';
import { DailyCostRow } from '../store/CostStore';

/** A file row mapped to the store's daily row (the source is added later). */
export type MappedRow = Omit<DailyCostRow, 'source'> & {
  /** The line's resource (kept to split a node's cost; not stored). */
  resourceId?: string;
  /** A pod's split line: the node it ran on (not stored). */
  splitParent?: string;
};

/** A CSV record: column name to raw text. */
export type CsvRecord = Record<string, string>;

/** A bad value in one column of a row. */
export class RowError extends Error {
  constructor(readonly column: string, message: string) {
    super(message);
  }
}

/**
 * A cell's text, or `undefined` when the cell is null: the column is absent,
 * the cell is empty, or it holds the literal `NULL` that FOCUS writers use
 * for null (FOCUS Null Handling; quoted or not).
 */
export function text(record: CsvRecord, column: string): string | undefined {
  const raw = record[column];
  return raw === undefined || raw === '' || raw === 'NULL' ? undefined : raw;
}

/** A column that must not be null. */
export function required(record: CsvRecord, column: string): string {
  const value = text(record, column);
  if (value === undefined) throw new RowError(column, `${column} is null`);
  return value;
}

/**
 * A required decimal amount, as exact micros. Integers, decimals and E
 * notation (`1.2E-5`, which CSV writers of doubles produce) are read.
 */
export function money(record: CsvRecord, column: string): bigint {
  const raw = required(record, column);
  const value = parseMicros(raw);
  if (value === undefined) {
    throw new RowError(column, `${column} '${raw}' is not a number`);
  }
  return value;
}

/** An optional decimal amount (null is 0), as exact micros. */
export function optionalMoney(record: CsvRecord, column: string) {
  return text(record, column) === undefined ? 0n : money(record, column);
}

/**
 * The day (YYYY-MM-DD) a required date or timestamp column starts with:
 * `2026-10-01T00:00:00Z`, `2026-10-01T00:00Z`, `2026-10-01T00:00:00.000Z`
 * and `2026-10-01 00:00:00 UTC` all start with their day.
 */
export function day(record: CsvRecord, column: string): string {
  const raw = required(record, column);
  const value = raw.slice(0, 10);
  if (!isDay(value)) {
    throw new RowError(column, `${column} '${raw}' is not a date`);
  }
  return value;
}

/** An ISO 4217 currency code that must not be null. */
export function currency(record: CsvRecord, column: string): string {
  const value = required(record, column);
  if (!/^[A-Z]{3}$/.test(value)) {
    throw new RowError(column, `${column} '${value}' is not an ISO 4217 code`);
  }
  return value;
}

/** A JSON object column (null is `{}`); anything else is refused. */
export function jsonObject(
  record: CsvRecord,
  column: string,
): Record<string, unknown> {
  const raw = text(record, column);
  if (raw === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RowError(column, `${column} is not a JSON object`);
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RowError(column, `${column} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * Tags from a key-value column (FOCUS Key-Value Format: a JSON object, or
 * null), with `prefix` removed from their keys. String and number values
 * are kept as text; `true` (a tag without a value), `false`, null, and
 * objects or arrays (which the format does not allow) carry no value and
 * are left out.
 */
export function tagsFrom(
  record: CsvRecord,
  column: string,
  prefix: string,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(jsonObject(record, column))) {
    const name =
      prefix && key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (typeof value === 'string') tags[name] = value;
    else if (typeof value === 'number') tags[name] = String(value);
  }
  return tags;
}
