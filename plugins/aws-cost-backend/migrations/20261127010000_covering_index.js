// @ts-check

/**
 * A covering index for the dashboard's most frequent aggregations (by day,
 * team tag and service tag), so they read the index instead of the table.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('aws_cost_daily', table => {
    table.index(
      ['usage_date', 'team', 'service', 'cost_micros'],
      'aws_cost_daily_day_team_service_cost',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('aws_cost_daily', table => {
    table.dropIndex([], 'aws_cost_daily_day_team_service_cost');
  });
};
