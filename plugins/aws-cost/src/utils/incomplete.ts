import {
  CostIncomplete,
  CurrencyAmount,
  formatMoney,
  IncompleteGroup,
} from '@runway/plugin-aws-cost-common';

/** Amounts in several currencies, never summed: "$3,210.00 + €2.00". */
export function amountsText(amounts: CurrencyAmount[]): string {
  return amounts.length
    ? amounts.map(a => formatMoney(a.micros, a.currency)).join(' + ')
    : 'no readable cost';
}

const count = (n: number, one: string) =>
  `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/**
 * One line of the incomplete warning, e.g. "Incomplete: 2026-11 account
 * 123456789012 — 41 refused rows, $3,300.00 not included (refused rows
 * $3,210.00)". A file-level fault (no period, no account) names the file;
 * a `limited` marker (an entity's owner) gives the month and count only.
 */
export function incompleteGroupText(
  group: IncompleteGroup,
  limited = false,
): string {
  if (limited) {
    // a caller who may not read every report learns the month only
    return `Incomplete: ${
      group.billingPeriod || 'unknown billing period'
    } — ${count(group.refusedRows, 'refused row')} not imported`;
  }
  const where =
    group.billingPeriod === '' && group.accountId === ''
      ? `${group.file} (not read whole)`
      : `${group.billingPeriod || 'unknown billing period'} account ${
          group.accountId || 'unknown'
        }`;
  const refusedCost =
    group.refusedCost.length > 0 &&
    JSON.stringify(group.refusedCost) !== JSON.stringify(group.notIncludedCost)
      ? ` (refused rows ${amountsText(group.refusedCost)})`
      : '';
  const noCost =
    group.refusedWithoutCost > 0
      ? `; ${count(
          group.refusedWithoutCost,
          'refused row',
        )} without a readable cost`
      : '';
  return `Incomplete: ${where} — ${count(
    group.refusedRows,
    'refused row',
  )}, ${amountsText(
    group.notIncludedCost,
  )} not included${refusedCost}${noCost}`;
}

/** The sources whose refused rows an incomplete answer lists, once each. */
export function incompleteSources(incomplete: CostIncomplete): string[] {
  return [...new Set(incomplete.groups.map(g => g.source))].sort();
}

/** The forecast's caveat when it reads an incomplete period. */
export function forecastIncompleteText(
  incomplete: CostIncomplete | undefined,
): string | undefined {
  return incomplete?.forecast
    ? 'Based on incomplete data: refused rows are not included'
    : undefined;
}
