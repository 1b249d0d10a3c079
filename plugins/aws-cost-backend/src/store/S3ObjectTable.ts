import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { DailyRowWriter } from './DailyRowWriter';

/** What the S3 source imported from one object. */
export type S3ObjectRecord = {
  key: string;
  etag: string;
  rowSource: string;
  importedAt: string;
  rows: number;
  /** The rows the import left out (other providers, currencies). */
  notices: string[];
};

/**
 * `aws_cost_s3_object`: the S3 source's sync record per object key and
 * ETag, and the object's rows in `aws_cost_daily` (their `source` is the
 * object's `rowSource`). Rows are deleted through `DailyRowWriter`, which
 * keeps the rollups equal to them.
 */
export class S3ObjectTable {
  constructor(private readonly knex: Knex) {}

  /**
   * The `aws_cost_daily.source` of an object's rows: the source id and a
   * digest of the key (keys can be longer than the column).
   */
  static rowSource(source: string, key: string): string {
    const digest = createHash('sha256').update(key).digest('hex');
    return `${source.slice(0, 40)}:${digest.slice(0, 20)}`;
  }

  /** Every object a source has imported, by key. */
  async list(source: string): Promise<Map<string, S3ObjectRecord>> {
    const rows = await this.knex('aws_cost_s3_object')
      .where({ source })
      .select();
    return new Map(
      rows.map(r => [
        r.object_key as string,
        {
          key: r.object_key,
          etag: r.etag,
          rowSource: r.row_source,
          importedAt: r.imported_at,
          rows: Number(r.rows),
          notices: r.notices ? (JSON.parse(r.notices) as string[]) : [],
        },
      ]),
    );
  }

  /**
   * Records a successful import of an object and, in the same transaction,
   * deletes the object's rows of billing periods and accounts it no longer
   * holds (`keep`: the `period|account` groups just written).
   */
  async recordImported(options: {
    source: string;
    record: S3ObjectRecord;
    keep: string[];
  }): Promise<void> {
    const { source, record } = options;
    await DailyRowWriter.run(this.knex, async (writer, trx) => {
      const held = await trx('aws_cost_daily')
        .where({ source: record.rowSource })
        .distinct('billing_period', 'account_id');
      for (const h of held) {
        if (!options.keep.includes(`${h.billing_period}|${h.account_id}`)) {
          await writer.delete(q =>
            q.where({
              source: record.rowSource,
              billing_period: h.billing_period,
              account_id: h.account_id,
            }),
          );
        }
      }
      await trx('aws_cost_s3_object')
        .insert({
          source,
          object_key: record.key,
          row_source: record.rowSource,
          etag: record.etag,
          imported_at: record.importedAt,
          rows: record.rows,
          notices: JSON.stringify(record.notices),
        })
        .onConflict(['source', 'object_key'])
        .merge(['row_source', 'etag', 'imported_at', 'rows', 'notices']);
    });
  }

  /** Forgets an object that is gone from the bucket, with its rows. */
  async remove(source: string, record: S3ObjectRecord): Promise<void> {
    await DailyRowWriter.run(this.knex, async (writer, trx) => {
      await writer.delete(q => q.where({ source: record.rowSource }));
      await trx('aws_cost_s3_object')
        .where({ source, object_key: record.key })
        .delete();
    });
  }
}
