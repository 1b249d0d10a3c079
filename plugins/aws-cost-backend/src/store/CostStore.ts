import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { toMicros } from '@runway/plugin-aws-cost-common';
import { Knex } from 'knex';

/** One stored daily cost row (amounts in integer micros). @public */
export type DailyCostRow = {
  source: string;
  usageDate: string;
  billingPeriod: string;
  accountId: string;
  accountName: string;
  awsService: string;
  region: string;
  usageType: string;
  chargeType: string;
  team: string;
  service: string;
  environment: string;
  currency: string;
  costMicros: bigint;
  billedMicros: bigint;
};

/** Columns a query may group or filter by. @public */
export type StoreColumn =
  | 'team'
  | 'service'
  | 'environment'
  | 'aws_service'
  | 'account_id'
  | 'region'
  | 'usage_type'
  | 'charge_type';

/** @public */
export type SyncStatusRow = {
  source: string;
  type: string;
  sample: boolean;
  currency: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastDay: string | null;
  callsDay: string | null;
  callsToday: number;
};

/** A filter on the store: equality per column, or a list of values. */
export type StoreFilter = Partial<Record<StoreColumn, string | string[]>> & {
  /**
   * Rows attributed to a team: tagged with the team, or untagged by team
   * but tagged with one of the team's services.
   */
  resolvedTeam?: { teams: string[]; services: string[] };
};

/** @public */
export type StoredAnomaly = {
  id: string;
  source: string;
  accountId: string;
  dimensionValue: string;
  startDay: string;
  endDay: string | null;
  expectedMicros: bigint;
  actualMicros: bigint;
  impactMicros: bigint;
  causes: Array<{ dimension: string; key: string }>;
};

const KEY_COLUMNS = [
  'source',
  'usage_date',
  'account_id',
  'aws_service',
  'region',
  'usage_type',
  'charge_type',
  'team',
  'service',
  'environment',
  'currency',
];

function toDb(row: DailyCostRow) {
  return {
    source: row.source,
    usage_date: row.usageDate,
    billing_period: row.billingPeriod,
    account_id: row.accountId,
    account_name: row.accountName,
    aws_service: row.awsService,
    region: row.region,
    usage_type: row.usageType,
    charge_type: row.chargeType,
    team: row.team,
    service: row.service,
    environment: row.environment,
    currency: row.currency,
    // strings keep bigint exact through both drivers
    cost_micros: row.costMicros.toString(),
    billed_micros: row.billedMicros.toString(),
  };
}

/**
 * The cost store in the plugin's database. Requests are answered from here;
 * sources (Cost Explorer, FOCUS/CUR files, sample data) write into it.
 *
 * @public
 */
export class CostStore {
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

  constructor(readonly knex: Knex) {}

  /** Inserts or updates rows by their key (idempotent). */
  async upsertDaily(rows: DailyCostRow[], trx?: Knex.Transaction) {
    const db = trx ?? this.knex;
    for (let i = 0; i < rows.length; i += 400) {
      await db('aws_cost_daily')
        .insert(rows.slice(i, i + 400).map(toDb))
        .onConflict(KEY_COLUMNS)
        .merge([
          'cost_micros',
          'billed_micros',
          'account_name',
          'billing_period',
        ]);
    }
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
    return this.knex.transaction(async trx => {
      const deleted = await trx('aws_cost_daily')
        .where({
          source: options.source,
          billing_period: options.billingPeriod,
          account_id: options.accountId,
        })
        .delete();
      await this.upsertDaily(options.rows, trx);
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
    await this.knex.transaction(async trx => {
      await trx('aws_cost_daily')
        .where({ source: options.source, account_id: options.accountId })
        .whereBetween('usage_date', [options.from, options.to])
        .delete();
      await this.upsertDaily(options.rows, trx);
    });
  }

  private applyFilter(query: Knex.QueryBuilder, filter: StoreFilter) {
    for (const [column, value] of Object.entries(filter)) {
      if (column === 'resolvedTeam' || value === undefined) continue;
      if (Array.isArray(value)) query.whereIn(column, value);
      else query.where(column, value as string);
    }
    const rt = filter.resolvedTeam;
    if (rt) {
      query.where(q => {
        q.whereIn('team', rt.teams.length ? rt.teams : ['\u0000']);
        if (rt.services.length) {
          q.orWhere(q2 => q2.where('team', '').whereIn('service', rt.services));
        }
      });
    }
    return query;
  }

  /**
   * Sums cost by period and the given columns over a day range.
   * `period` is the day (daily) or `YYYY-MM` (monthly).
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
    const periodSql = {
      daily: 'usage_date',
      monthly: 'substr(usage_date, 1, 7)',
      total: "''",
    }[options.granularity];
    const period = this.knex.raw(periodSql);
    const query = this.knex('aws_cost_daily')
      .select({ period })
      .select(options.columns)
      .sum({ micros: 'cost_micros' })
      .whereBetween('usage_date', [options.from, options.to]);
    const groups = [
      ...(options.granularity === 'total' ? [] : [periodSql]),
      ...options.columns,
    ];
    // PostgreSQL refuses GROUP BY '' (a constant): no GROUP BY for one total
    if (groups.length) query.groupByRaw(groups.join(', '));
    this.applyFilter(query, options.filter ?? {});
    const rows = (await query) as Array<Record<string, any>>;
    return rows.map(
      r =>
        ({
          ...r,
          period: String(r.period),
          micros: toMicros(r.micros),
        } as Record<string, string> & { period: string; micros: bigint }),
    );
  }

  /** Streams daily rows for CSV export. */
  streamDaily(options: { from: string; to: string; filter?: StoreFilter }) {
    const query = this.knex('aws_cost_daily')
      .select(
        'usage_date',
        'account_id',
        'account_name',
        'aws_service',
        'region',
        'usage_type',
        'charge_type',
        'team',
        'service',
        'environment',
        'currency',
        'cost_micros',
        'billed_micros',
        'source',
      )
      .whereBetween('usage_date', [options.from, options.to])
      .orderBy(['usage_date', 'account_id', 'aws_service', 'service']);
    this.applyFilter(query, options.filter ?? {});
    return query.stream();
  }

  async lastDay(): Promise<string | null> {
    const row = await this.knex('aws_cost_daily')
      .max({ d: 'usage_date' })
      .first();
    return (row?.d as string | null) ?? null;
  }

  async currencies(): Promise<string[]> {
    const rows = await this.knex('aws_cost_daily').distinct('currency');
    return rows.map(r => r.currency as string);
  }

  async sources(): Promise<string[]> {
    const rows = await this.knex('aws_cost_daily').distinct('source');
    return rows.map(r => r.source as string);
  }

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

  async getSyncStatus(): Promise<SyncStatusRow[]> {
    const rows = await this.knex('aws_cost_sync').select().orderBy('source');
    return rows.map(r => ({
      source: r.source,
      type: r.type,
      sample: Boolean(r.sample),
      currency: r.currency ?? null,
      lastSuccessAt: r.last_success_at ?? null,
      lastAttemptAt: r.last_attempt_at ?? null,
      lastError: r.last_error ?? null,
      lastDay: r.last_day ?? null,
      callsDay: r.calls_day ?? null,
      callsToday: Number(r.calls_today ?? 0),
    }));
  }

  async recordSync(options: {
    source: string;
    type: string;
    sample?: boolean;
    ok: boolean;
    error?: string;
    lastDay?: string | null;
    currency?: string | null;
    at?: Date;
  }) {
    const at = (options.at ?? new Date()).toISOString();
    const base = {
      source: options.source,
      type: options.type,
      sample: options.sample ?? false,
      last_attempt_at: at,
    };
    const update: Record<string, unknown> = {
      type: options.type,
      sample: options.sample ?? false,
      last_attempt_at: at,
    };
    if (options.ok) {
      update.last_success_at = at;
      update.last_error = null;
      if (options.lastDay !== undefined) update.last_day = options.lastDay;
      if (options.currency) update.currency = options.currency;
    } else {
      update.last_error = options.error ?? 'failed';
    }
    await this.knex('aws_cost_sync')
      .insert({ ...base, ...update })
      .onConflict('source')
      .merge(update);
  }

  /**
   * Counts one paid upstream call against today's budget; returns false
   * (and counts nothing) when the daily cap is reached.
   */
  async takeCall(source: string, day: string, cap: number): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const row = await trx('aws_cost_sync').where({ source }).first();
      if (!row) {
        await trx('aws_cost_sync').insert({
          source,
          type: 'cost-explorer',
          calls_day: day,
          calls_today: 0,
          calls_total: 0,
        });
      }
      const today = row && row.calls_day === day ? Number(row.calls_today) : 0;
      if (today >= cap) return false;
      await trx('aws_cost_sync')
        .where({ source })
        .update({
          calls_day: day,
          calls_today: today + 1,
          calls_total: Number(row?.calls_total ?? 0) + 1,
        });
      return true;
    });
  }

  async putForecast(options: {
    source: string;
    month: string;
    accountId: string;
    currency: string;
    amountMicros: bigint;
  }) {
    const row = {
      source: options.source,
      month: options.month,
      account_id: options.accountId,
      currency: options.currency,
      amount_micros: options.amountMicros.toString(),
      fetched_at: new Date().toISOString(),
    };
    await this.knex('aws_cost_forecast')
      .insert(row)
      .onConflict(['source', 'month', 'account_id'])
      .merge();
  }

  async forecastFor(month: string): Promise<bigint | undefined> {
    const rows = await this.knex('aws_cost_forecast').where({ month });
    if (!rows.length) return undefined;
    return rows.reduce((acc, r) => acc + toMicros(r.amount_micros), 0n);
  }

  async putAnomalies(source: string, anomalies: StoredAnomaly[]) {
    await this.knex.transaction(async trx => {
      await trx('aws_cost_anomaly').where({ source }).delete();
      for (const a of anomalies) {
        await trx('aws_cost_anomaly').insert({
          id: a.id,
          source,
          account_id: a.accountId,
          dimension_value: a.dimensionValue,
          start_day: a.startDay,
          end_day: a.endDay,
          expected_micros: a.expectedMicros.toString(),
          actual_micros: a.actualMicros.toString(),
          impact_micros: a.impactMicros.toString(),
          causes: JSON.stringify(a.causes),
        });
      }
    });
  }

  async anomalies(): Promise<StoredAnomaly[]> {
    const rows = await this.knex('aws_cost_anomaly')
      .select()
      .orderBy('start_day', 'desc');
    return rows.map(r => ({
      id: r.id,
      source: r.source,
      accountId: r.account_id,
      dimensionValue: r.dimension_value,
      startDay: r.start_day,
      endDay: r.end_day ?? null,
      expectedMicros: toMicros(r.expected_micros),
      actualMicros: toMicros(r.actual_micros),
      impactMicros: toMicros(r.impact_micros),
      causes: JSON.parse(r.causes),
    }));
  }
}
