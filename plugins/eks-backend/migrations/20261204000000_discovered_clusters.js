// @ts-check

/**
 * Clusters found by EKS discovery (the `eks-discovery` task runs on one
 * replica per cadence): every replica reconciles its cluster registry from
 * this table. No credentials: each replica signs in to a discovered cluster
 * with its own `eks.discovery` config.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('eks_discovered_cluster', table => {
    table.comment('EKS clusters found by the last discovery run');
    table.string('name', 255).primary();
    table.string('region', 64).notNullable();
    table.string('url', 1024).notNullable();
    table.text('ca_data').nullable().comment('PEM CA bundle of the API server');
    table
      .text('eks_info')
      .nullable()
      .comment('JSON: node groups, insights, add-ons (EksClusterInfo)');
    table.string('discovered_at', 32).notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('eks_discovered_cluster');
};
