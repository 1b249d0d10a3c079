// @ts-check

/**
 * The cost store: daily cost rows keyed by day + dimensions + source, sync
 * metadata per source, Cost Explorer forecasts and anomalies.
 * Amounts are integer micro-units of `currency` (never floats).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aws_cost_daily', table => {
    table.comment('Daily cost by source and dimensions, in integer micros');
    table.string('source', 64).notNullable();
    table.string('usage_date', 10).notNullable().comment('YYYY-MM-DD (UTC)');
    table.string('billing_period', 7).notNullable().comment('YYYY-MM');
    table.string('account_id', 32).notNullable();
    table.string('account_name', 255).notNullable().defaultTo('');
    table.string('aws_service', 255).notNullable();
    table.string('region', 64).notNullable().defaultTo('');
    table.string('usage_type', 255).notNullable().defaultTo('');
    table.string('charge_type', 64).notNullable().defaultTo('Usage');
    table.string('team', 255).notNullable().defaultTo('');
    table.string('service', 255).notNullable().defaultTo('');
    table.string('environment', 64).notNullable().defaultTo('');
    table.string('currency', 3).notNullable();
    table
      .bigInteger('cost_micros')
      .notNullable()
      .comment('Amortised (effective) cost');
    table
      .bigInteger('billed_micros')
      .notNullable()
      .comment('Billed (invoiced) cost');
    table.unique(
      [
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
      ],
      { indexName: 'aws_cost_daily_key' },
    );
    table.index(['usage_date'], 'aws_cost_daily_day');
    table.index(['service', 'usage_date'], 'aws_cost_daily_service_day');
    table.index(['team', 'usage_date'], 'aws_cost_daily_team_day');
    table.index(
      ['source', 'billing_period', 'account_id'],
      'aws_cost_daily_period',
    );
  });

  await knex.schema.createTable('aws_cost_sync', table => {
    table.comment('One row per cost source: what it did and when');
    table.string('source', 64).primary();
    table.string('type', 32).notNullable();
    table.boolean('sample').notNullable().defaultTo(false);
    table.string('currency', 3).nullable();
    table.string('last_success_at', 32).nullable();
    table.string('last_attempt_at', 32).nullable();
    table.text('last_error').nullable();
    table.string('last_day', 10).nullable();
    table.string('calls_day', 10).nullable();
    table.integer('calls_today').notNullable().defaultTo(0);
    table.bigInteger('calls_total').notNullable().defaultTo(0);
  });

  await knex.schema.createTable('aws_cost_forecast', table => {
    table.comment('Month-end forecasts from Cost Explorer, in integer micros');
    table.string('source', 64).notNullable();
    table.string('month', 7).notNullable();
    table.string('account_id', 32).notNullable();
    table.string('currency', 3).notNullable();
    table.bigInteger('amount_micros').notNullable();
    table.string('fetched_at', 32).notNullable();
    table.primary(['source', 'month', 'account_id']);
  });

  await knex.schema.createTable('aws_cost_anomaly', table => {
    table.comment('Anomalies reported by Cost Explorer anomaly detection');
    table.string('id', 255).primary();
    table.string('source', 64).notNullable();
    table.string('account_id', 32).notNullable();
    table.string('dimension_value', 255).notNullable().defaultTo('');
    table.string('start_day', 10).notNullable();
    table.string('end_day', 10).nullable();
    table.bigInteger('expected_micros').notNullable();
    table.bigInteger('actual_micros').notNullable();
    table.bigInteger('impact_micros').notNullable();
    table.text('causes').notNullable().defaultTo('[]');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aws_cost_anomaly');
  await knex.schema.dropTable('aws_cost_forecast');
  await knex.schema.dropTable('aws_cost_sync');
  await knex.schema.dropTable('aws_cost_daily');
};
