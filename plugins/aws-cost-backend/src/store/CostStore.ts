import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { applyFilter, EXPORT_COLUMNS } from './dailyRows';
import { RefusedRowTable } from './RefusedRowTable';
import { DailyRowWriter } from './DailyRowWriter';
import { coveringRollup, sumDaily, sumRollup } from './rollups';
import { SyncStatusTable } from './SyncStatusTable';
import {
  DailyCostRow,
  StoreColumn,
  StoredAnomaly,
  StoreFilter,
  SyncStatusRow,
} from './types';
import { AnomalyTable, ForecastTable } from './UpstreamTables';

export type { RefusedFileRecord, RefusedRowRecord } from './RefusedRowTable';
export type {
  DailyCostRow,
  StoreColumn,
  StoredAnomaly,
  StoreFilter,
  SumRow,
  SyncStatusRow,
} from './types';

/**
 * The cost store in the plugin's database. Requests are answered from here;
 * sources (Cost Explorer, FOCUS/CUR files, sample data) write into it.
 * Daily rows live in `aws_cost_daily`, with their sums by day and month in
 * rollup tables that every write keeps equal to them (see `rollups.ts`);
 * sync records, forecasts and upstream anomalies in their own tables (see
 * `SyncStatusTable`, `ForecastTable`, `AnomalyTable`).
 *
 * @public
 */
export class CostStore {
  /** Opens the store on the plugin database, running its migrations unless skipped. */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<CostStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@runway/plugin-aws-cost-backend',
          'migrations',
        ),
        tableName: 'aws_cost_knex_migrations',
      });
    }
    return new CostStore(knex);
  }

  private readonly syncStatus: SyncStatusTable;
  private readonly forecasts: ForecastTable;
  private readonly upstreamAnomalies: AnomalyTable;
  /**
   * The rows imports refused, per source and file, and the groups they did
   * not write because of them (`GET /refused-rows`, incomplete markers).
   */
  readonly refused: RefusedRowTable;

  constructor(
    /** The plugin database (tests and benchmarks read it directly). */
    readonly knex: Knex,
  ) {
    this.syncStatus = new SyncStatusTable(knex);
    this.forecasts = new ForecastTable(knex);
    this.upstreamAnomalies = new AnomalyTable(knex);
    this.refused = new RefusedRowTable(knex);
  }

  /**
   * Inserts or updates rows by their key (idempotent), with their sums in
   * the rollups; in `trx` when given, else in a transaction of its own.
   */
  async upsertDaily(rows: DailyCostRow[], trx?: Knex.Transaction) {
    await DailyRowWriter.run(this.knex, writer => writer.write(rows), trx);
  }

  /**
   * Replaces everything a source holds for one billing period and account,
   * in one transaction (all or nothing).
   */
  async replacePeriod(options: {
    source: string;
    billingPeriod: string;
    accountId: string;
    rows: DailyCostRow[];
  }): Promise<{ deleted: number; inserted: number }> {
    return DailyRowWriter.run(this.knex, async writer => {
      const deleted = await writer.delete(q =>
        q.where({
          source: options.source,
          billing_period: options.billingPeriod,
          account_id: options.accountId,
        }),
      );
      await writer.write(options.rows);
      return { deleted, inserted: options.rows.length };
    });
  }

  /** Replaces a day range of one source and account (Cost Explorer sync). */
  async replaceDays(options: {
    source: string;
    accountId: string;
    from: string;
    to: string;
    rows: DailyCostRow[];
  }): Promise<void> {
    await DailyRowWriter.run(this.knex, async writer => {
      await writer.delete(q =>
        q
          .where({ source: options.source, account_id: options.accountId })
          .whereBetween('usage_date', [options.from, options.to]),
      );
      await writer.write(options.rows);
    });
  }

  /**
   * Sums cost by period and the given columns over a day range.
   * `period` is the day (daily) or `YYYY-MM` (monthly). Read from the
   * smallest rollup holding every column grouped or filtered by (whole
   * months from its month table), else from the daily rows; the same
   * answer either way.
   */
  async sumBy(options: {
    from: string;
    to: string;
    granularity: 'daily' | 'monthly' | 'total';
    columns: StoreColumn[];
    filter?: StoreFilter;
  }): Promise<
    Array<Record<string, string> & { period: string; micros: bigint }>
  > {
    const rollup = coveringRollup(options.columns, options.filter ?? {});
    return rollup
      ? sumRollup(this.knex, rollup, options)
      : sumDaily(this.knex, options);
  }

  /** Streams daily rows for CSV export. */
  streamDaily(options: { from: string; to: string; filter?: StoreFilter }) {
    const query = this.knex('aws_cost_daily')
      .select(...EXPORT_COLUMNS)
      .whereBetween('usage_date', [options.from, options.to])
      .orderBy(['usage_date', 'account_id', 'aws_service', 'service']);
    applyFilter(query, options.filter ?? {});
    return query.stream();
  }

  /** The last day with data, or null when the store is empty. */
  async lastDay(): Promise<string | null> {
    const row = await this.knex('aws_cost_daily')
      .max({ d: 'usage_date' })
      .first();
    return (row?.d as string | null) ?? null;
  }

  /** The currencies of the stored rows. */
  async currencies(): Promise<string[]> {
    const rows = await this.knex('aws_cost_daily').distinct('currency');
    return rows.map(r => r.currency as string);
  }

  /** The sources that hold rows. */
  async sources(): Promise<string[]> {
    const rows = await this.knex('aws_cost_daily').distinct('source');
    return rows.map(r => r.source as string);
  }

  /** The number of daily rows, of one source or of all. */
  async countRows(source?: string): Promise<number> {
    const q = this.knex('aws_cost_daily').count({ n: '*' });
    if (source) q.where({ source });
    const row = await q.first();
    return Number(row?.n ?? 0);
  }

  /** Distinct values of the three tag columns (for labels and filters). */
  async distinct(column: StoreColumn): Promise<string[]> {
    const rows = await this.knex('aws_cost_daily')
      .distinct(column)
      .orderBy(column);
    return rows.map(r => r[column] as string);
  }

  /** Every source's sync record. */
  getSyncStatus(): Promise<SyncStatusRow[]> {
    return this.syncStatus.list();
  }

  /** Records a sync attempt of one source (success or error). */
  recordSync(options: {
    source: string;
    type: string;
    sample?: boolean;
    ok: boolean;
    error?: string;
    /** Rows the attempt left out, one message each (kept when undefined). */
    notices?: string[];
    lastDay?: string | null;
    currency?: string | null;
    at?: Date;
  }): Promise<void> {
    return this.syncStatus.record(options);
  }

  /**
   * Counts one paid upstream call against today's budget; returns false
   * (and counts nothing) when the daily cap is reached.
   */
  takeCall(source: string, day: string, cap: number): Promise<boolean> {
    return this.syncStatus.takeCall(source, day, cap);
  }

  /** Stores one account's month-end forecast. */
  putForecast(options: {
    source: string;
    month: string;
    accountId: string;
    currency: string;
    amountMicros: bigint;
  }): Promise<void> {
    return this.forecasts.put(options);
  }

  /** The month's upstream forecast over every account; undefined when none. */
  forecastFor(month: string): Promise<bigint | undefined> {
    return this.forecasts.forMonth(month);
  }

  /** Replaces one source's upstream anomalies. */
  putAnomalies(source: string, anomalies: StoredAnomaly[]): Promise<void> {
    return this.upstreamAnomalies.replace(source, anomalies);
  }

  /** Every stored upstream anomaly, newest first. */
  anomalies(): Promise<StoredAnomaly[]> {
    return this.upstreamAnomalies.list();
  }
}
