// @ts-check

/**
 * Kubernetes dimensions of the daily rows, from EKS split cost allocation
 * data (CUR 2.0 `split_line_item_*`): the cluster, namespace and workload a
 * pod's split cost belongs to, and the cluster of the node (parent EC2
 * instance) whose unused cost stays. Empty for every other row, so rows
 * imported before keep their key and figures. The daily key grows by the
 * three columns (two workloads' cost on one day stay two rows).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('aws_cost_daily', table => {
    table.string('cluster', 255).notNullable().defaultTo('');
    table.string('namespace', 255).notNullable().defaultTo('');
    table.string('workload', 255).notNullable().defaultTo('');
  });
  await knex.schema.alterTable('aws_cost_daily', table => {
    table.dropUnique([], 'aws_cost_daily_key');
  });
  await knex.schema.alterTable('aws_cost_daily', table => {
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
        'cluster',
        'namespace',
        'workload',
      ],
      { indexName: 'aws_cost_daily_key' },
    );
    table.index(['cluster', 'usage_date'], 'aws_cost_daily_cluster_day');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex('aws_cost_daily')
    .whereNot('cluster', '')
    .orWhereNot('namespace', '')
    .orWhereNot('workload', '')
    .delete();
  await knex.schema.alterTable('aws_cost_daily', table => {
    table.dropIndex([], 'aws_cost_daily_cluster_day');
    table.dropUnique([], 'aws_cost_daily_key');
  });
  await knex.schema.alterTable('aws_cost_daily', table => {
    table.dropColumn('cluster');
    table.dropColumn('namespace');
    table.dropColumn('workload');
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
  });
};
