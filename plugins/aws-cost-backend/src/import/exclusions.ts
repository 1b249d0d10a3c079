import { microsToDecimalString } from '@runway/plugin-aws-cost-common';
import { MappedRow } from './fields';

/** The provider name of rows that are AWS spend. */
export const AWS_PROVIDER = 'AWS';

/**
 * Rows an import read without error but did not store: rows of a provider
 * other than AWS, or AWS rows billed in a currency other than the
 * dashboard's. One entry per file and provider, or per file and currency.
 * Amounts are the rows' `EffectiveCost` (the dashboard's amortised cost),
 * summed per currency only, as decimal strings.
 *
 * @public
 */
export type ImportExclusion = {
  /** The file as the import names it (its path, or an S3 object's URL). */
  file: string;
  /** `provider`: not AWS spend; `currency`: not the dashboard's currency. */
  reason: 'provider' | 'currency';
  /** The provider the rows name (`AWS` for a currency exclusion). */
  provider: string;
  rows: number;
  /** Total cost per billing currency, e.g. `{ currency: 'EUR', cost: '12.500000' }`. */
  totals: Array<{ currency: string; cost: string }>;
  /** One line for the status: the file, what was left out, and why. */
  message: string;
};

type Tally = { rows: number; micros: Map<string, bigint> };

/**
 * Counts the rows of one file that are left out of the store, and says
 * which: a row of another provider is left out whatever its currency; an
 * AWS row in another currency than `currency` is left out too.
 */
export class ExclusionTally {
  private readonly providers = new Map<string, Tally>();
  private readonly currencies = new Map<string, Tally>();

  constructor(private readonly options: { file: string; currency: string }) {}

  /** True when the row is not stored (and counts it). */
  leavesOut(row: MappedRow, provider: string): boolean {
    let tallies: Map<string, Tally>;
    let key: string;
    if (provider !== AWS_PROVIDER) {
      tallies = this.providers;
      key = provider;
    } else if (row.currency !== this.options.currency) {
      tallies = this.currencies;
      key = row.currency;
    } else {
      return false;
    }
    const tally = tallies.get(key) ?? { rows: 0, micros: new Map() };
    tally.rows++;
    tally.micros.set(
      row.currency,
      (tally.micros.get(row.currency) ?? 0n) + row.costMicros,
    );
    tallies.set(key, tally);
    return true;
  }

  /** The exclusions, providers first, each sorted by name. */
  list(): ImportExclusion[] {
    const { file, currency } = this.options;
    const entries = (tallies: Map<string, Tally>) =>
      [...tallies.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const totalsOf = (tally: Tally) =>
      [...tally.micros.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([c, micros]) => ({
          currency: c,
          cost: microsToDecimalString(micros),
        }));
    const rows = (n: number) => (n === 1 ? '1 row' : `${n} rows`);
    const amounts = (totals: ImportExclusion['totals']) =>
      totals.map(t => `${t.cost} ${t.currency}`).join(' + ');
    return [
      ...entries(this.providers).map(([provider, tally]) => {
        const totals = totalsOf(tally);
        return {
          file,
          reason: 'provider' as const,
          provider,
          rows: tally.rows,
          totals,
          message: `${file}: ${rows(
            tally.rows,
          )} of provider ${provider} not imported (Runway reports AWS spend only), cost ${amounts(
            totals,
          )}`,
        };
      }),
      ...entries(this.currencies).map(([c, tally]) => {
        const totals = totalsOf(tally);
        return {
          file,
          reason: 'currency' as const,
          provider: AWS_PROVIDER,
          rows: tally.rows,
          totals,
          message: `${file}: ${rows(
            tally.rows,
          )} billed in ${c} not imported (amounts are shown in ${currency}, never summed across currencies), cost ${amounts(
            totals,
          )}`,
        };
      }),
    ];
  }
}
