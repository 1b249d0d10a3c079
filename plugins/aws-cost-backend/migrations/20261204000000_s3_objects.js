// @ts-check

/**
 * The S3 source's sync record: one row per imported object (key and ETag),
 * so an unchanged object is not read again and a changed one replaces its
 * rows. Each object's rows carry their own `row_source` in `aws_cost_daily`
 * (the source id and a digest of the key), because the parts of one export
 * can hold rows of the same billing period and account.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aws_cost_s3_object', table => {
    table.comment('Objects the S3 cost source imported, by key and ETag');
    table.string('source', 64).notNullable();
    table.string('object_key', 1024).notNullable();
    table
      .string('row_source', 64)
      .notNullable()
      .comment('aws_cost_daily.source of the rows read from this object');
    table.string('etag', 255).notNullable();
    table.string('imported_at', 32).notNullable();
    table.integer('rows').notNullable().defaultTo(0);
    table.primary(['source', 'object_key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aws_cost_s3_object');
};
