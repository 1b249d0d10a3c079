// @ts-check

/** The rollups and their columns, smallest first. */
const ROLLUPS = {
  owner: ['team', 'service', 'environment', 'charge_type'],
  account: [
    'account_id',
    'region',
    'charge_type',
    'team',
    'service',
    'environment',
  ],
  kubernetes: [
    'cluster',
    'namespace',
    'workload',
    'team',
    'service',
    'environment',
    'charge_type',
  ],
  dimensions: [
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
  usage: [
    'aws_service',
    'usage_type',
    'account_id',
    'charge_type',
    'team',
    'service',
  ],
};

/** Day tables that large drill-downs filter by service. */
const INDEXED = ['dimensions', 'usage'];

/** The columns' lengths in `aws_cost_daily`. */
const LENGTH = /** @type {Record<string, number>} */ ({
  team: 255,
  service: 255,
  environment: 64,
  charge_type: 64,
  account_id: 32,
  region: 64,
  aws_service: 255,
  usage_type: 255,
  cluster: 255,
  namespace: 255,
  workload: 255,
});

/**
 * Pre-aggregated rollups of `aws_cost_daily`: sums of `cost_micros` (and
 * the number of daily rows summed) by day and by month for subsets of the
 * dimension columns, so that the dashboard's sums read a table much smaller
 * than the daily rows (ADR 0022). Each rollup has a day table
 * (`aws_cost_rollup_<name>_day`, keyed by `usage_date` and its columns) and
 * a month table (`aws_cost_rollup_<name>_month`, keyed by `usage_month`,
 * `YYYY-MM`). The store keeps them equal to the daily rows in the
 * transaction that writes or deletes daily rows (src/store/rollups.ts holds
 * the same definitions); this migration creates them and fills them from
 * the rows already stored.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  for (const [name, columns] of Object.entries(ROLLUPS)) {
    for (const grain of ['day', 'month']) {
      const table = `aws_cost_rollup_${name}_${grain}`;
      const period = grain === 'day' ? 'usage_date' : 'usage_month';
      await knex.schema.createTable(table, t => {
        t.comment(
          `Sums of aws_cost_daily by ${grain} and ${columns.join(', ')}`,
        );
        t.string(period, grain === 'day' ? 10 : 7).notNullable();
        for (const c of columns) t.string(c, LENGTH[c]).notNullable();
        t.bigInteger('cost_micros').notNullable();
        t.bigInteger('row_count')
          .notNullable()
          .comment('Daily rows summed (0: the group is gone)');
        t.primary([period, ...columns], `${table}_key`);
        if (grain === 'day' && INDEXED.includes(name)) {
          t.index(['service', period], `${table}_service`);
        }
      });
      const periodSql =
        grain === 'day' ? 'usage_date' : 'substr(usage_date, 1, 7)';
      const keys = [periodSql, ...columns].join(', ');
      await knex.raw(
        `insert into ${table} (${[period, ...columns].join(
          ', ',
        )}, cost_micros, row_count) select ${keys}, sum(cost_micros), count(*) from aws_cost_daily group by ${keys}`,
      );
    }
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const name of Object.keys(ROLLUPS)) {
    await knex.schema.dropTable(`aws_cost_rollup_${name}_month`);
    await knex.schema.dropTable(`aws_cost_rollup_${name}_day`);
  }
};
