// @ts-check

/**
 * Refused rows (bad values) per source and file, as the file's last import
 * found them, and the billing period and account groups that import did not
 * write because of them: `GET /refused-rows` lists the rows, and every
 * answer covering such a group is marked incomplete. An import keeps at
 * most 10,000 rows per file and counts the rest; the next import of the
 * same file or S3 object replaces its record.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('aws_cost_refused_file', table => {
    table.comment('Files (or S3 objects) whose last import refused rows');
    table.string('source', 64).notNullable();
    table
      .string('file_key', 64)
      .notNullable()
      .comment('sha256 of the file name (names can be longer than a key)');
    table.text('file').notNullable();
    table.string('imported_at', 32).notNullable();
    table.integer('refused_rows').notNullable();
    table.integer('kept_rows').notNullable();
    table
      .text('groups')
      .notNullable()
      .comment('JSON: billing period and account groups not written');
    table.primary(['source', 'file_key']);
  });
  await knex.schema.createTable('aws_cost_refused_row', table => {
    table.comment('Rows an import refused, at most 10,000 per file');
    table.bigIncrements('id').primary();
    table.string('source', 64).notNullable();
    table.string('file_key', 64).notNullable();
    table.integer('line').notNullable();
    table.string('column_name', 255).nullable();
    table.text('reason').notNullable();
    table.string('billing_period', 16).notNullable().defaultTo('');
    table.string('account_id', 255).notNullable().defaultTo('');
    table.string('currency', 16).nullable();
    table.bigInteger('cost_micros').nullable();
    table.index(['source', 'file_key', 'line'], 'aws_cost_refused_row_file');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('aws_cost_refused_row');
  await knex.schema.dropTable('aws_cost_refused_file');
};
