import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { TagKeys } from '@runway/plugin-aws-cost-common';
import { CostStore } from '../store/CostStore';
import { CUR_REQUIRED, mapCur } from './cur';
import { CsvRecord, MappedRow, RowError } from './fields';
import { FOCUS_REQUIRED, mapFocus } from './focus';

/** A problem with one row of a file. @public */
export type ImportRowError = { line: number; column?: string; message: string };

/** What an import read, wrote per billing period and account, and refused. @public */
export type ImportResult = {
  format: 'focus' | 'cur2';
  rows: number;
  groups: Array<{
    billingPeriod: string;
    accountId: string;
    rows: number;
    stored: number;
    status: 'imported' | 'rejected';
  }>;
  errors: ImportRowError[];
  /** More errors than `errors` lists. */
  errorCount: number;
};

/** The fields rows are aggregated by (the store's daily key). */
const KEY_FIELDS: Array<keyof MappedRow> = [
  'usageDate',
  'accountId',
  'awsService',
  'region',
  'usageType',
  'chargeType',
  'team',
  'service',
  'environment',
  'currency',
];

/** Opens a CSV or gzipped CSV (by the `.gz` suffix or the gzip magic bytes). */
function openFile(path: string): Readable {
  const file = createReadStream(path);
  return path.endsWith('.gz') ? file.pipe(createGunzip()) : file;
}

/**
 * Imports a FOCUS 1.0-1.2 or CUR 2.0 (Data Exports) file, CSV or gzipped
 * CSV, streaming it row by row. Rows are validated (errors name the line and
 * column), aggregated to the store's daily key, and written per billing
 * period and account in one transaction each, replacing what the source held
 * for that period and account. A period/account group with any bad row is
 * not written at all; a file that is not valid CSV writes nothing.
 *
 * @public
 */
export async function importCostFile(options: {
  store: CostStore;
  source: string;
  path?: string;
  input?: Readable;
  tagKeys: TagKeys;
  maxErrors?: number;
}): Promise<ImportResult> {
  const maxErrors = options.maxErrors ?? 100;
  const input = options.input ?? openFile(options.path!);
  const parser = input.pipe(
    parse({
      columns: true,
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_quotes: false,
    }),
  );
  type Group = { rows: number; bad: boolean; agg: Map<string, MappedRow> };
  const groups = new Map<string, Group>();
  const errors: ImportRowError[] = [];
  let errorCount = 0;
  let format: ImportResult['format'] | undefined;
  let map: ((r: CsvRecord, k: TagKeys) => MappedRow) | undefined;
  let rows = 0;

  const report = (error: ImportRowError) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(error);
  };

  try {
    for await (const item of parser as AsyncIterable<{
      record: CsvRecord;
      info: { lines: number };
    }>) {
      const { record, info } = item;
      if (!format) {
        const columns = Object.keys(record);
        if (FOCUS_REQUIRED.every(c => columns.includes(c))) {
          format = 'focus';
          map = mapFocus;
        } else if (CUR_REQUIRED.every(c => columns.includes(c))) {
          format = 'cur2';
          map = mapCur;
        } else {
          const missing = FOCUS_REQUIRED.filter(c => !columns.includes(c));
          report({
            line: 1,
            column: missing[0],
            message: `Header is neither FOCUS 1.x nor CUR 2.0: missing ${missing.join(
              ', ',
            )}`,
          });
          input.destroy();
          break;
        }
      }
      rows++;
      let mapped: MappedRow;
      try {
        mapped = map!(record, options.tagKeys);
      } catch (e) {
        const err = e as RowError;
        const groupKey = `${(
          record.BillingPeriodStart ??
          record.bill_billing_period_start_date ??
          ''
        ).slice(0, 7)}|${
          record.SubAccountId ||
          record.BillingAccountId ||
          record.line_item_usage_account_id ||
          ''
        }`;
        const g = groups.get(groupKey) ?? {
          rows: 0,
          bad: false,
          agg: new Map(),
        };
        g.rows++;
        g.bad = true;
        groups.set(groupKey, g);
        report({ line: info.lines, column: err.column, message: err.message });
        continue;
      }
      const groupKey = `${mapped.billingPeriod}|${mapped.accountId}`;
      let g = groups.get(groupKey);
      if (!g) {
        g = { rows: 0, bad: false, agg: new Map() };
        groups.set(groupKey, g);
      }
      g.rows++;
      if (g.bad) continue;
      const key = KEY_FIELDS.map(f => mapped[f]).join('\u0000');
      const existing = g.agg.get(key);
      if (existing) {
        existing.costMicros += mapped.costMicros;
        existing.billedMicros += mapped.billedMicros;
        if (mapped.billingPeriod > existing.billingPeriod) {
          existing.billingPeriod = mapped.billingPeriod;
        }
      } else {
        g.agg.set(key, mapped);
      }
    }
  } catch (e) {
    const err = e as Error & { lines?: number; code?: string };
    report({
      line: err.lines ?? 0,
      message: `Not a valid CSV file: ${err.message}`,
    });
    return {
      format: format ?? 'focus',
      rows,
      groups: [...groups.entries()].map(([k, g]) => ({
        billingPeriod: k.split('|')[0],
        accountId: k.split('|')[1],
        rows: g.rows,
        stored: 0,
        status: 'rejected' as const,
      })),
      errors,
      errorCount,
    };
  }

  const result: ImportResult = {
    format: format ?? 'focus',
    rows,
    groups: [],
    errors,
    errorCount,
  };
  if (!format) return result;
  for (const [key, g] of [...groups.entries()].sort()) {
    const [billingPeriod, accountId] = key.split('|');
    if (g.bad) {
      result.groups.push({
        billingPeriod,
        accountId,
        rows: g.rows,
        stored: 0,
        status: 'rejected',
      });
      continue;
    }
    const stored = [...g.agg.values()].map(r => ({
      ...r,
      billingPeriod,
      source: options.source,
    }));
    await options.store.replacePeriod({
      source: options.source,
      billingPeriod,
      accountId,
      rows: stored,
    });
    result.groups.push({
      billingPeriod,
      accountId,
      rows: g.rows,
      stored: stored.length,
      status: 'imported',
    });
  }
  return result;
}
