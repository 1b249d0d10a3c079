import { Micros } from './types';

/** An amount in one currency (integer micros of `currency`). @public */
export type CurrencyAmount = { currency: string; micros: Micros };

/**
 * A billing period and account that an import did not write because the
 * file holds refused rows for it (imports are all or nothing per billing
 * period and account). The figures hold what an earlier import stored for
 * it, if any.
 *
 * @public
 */
export type IncompleteGroup = {
  /** The source as `/status` names it. */
  source: string;
  /** The file (its path, or an S3 object's URL). */
  file: string;
  /** The billing period (YYYY-MM); `''` when the refused rows' could not be read. */
  billingPeriod: string;
  /** The account; `''` when the refused rows' could not be read. */
  accountId: string;
  /** Every row of the file in this billing period and account. */
  rows: number;
  /** The refused rows among them. */
  refusedRows: number;
  /**
   * The refused rows' cost per currency, where it could be read
   * (`EffectiveCost`, else `BilledCost`; CUR 2.0: `line_item_unblended_cost`).
   */
  refusedCost: CurrencyAmount[];
  /** Refused rows whose cost could not be read at all. */
  refusedWithoutCost: number;
  /**
   * What the group's figures miss: the refused rows' cost and the cost of
   * its valid rows, which were not written either; per currency.
   */
  notIncludedCost: CurrencyAmount[];
};

/**
 * The marker of an answer that covers a billing period and account an
 * import did not write: which, how many refused rows, and how much is not
 * included. `forecast` is true when the answer's forecast is based on them.
 *
 * @public
 */
export type CostIncomplete = {
  groups: IncompleteGroup[];
  refusedRows: number;
  refusedCost: CurrencyAmount[];
  notIncludedCost: CurrencyAmount[];
  /** The answer's forecast reads an incomplete period. */
  forecast: boolean;
  /**
   * True for a caller who may not read every cost report (an entity's
   * owner): only the billing periods and refused row counts are given, no
   * accounts, files or amounts (`limitIncomplete`).
   */
  limited?: boolean;
};

/**
 * One read an answer made of the cost store: its day range, the accounts it
 * was narrowed to (none: every account) and whether a forecast was built
 * from it.
 *
 * @public
 */
export type CostRead = {
  from: string;
  to: string;
  accountId?: string | string[];
  forecast?: boolean;
};

/**
 * True when a read covers an incomplete group: the group's billing period
 * (month) overlaps the read's days, and the read is not narrowed to other
 * accounts. An unreadable period or account covers every read.
 *
 * @public
 */
export function readCovers(read: CostRead, group: IncompleteGroup): boolean {
  const period = group.billingPeriod;
  if (
    period !== '' &&
    (period < read.from.slice(0, 7) || period > read.to.slice(0, 7))
  ) {
    return false;
  }
  if (read.accountId === undefined || group.accountId === '') return true;
  const accounts = Array.isArray(read.accountId)
    ? read.accountId
    : [read.accountId];
  return accounts.includes(group.accountId);
}

/** Sums amounts per currency (never across currencies), sorted by currency. @public */
export function sumByCurrency(
  amounts: Iterable<{ currency: string; micros: number | bigint }>,
): CurrencyAmount[] {
  const totals = new Map<string, bigint>();
  for (const a of amounts) {
    totals.set(a.currency, (totals.get(a.currency) ?? 0n) + BigInt(a.micros));
  }
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, micros]) => ({ currency, micros: Number(micros) }));
}

/**
 * The incomplete marker of an answer that made `reads`, or undefined when
 * none of them covers an incomplete group.
 *
 * @public
 */
export function incompleteOf(
  groups: IncompleteGroup[],
  reads: CostRead[],
): CostIncomplete | undefined {
  const covered = groups.filter(g => reads.some(r => readCovers(r, g)));
  if (!covered.length) return undefined;
  return {
    groups: covered,
    refusedRows: covered.reduce((n, g) => n + g.refusedRows, 0),
    refusedCost: sumByCurrency(covered.flatMap(g => g.refusedCost)),
    notIncludedCost: sumByCurrency(covered.flatMap(g => g.notIncludedCost)),
    forecast: covered.some(g =>
      reads.some(r => r.forecast && readCovers(r, g)),
    ),
  };
}

/**
 * The marker for a caller who may not read every cost report: refused rows
 * can hold any account's spend, so it keeps only the billing periods and
 * the refused row counts, one group per period.
 *
 * @public
 */
export function limitIncomplete(incomplete: CostIncomplete): CostIncomplete {
  const periods = new Map<string, number>();
  for (const g of incomplete.groups) {
    periods.set(
      g.billingPeriod,
      (periods.get(g.billingPeriod) ?? 0) + g.refusedRows,
    );
  }
  return {
    groups: [...periods.entries()].sort().map(([billingPeriod, refused]) => ({
      source: '',
      file: '',
      billingPeriod,
      accountId: '',
      rows: 0,
      refusedRows: refused,
      refusedCost: [],
      refusedWithoutCost: 0,
      notIncludedCost: [],
    })),
    refusedRows: incomplete.refusedRows,
    refusedCost: [],
    notIncludedCost: [],
    forecast: incomplete.forecast,
    limited: true,
  };
}

/** One refused row (`GET /refused-rows`). @public */
export type RefusedRow = {
  source: string;
  file: string;
  /** The line the row ends on (1 is the header). */
  line: number;
  /** The column whose value was refused; null for a row- or file-level fault. */
  column: string | null;
  reason: string;
  /** As far as the row's cells tell (`''` when unreadable). */
  billingPeriod: string;
  accountId: string;
  /** The row's cost where it could be read, in its own currency. */
  currency: string | null;
  costMicros: Micros | null;
};

/** One file's refused rows as its last import recorded them. @public */
export type RefusedRowsFile = {
  source: string;
  file: string;
  importedAt: string;
  /** Every refused row of the file. */
  refusedRows: number;
  /** The refused rows listed (at most 10,000 per import). */
  keptRows: number;
  /** The billing periods and accounts not written because of them. */
  groups: IncompleteGroup[];
};

/** A page of refused rows, with the files they come from (`GET /refused-rows`). @public */
export type RefusedRows = {
  /** The source asked for; null for every source. */
  source: string | null;
  /** Refused rows in all (listed or not). */
  total: number;
  /** Refused rows listed (what `offset` pages through). */
  kept: number;
  offset: number;
  limit: number;
  rows: RefusedRow[];
  files: RefusedRowsFile[];
};
