import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { isDay, parseMicros, TagKeys } from '@runway/plugin-aws-cost-common';
import { CostStore, DailyCostRow } from '../store/CostStore';

/** A problem with one row of a file. @public */
export type ImportRowError = { line: number; column?: string; message: string };

/** @public */
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

const FOCUS_REQUIRED = [
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'BillingPeriodStart',
  'BillingAccountId',
  'ServiceName',
  'ChargeCategory',
];
const FOCUS_CHARGE_CATEGORIES = new Set([
  'Usage',
  'Purchase',
  'Tax',
  'Credit',
  'Adjustment',
]);
const CUR_REQUIRED = [
  'line_item_usage_start_date',
  'bill_billing_period_start_date',
  'line_item_usage_account_id',
  'line_item_line_item_type',
  'line_item_unblended_cost',
  'line_item_currency_code',
];

type Mapped = Omit<DailyCostRow, 'source'>;

class RowError extends Error {
  constructor(readonly column: string, message: string) {
    super(message);
  }
}

function money(record: Record<string, string>, column: string): bigint {
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

function optionalMoney(record: Record<string, string>, column: string) {
  return record[column] ? money(record, column) : 0n;
}

function day(record: Record<string, string>, column: string): string {
  const raw = record[column] ?? '';
  const value = raw.slice(0, 10);
  if (!isDay(value)) {
    throw new RowError(column, `${column} '${raw}' is not a date`);
  }
  return value;
}

function required(record: Record<string, string>, column: string): string {
  const value = record[column];
  if (!value) throw new RowError(column, `${column} is empty`);
  return value;
}

function currency(record: Record<string, string>, column: string): string {
  const value = required(record, column);
  if (!/^[A-Z]{3}$/.test(value)) {
    throw new RowError(column, `${column} '${value}' is not an ISO 4217 code`);
  }
  return value;
}

function tagsFrom(
  record: Record<string, string>,
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

/**
 * Maps a FOCUS 1.0-1.2 row. The stored cost is EffectiveCost, which FOCUS
 * defines as amortised: commitment purchases carry 0 there (their cost shows
 * on the covered usage and on "Unused" commitment rows), credits and
 * refunds are negative, tax is its own ChargeCategory.
 */
function mapFocus(record: Record<string, string>, tagKeys: TagKeys): Mapped {
  const category = required(record, 'ChargeCategory');
  if (!FOCUS_CHARGE_CATEGORIES.has(category)) {
    throw new RowError(
      'ChargeCategory',
      `ChargeCategory '${category}' is not one of ${[
        ...FOCUS_CHARGE_CATEGORIES,
      ].join(', ')}`,
    );
  }
  const tags = tagsFrom(record, 'Tags', 'user:');
  const correction = record.ChargeClass === 'Correction';
  const billingPeriodStart = day(record, 'BillingPeriodStart');
  return {
    usageDate: day(record, 'ChargePeriodStart'),
    billingPeriod: billingPeriodStart.slice(0, 7),
    accountId: record.SubAccountId || required(record, 'BillingAccountId'),
    accountName: record.SubAccountName || record.BillingAccountName || '',
    awsService: required(record, 'ServiceName'),
    region: record.RegionId ?? record.Region ?? '',
    usageType: record.x_UsageType ?? '',
    chargeType: correction ? `${category}/Correction` : category,
    team: tags[tagKeys.team] ?? '',
    service: tags[tagKeys.service] ?? '',
    environment: tags[tagKeys.environment] ?? '',
    currency: currency(record, 'BillingCurrency'),
    costMicros: money(record, 'EffectiveCost'),
    billedMicros: money(record, 'BilledCost'),
  };
}

const CUR_CHARGE: Record<string, string> = {
  Usage: 'Usage',
  DiscountedUsage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  Tax: 'Tax',
  Credit: 'Credit',
  Refund: 'Credit/Correction',
  BundledDiscount: 'Credit',
  EdpDiscount: 'Credit',
  PrivateRateDiscount: 'Credit',
  SavingsPlanNegation: 'Credit',
  RIFee: 'Purchase',
  Fee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
};

/** The amortised cost of a CUR 2.0 line, as the AWS "amortized cost" view. */
function curAmortised(record: Record<string, string>, type: string): bigint {
  switch (type) {
    case 'SavingsPlanCoveredUsage':
      return optionalMoney(record, 'savings_plan_savings_plan_effective_cost');
    case 'SavingsPlanNegation':
    case 'SavingsPlanUpfrontFee':
      return 0n;
    case 'SavingsPlanRecurringFee':
      return (
        optionalMoney(record, 'savings_plan_total_commitment_to_date') -
        optionalMoney(record, 'savings_plan_used_commitment')
      );
    case 'DiscountedUsage':
      return optionalMoney(record, 'reservation_effective_cost');
    case 'RIFee':
      return (
        optionalMoney(
          record,
          'reservation_unused_amortized_upfront_fee_for_billing_period',
        ) + optionalMoney(record, 'reservation_unused_recurring_fee')
      );
    case 'Fee':
      return record.reservation_reservation_a_r_n
        ? 0n
        : money(record, 'line_item_unblended_cost');
    default:
      return money(record, 'line_item_unblended_cost');
  }
}

function mapCur(record: Record<string, string>, tagKeys: TagKeys): Mapped {
  const type = required(record, 'line_item_line_item_type');
  const chargeType = CUR_CHARGE[type];
  if (!chargeType) {
    throw new RowError(
      'line_item_line_item_type',
      `line_item_line_item_type '${type}' is not a known line item type`,
    );
  }
  const tags = tagsFrom(record, 'resource_tags', 'user_');
  const legacy = (key: string) => record[`resource_tags_user_${key}`];
  return {
    usageDate: day(record, 'line_item_usage_start_date'),
    billingPeriod: day(record, 'bill_billing_period_start_date').slice(0, 7),
    accountId: required(record, 'line_item_usage_account_id'),
    accountName: record.line_item_usage_account_name ?? '',
    awsService:
      record.product_product_name ||
      record.product_servicename ||
      required(record, 'line_item_product_code'),
    region: record.product_region_code ?? record.product_region ?? '',
    usageType: record.line_item_usage_type ?? '',
    chargeType,
    team: tags[tagKeys.team] ?? legacy(tagKeys.team) ?? '',
    service: tags[tagKeys.service] ?? legacy(tagKeys.service) ?? '',
    environment: tags[tagKeys.environment] ?? legacy(tagKeys.environment) ?? '',
    currency: currency(record, 'line_item_currency_code'),
    costMicros: curAmortised(record, type),
    billedMicros: money(record, 'line_item_unblended_cost'),
  };
}

const KEY_FIELDS: Array<keyof Mapped> = [
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
  type Group = { rows: number; bad: boolean; agg: Map<string, Mapped> };
  const groups = new Map<string, Group>();
  const errors: ImportRowError[] = [];
  let errorCount = 0;
  let format: ImportResult['format'] | undefined;
  let map: ((r: Record<string, string>, k: TagKeys) => Mapped) | undefined;
  let rows = 0;

  const report = (error: ImportRowError) => {
    errorCount++;
    if (errors.length < maxErrors) errors.push(error);
  };

  try {
    for await (const item of parser as AsyncIterable<{
      record: Record<string, string>;
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
      let mapped: Mapped;
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
