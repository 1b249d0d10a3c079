import { Knex } from 'knex';
import { DailyCostRow, StoreFilter } from './types';

/** The unique key of `aws_cost_daily` (upserts merge on it). */
export const KEY_COLUMNS = [
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
  'cluster',
  'namespace',
  'workload',
];

/** The columns of `aws_cost_daily` the CSV export streams, in order. */
export const EXPORT_COLUMNS = [
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
];

/** A daily row as `aws_cost_daily` stores it. */
export function toDb(row: DailyCostRow) {
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
    cluster: row.cluster ?? '',
    namespace: row.namespace ?? '',
    workload: row.workload ?? '',
    // strings keep bigint exact through both drivers
    cost_micros: row.costMicros.toString(),
    billed_micros: row.billedMicros.toString(),
  };
}

/** Inserts or updates rows of `aws_cost_daily` by their key. */
export async function upsertRows(db: Knex, rows: DailyCostRow[]) {
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

/** Adds a store filter's conditions to a query on `aws_cost_daily`. */
export function applyFilter(query: Knex.QueryBuilder, filter: StoreFilter) {
  const { kubernetes, ...rest } = filter;
  if (kubernetes?.length) {
    // rows the rest selects (if any), or the split rows of the workloads
    const any = Object.values(rest).some(v => v !== undefined);
    return query.where(q => {
      if (any) q.where(q1 => applyFilter(q1, rest));
      else q.whereRaw('1 = 0');
      for (const k of kubernetes) {
        q.orWhere(q2 => {
          q2.whereNot('cluster', '').where('workload', k.workload);
          if (k.namespace !== undefined) q2.where('namespace', k.namespace);
        });
      }
    });
  }
  for (const [column, value] of Object.entries(rest)) {
    if (column === 'resolvedTeam' || value === undefined) continue;
    if (Array.isArray(value)) query.whereIn(column, value);
    else query.where(column, value as string);
  }
  const rt = filter.resolvedTeam;
  if (rt) {
    query.where(q => {
      // no team: no row by team (PostgreSQL refuses a NUL placeholder)
      if (rt.teams.length) q.whereIn('team', rt.teams);
      else q.whereRaw('1 = 0');
      if (rt.services.length) {
        q.orWhere(q2 => q2.where('team', '').whereIn('service', rt.services));
      }
    });
  }
  return query;
}
