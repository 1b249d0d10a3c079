import {
  IncompleteGroup,
  parseMicros,
  sumByCurrency,
} from '@runway/plugin-aws-cost-common';
import { RefusedFileRecord, RefusedRowRecord } from '../store/RefusedRowTable';
import { CsvRecord, text } from './fields';
import { focusAccount } from './focus';

/** The refused rows an import lists per file; the rest are counted. */
export const MAX_REFUSED_KEPT = 10_000;

/** The key of a file-level fault (header, CSV): no period, no account. */
export const FILE_GROUP = '|';

/**
 * The billing period and account group of a row that was refused, read as
 * far as its cells allow, so that the group it would have joined is not
 * written either.
 */
export function badRowGroup(record: CsvRecord, format: 'focus' | 'cur2') {
  const period =
    format === 'focus'
      ? text(record, 'BillingPeriodStart')
      : text(record, 'bill_billing_period_start_date');
  const account =
    format === 'focus'
      ? focusAccount(record)
      : text(record, 'line_item_usage_account_id');
  return `${(period ?? '').slice(0, 7)}|${account ?? ''}`;
}

type GroupTally = {
  refused: number;
  refusedCost: Map<string, bigint>;
  withoutCost: number;
  valid: bigint;
};

/**
 * A refused row's cost as far as its cells tell: FOCUS `EffectiveCost`,
 * else `BilledCost`, in `BillingCurrency`; CUR 2.0
 * `line_item_unblended_cost` in `line_item_currency_code`. Undefined when
 * the amount or the currency cannot be read.
 */
export function refusedCostOf(
  record: CsvRecord,
  format: 'focus' | 'cur2',
): { currency: string; micros: bigint } | undefined {
  const [amounts, currencyColumn] =
    format === 'focus'
      ? [['EffectiveCost', 'BilledCost'], 'BillingCurrency']
      : [['line_item_unblended_cost'], 'line_item_currency_code'];
  const currency = text(record, currencyColumn);
  if (!currency || !/^[A-Z]{3}$/.test(currency)) return undefined;
  for (const column of amounts) {
    const raw = text(record, column);
    const micros = raw === undefined ? undefined : parseMicros(raw);
    if (micros !== undefined) return { currency, micros };
  }
  return undefined;
}

/**
 * Tallies the rows of one file an import refuses, per billing period and
 * account group (`period|account`): their count, their cost per currency,
 * and the cost of the group's valid rows, which are not written either.
 * Keeps the first `maxKept` rows for the list and counts the rest.
 */
export class RefusalTally {
  private readonly kept: RefusedRowRecord[] = [];
  private readonly tallies = new Map<string, GroupTally>();
  private count = 0;

  constructor(
    private readonly options: {
      source: string;
      file: string;
      /** The dashboard's currency (of valid rows). */
      currency: string;
      maxKept?: number;
    },
  ) {}

  private tally(groupKey: string): GroupTally {
    let t = this.tallies.get(groupKey);
    if (!t) {
      t = { refused: 0, refusedCost: new Map(), withoutCost: 0, valid: 0n };
      this.tallies.set(groupKey, t);
    }
    return t;
  }

  /** Counts a refused row (or a file-level fault, `FILE_GROUP`). */
  refuse(
    groupKey: string,
    error: { line: number; column?: string; reason: string },
    cost?: { currency: string; micros: bigint },
  ) {
    this.count++;
    const t = this.tally(groupKey);
    t.refused++;
    if (cost) {
      t.refusedCost.set(
        cost.currency,
        (t.refusedCost.get(cost.currency) ?? 0n) + cost.micros,
      );
    } else {
      t.withoutCost++;
    }
    if (this.kept.length >= (this.options.maxKept ?? MAX_REFUSED_KEPT)) {
      return;
    }
    const [billingPeriod, accountId] = groupKey.split('|');
    this.kept.push({
      ...error,
      billingPeriod,
      accountId,
      ...(cost ? { currency: cost.currency, costMicros: cost.micros } : {}),
    });
  }

  /** Counts a valid row's cost (in the dashboard's currency) for its group. */
  valid(groupKey: string, micros: bigint) {
    this.tally(groupKey).valid += micros;
  }

  /**
   * The groups the import does not write: `rejected` holds each one's key
   * and row count. A group without refused rows is listed too (a file that
   * stops being valid CSV writes none of its groups).
   */
  groups(rejected: Array<[string, number]>): IncompleteGroup[] {
    const keys = new Map(rejected);
    if (this.tallies.has(FILE_GROUP) && !keys.has(FILE_GROUP)) {
      keys.set(FILE_GROUP, 0);
    }
    return [...keys.entries()].sort().map(([key, rows]) => {
      const t = this.tally(key);
      const [billingPeriod, accountId] = key.split('|');
      const refusedCost = [...t.refusedCost.entries()].map(
        ([currency, micros]) => ({ currency, micros }),
      );
      return {
        source: this.options.source,
        file: this.options.file,
        billingPeriod,
        accountId,
        rows,
        refusedRows: t.refused,
        refusedCost: sumByCurrency(refusedCost),
        refusedWithoutCost: t.withoutCost,
        notIncludedCost: sumByCurrency([
          ...refusedCost,
          ...(t.valid !== 0n
            ? [{ currency: this.options.currency, micros: t.valid }]
            : []),
        ]),
      };
    });
  }

  /** The file's record for the store (replaces the previous one). */
  record(groups: IncompleteGroup[], importedAt: Date): RefusedFileRecord {
    return {
      source: this.options.source,
      file: this.options.file,
      importedAt: importedAt.toISOString(),
      refusedRows: this.count,
      rows: this.kept,
      groups,
    };
  }
}
