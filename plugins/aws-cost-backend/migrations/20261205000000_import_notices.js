// @ts-check

/**
 * Notices per source and per S3 object: what an import read but left out
 * of the figures (rows of other providers, rows in another currency), one
 * message each, as a JSON array of strings. Shown in `/status` with the
 * source, so the dashboard says what it leaves out.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('aws_cost_sync', table => {
    table.text('notices').nullable();
  });
  await knex.schema.alterTable('aws_cost_s3_object', table => {
    table.text('notices').nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('aws_cost_s3_object', table => {
    table.dropColumn('notices');
  });
  await knex.schema.alterTable('aws_cost_sync', table => {
    table.dropColumn('notices');
  });
};
