// @ts-check

/**
 * Imports before this release stored the rows of every provider and
 * currency. Files are imported again on start and every day, which
 * replaces them; S3 objects are read again only when their ETag changes.
 * Forgetting the recorded ETags makes the next S3 sync read every object
 * once more, so rows of other providers or currencies that an earlier
 * import stored are replaced and reported in the source's notices
 * (ADR 0018). The rows stay until then.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex('aws_cost_s3_object').update({ etag: '' });
};

/** Nothing to undo: the next sync records the ETags again. */
exports.down = async function down() {};
