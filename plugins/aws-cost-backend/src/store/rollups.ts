import {
  addDays,
  addMonths,
  monthEnd,
  monthStart,
  toDay,
  toMicros,
} from '@runway/plugin-aws-cost-common';
import { Knex } from 'knex';
import { applyFilter } from './dailyRows';
import { StoreColumn, StoreFilter, SumRow } from './types';

/**
 * A rollup of `aws_cost_daily`: the sum of `cost_micros` (and the number of
 * daily rows summed) by day in `aws_cost_rollup_<name>_day` and by month in
 * `aws_cost_rollup_<name>_month`, for a subset of the dimension columns.
 */
export type Rollup = {
  name: string;
  columns: readonly StoreColumn[];
};

/**
 * The rollups, smallest first (as migrations/20261208000000_cost_rollups.js
 * created them): a sum reads the first one holding every column it groups
 * or filters by.
 *
 * - `owner`: the allocation tags (summary, team and service breakdowns,
 *   movers, entity costs, budgets, the usage anomalies by service);
 * - `account`: plus account and region (their breakdowns and drill-downs);
 * - `kubernetes`: the owner tags plus EKS split cost dimensions (entity
 *   costs of workloads, cluster and namespace breakdowns);
 * - `dimensions`: every dimension but the usage type (the AWS service
 *   breakdown, drill-downs combining any dimensions, pods' split cost
 *   routed to Components);
 * - `usage`: AWS service and usage type by account and owner tags (the
 *   causes of anomalies, untagged spend).
 */
export const ROLLUPS: readonly Rollup[] = [
  { name: 'owner', columns: ['team', 'service', 'environment', 'charge_type'] },
  {
    name: 'account',
    columns: [
      'account_id',
      'region',
      'charge_type',
      'team',
      'service',
      'environment',
    ],
  },
  {
    name: 'kubernetes',
    columns: [
      'cluster',
      'namespace',
      'workload',
      'team',
      'service',
      'environment',
      'charge_type',
    ],
  },
  {
    name: 'dimensions',
    columns: [
      'aws_service',
      'account_id',
      'region',
      'charge_type',
      'team',
      'service',
      'environment',
      'cluster',
      'namespace',
      'workload',
    ],
  },
  {
    name: 'usage',
    columns: [
      'aws_service',
      'usage_type',
      'account_id',
      'charge_type',
      'team',
      'service',
    ],
  },
];

type Grain = 'day' | 'month';

/** A rollup table, its period column and how a daily row's day maps to it. */
function tableOf(rollup: Rollup, grain: Grain) {
  return grain === 'day'
    ? {
        table: `aws_cost_rollup_${rollup.name}_day`,
        period: 'usage_date',
        fromDay: 'usage_date',
      }
    : {
        table: `aws_cost_rollup_${rollup.name}_month`,
        period: 'usage_month',
        fromDay: 'substr(usage_date, 1, 7)',
      };
}

/** Every rollup table (day and month), for tests and rebuilds. */
export function rollupTables(): Array<{
  rollup: Rollup;
  grain: Grain;
  table: string;
  period: string;
  fromDay: string;
}> {
  return ROLLUPS.flatMap(rollup =>
    (['day', 'month'] as const).map(grain => ({
      rollup,
      grain,
      ...tableOf(rollup, grain),
    })),
  );
}

/** The columns a sum groups or filters by. */
export function columnsRead(
  columns: readonly StoreColumn[],
  filter: StoreFilter,
): StoreColumn[] {
  const read = new Set<StoreColumn>(columns);
  const { resolvedTeam, kubernetes, ...rest } = filter;
  for (const [column, value] of Object.entries(rest)) {
    if (value !== undefined) read.add(column as StoreColumn);
  }
  if (resolvedTeam) {
    read.add('team');
    read.add('service');
  }
  if (kubernetes?.length) {
    read.add('cluster');
    read.add('namespace');
    read.add('workload');
  }
  return [...read];
}

/** The smallest rollup holding every column a sum reads, if any. */
export function coveringRollup(
  columns: readonly StoreColumn[],
  filter: StoreFilter,
): Rollup | undefined {
  const read = columnsRead(columns, filter);
  return ROLLUPS.find(r => read.every(c => r.columns.includes(c)));
}

/** The options of `CostStore.sumBy`. */
export type SumOptions = {
  from: string;
  to: string;
  granularity: 'daily' | 'monthly' | 'total';
  columns: StoreColumn[];
  filter?: StoreFilter;
};

const isDay = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) &&
  !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) &&
  toDay(new Date(`${s}T00:00:00Z`)) === s;

/**
 * A day range as the whole months it covers (`YYYY-MM`, first and last)
 * and the days before and after them; no months when it covers none.
 */
export function splitRange(
  from: string,
  to: string,
): { months?: [string, string]; days: Array<[string, string]> } {
  if (!isDay(from) || !isDay(to) || from > to) return { days: [[from, to]] };
  const first = from === monthStart(from) ? from : addMonths(from, 1);
  const last = to === monthEnd(to) ? to : addDays(monthStart(to), -1);
  if (first > last) return { days: [[from, to]] };
  const days: Array<[string, string]> = [];
  if (from < first) days.push([from, addDays(first, -1)]);
  if (last < to) days.push([addDays(last, 1), to]);
  return { months: [first.slice(0, 7), last.slice(0, 7)], days };
}

/** Selects the period, the columns and the sum, grouped by them. */
function grouped(
  knex: Knex,
  query: Knex.QueryBuilder,
  day: string,
  options: SumOptions,
) {
  const periodSql = {
    daily: day,
    monthly: `substr(${day}, 1, 7)`,
    total: "''",
  }[options.granularity];
  query
    .select({ period: knex.raw(periodSql) })
    .select(options.columns)
    .sum({ micros: 'cost_micros' });
  const groups = [
    ...(options.granularity === 'total' ? [] : [periodSql]),
    ...options.columns,
  ];
  // PostgreSQL refuses GROUP BY '' (a constant): no GROUP BY for one total
  if (groups.length) query.groupByRaw(groups.join(', '));
  return query;
}

async function run(query: Knex.QueryBuilder): Promise<SumRow[]> {
  const rows = (await query) as Array<Record<string, any>>;
  return rows.map(
    r =>
      ({
        ...r,
        period: String(r.period),
        micros: toMicros(r.micros),
      } as SumRow),
  );
}

/** `CostStore.sumBy` over the daily rows (no rollup). */
export function sumDaily(knex: Knex, options: SumOptions): Promise<SumRow[]> {
  const query = knex('aws_cost_daily').whereBetween('usage_date', [
    options.from,
    options.to,
  ]);
  applyFilter(query, options.filter ?? {});
  return run(grouped(knex, query, 'usage_date', options));
}

/**
 * `CostStore.sumBy` from a rollup: days from its day table; for monthly
 * and total sums, whole months from its month table and the days around
 * them from the day table. The same rows and amounts as `sumDaily`.
 */
export function sumRollup(
  knex: Knex,
  rollup: Rollup,
  options: SumOptions,
): Promise<SumRow[]> {
  const filter = options.filter ?? {};
  const days = tableOf(rollup, 'day');
  const split =
    options.granularity === 'daily'
      ? { days: [[options.from, options.to] as [string, string]] }
      : splitRange(options.from, options.to);
  if (!split.months) {
    const query = knex(days.table).whereBetween('usage_date', [
      options.from,
      options.to,
    ]);
    applyFilter(query, filter);
    return run(grouped(knex, query, 'usage_date', options));
  }
  const months = tableOf(rollup, 'month');
  const monthRows = knex(months.table).whereBetween(
    'usage_month',
    split.months,
  );
  applyFilter(monthRows, filter);
  if (!split.days.length) {
    return run(grouped(knex, monthRows, 'usage_month', options));
  }
  const dayRows = knex(days.table)
    .select({ d: 'usage_date' })
    .select(options.columns)
    .select('cost_micros')
    .where(q => {
      for (const range of split.days) q.orWhereBetween('usage_date', range);
    });
  applyFilter(dayRows, filter);
  monthRows
    .select({ d: 'usage_month' })
    .select(options.columns)
    .select('cost_micros');
  const both = knex.from(dayRows.unionAll(monthRows).as('r'));
  return run(grouped(knex, both, 'd', options));
}
