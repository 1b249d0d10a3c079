import { Knex } from 'knex';
import { upsertRows } from './dailyRows';
import { rollupTables } from './rollups';
import { DailyCostRow } from './types';

/** A condition on `aws_cost_daily`: the rows one write replaces or deletes. */
export type DailySlice = (query: Knex.QueryBuilder) => void;

/**
 * Writes and deletes daily rows in one transaction and keeps every rollup
 * equal to them: before rows change, their sums are taken out of the
 * rollups; after, the sums of the rows now there are added back (both
 * computed by the database from the changed slice only, so an import
 * touches the days and months it writes and nothing else). Groups left
 * with no rows are deleted when the writer finishes. `run` commits it all
 * or nothing.
 */
export class DailyRowWriter {
  /**
   * Runs `fn` with a writer in `trx`, or in a new transaction of `knex`,
   * then removes the emptied rollup groups.
   */
  static async run<T>(
    knex: Knex,
    fn: (writer: DailyRowWriter, trx: Knex.Transaction) => Promise<T>,
    trx?: Knex.Transaction,
  ): Promise<T> {
    const inTrx = async (t: Knex.Transaction) => {
      const writer = new DailyRowWriter(t);
      const result = await fn(writer, t);
      await writer.finish();
      return result;
    };
    return trx ? inTrx(trx) : knex.transaction(inTrx);
  }

  /** Day ranges whose rollup groups may have lost rows. */
  private readonly touched: Array<[string, string]> = [];

  private constructor(private readonly trx: Knex.Transaction) {}

  /** Deletes the daily rows a slice selects; returns how many. */
  async delete(slice: DailySlice): Promise<number> {
    await this.subtract(slice);
    return this.trx('aws_cost_daily').where(slice).delete();
  }

  /** Inserts or updates daily rows by their key. */
  async write(rows: DailyCostRow[]): Promise<void> {
    if (!rows.length) return;
    const slices = sliceOf(rows);
    for (const slice of slices) await this.subtract(slice);
    await upsertRows(this.trx, rows);
    for (const slice of slices) await this.apply(slice, 1);
  }

  private async subtract(slice: DailySlice) {
    const range = await this.trx('aws_cost_daily')
      .min({ first: 'usage_date' })
      .max({ last: 'usage_date' })
      .where(slice)
      .first();
    if (!range?.first) return;
    this.touched.push([range.first, range.last]);
    await this.apply(slice, -1);
  }

  /** Adds (1) or takes out (-1) the sums of a slice to every rollup. */
  private async apply(slice: DailySlice, sign: 1 | -1) {
    const times = sign === 1 ? '' : ' * -1';
    for (const { rollup, table, period, fromDay } of rollupTables()) {
      const keys = [fromDay, ...rollup.columns].join(', ');
      const select = this.trx('aws_cost_daily')
        .select(
          this.trx.raw(`${keys}, sum(cost_micros)${times}, count(*)${times}`),
        )
        .where(slice)
        .groupByRaw(keys)
        .toSQL();
      const target = [period, ...rollup.columns].join(', ');
      await this.trx.raw(
        `insert into ${table} (${target}, cost_micros, row_count) ${select.sql} ` +
          `on conflict (${target}) do update set ` +
          `cost_micros = ${table}.cost_micros + excluded.cost_micros, ` +
          `row_count = ${table}.row_count + excluded.row_count`,
        select.bindings,
      );
    }
  }

  /** Deletes the rollup groups left with no daily rows. */
  private async finish() {
    for (const [first, last] of this.touched) {
      for (const { table, grain, period } of rollupTables()) {
        await this.trx(table)
          .where('row_count', 0)
          .whereBetween(
            period,
            grain === 'day'
              ? [first, last]
              : [first.slice(0, 7), last.slice(0, 7)],
          )
          .delete();
      }
    }
    this.touched.length = 0;
  }
}

/**
 * The slices rows fall in: per source, their accounts over the days from
 * their first to their last (the rows they replace, and maybe some more,
 * which are taken out and added back unchanged).
 */
function sliceOf(rows: DailyCostRow[]): DailySlice[] {
  const bySource = new Map<
    string,
    { first: string; last: string; accounts: Set<string> }
  >();
  for (const r of rows) {
    const s = bySource.get(r.source);
    if (!s) {
      bySource.set(r.source, {
        first: r.usageDate,
        last: r.usageDate,
        accounts: new Set([r.accountId]),
      });
      continue;
    }
    if (r.usageDate < s.first) s.first = r.usageDate;
    if (r.usageDate > s.last) s.last = r.usageDate;
    s.accounts.add(r.accountId);
  }
  return [...bySource].map(
    ([source, s]) =>
      q =>
        q
          .where('source', source)
          .whereBetween('usage_date', [s.first, s.last])
          .whereIn('account_id', [...s.accounts]),
  );
}

/**
 * Deletes the daily rows a slice selects, with their sums in the rollups,
 * in one transaction (e.g. a source's rows before the sample data set is
 * generated again). Returns how many rows it deleted.
 */
export function deleteDailyRows(
  knex: Knex,
  slice: DailySlice,
): Promise<number> {
  return DailyRowWriter.run(knex, writer => writer.delete(slice));
}

/**
 * Computes every rollup again from all daily rows, in one transaction: for
 * rows loaded around the store (bulk loads), and what the migration did.
 */
export async function rebuildRollups(knex: Knex): Promise<void> {
  await knex.transaction(async trx => {
    for (const { rollup, table, period, fromDay } of rollupTables()) {
      const keys = [fromDay, ...rollup.columns].join(', ');
      await trx(table).delete();
      await trx.raw(
        `insert into ${table} (${[period, ...rollup.columns].join(
          ', ',
        )}, cost_micros, row_count) select ${keys}, sum(cost_micros), count(*) from aws_cost_daily group by ${keys}`,
      );
    }
  });
}
