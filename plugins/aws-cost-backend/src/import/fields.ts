import { isDay, parseMicros } from '@runway/plugin-aws-cost-common';
import { DailyCostRow } from '../store/CostStore';

/** A file row mapped to the store's daily row (the source is added later). */
export type MappedRow = Omit<DailyCostRow, 'source'>;

/** A CSV record: column name to raw text. */
export type CsvRecord = Record<string, string>;

/** A bad value in one column of a row. */
export class RowError extends Error {
  constructor(readonly column: string, message: string) {
    super(message);
  }
}

/** A required decimal amount, as exact micros. */
export function money(record: CsvRecord, column: string): bigint {
  const raw = record[column];
  if (raw === undefined || raw === '') {
    throw new RowError(column, `${column} is empty`);
  }
  const value = parseMicros(raw);
  if (value === undefined) {
    throw new RowError(column, `${column} '${raw}' is not a number`);
  }
  return value;
}

/** An optional decimal amount (empty is 0), as exact micros. */
export function optionalMoney(record: CsvRecord, column: string) {
  return record[column] ? money(record, column) : 0n;
}

/** The day (YYYY-MM-DD) a date or timestamp column starts with. */
export function day(record: CsvRecord, column: string): string {
  const raw = record[column] ?? '';
  const value = raw.slice(0, 10);
  if (!isDay(value)) {
    throw new RowError(column, `${column} '${raw}' is not a date`);
  }
  return value;
}

/** A column that must not be empty. */
export function required(record: CsvRecord, column: string): string {
  const value = record[column];
  if (!value) throw new RowError(column, `${column} is empty`);
  return value;
}

/** An ISO 4217 currency code. */
export function currency(record: CsvRecord, column: string): string {
  const value = required(record, column);
  if (!/^[A-Z]{3}$/.test(value)) {
    throw new RowError(column, `${column} '${value}' is not an ISO 4217 code`);
  }
  return value;
}

/** Tags from a JSON object column, with `prefix` removed from their keys. */
export function tagsFrom(
  record: CsvRecord,
  column: string,
  prefix: string,
): Record<string, string> {
  const raw = record[column];
  if (!raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RowError(column, `${column} is not a JSON object`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new RowError(column, `${column} is not a JSON object`);
  }
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    parsed as Record<string, unknown>,
  )) {
    const name = key.startsWith(prefix) ? key.slice(prefix.length) : key;
    if (typeof value === 'string') tags[name] = value;
  }
  return tags;
}
