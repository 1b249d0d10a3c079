import {
  IncompleteGroup,
  microsToNumber,
  RefusedRow,
  RefusedRowsFile,
} from '@runway/plugin-aws-cost-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';

/** One refused row as an import records it (amounts as bigint micros). @public */
export type RefusedRowRecord = {
  line: number;
  column?: string;
  reason: string;
  billingPeriod: string;
  accountId: string;
  currency?: string;
  costMicros?: bigint;
};

/** What one import of a file refused, replacing its previous record. @public */
export type RefusedFileRecord = {
  /** The source as `/status` names it. */
  source: string;
  file: string;
  importedAt: string;
  /** Every refused row (listed or not). */
  refusedRows: number;
  /** The rows listed (the importer keeps at most 10,000). */
  rows: RefusedRowRecord[];
  /** The groups not written because of them. */
  groups: IncompleteGroup[];
};

const BATCH = 400;

/**
 * `aws_cost_refused_file` and `aws_cost_refused_row`: per source and file,
 * the rows its last import refused and the billing period and account
 * groups it did not write because of them.
 *
 * @public
 */
export class RefusedRowTable {
  constructor(private readonly knex: Knex) {}

  /** The key of a file name (names can be longer than a key column). */
  static fileKey(file: string): string {
    return createHash('sha256').update(file).digest('hex');
  }

  /**
   * Replaces a file's record in one transaction: its previous refused rows
   * go; the new ones (if any) are stored.
   */
  async replace(record: RefusedFileRecord): Promise<void> {
    const fileKey = RefusedRowTable.fileKey(record.file);
    await this.knex.transaction(async trx => {
      const where = { source: record.source, file_key: fileKey };
      await trx('aws_cost_refused_row').where(where).delete();
      await trx('aws_cost_refused_file').where(where).delete();
      if (record.refusedRows === 0) return;
      await trx('aws_cost_refused_file').insert({
        ...where,
        file: record.file,
        imported_at: record.importedAt,
        refused_rows: record.refusedRows,
        kept_rows: record.rows.length,
        groups: JSON.stringify(record.groups),
      });
      for (let i = 0; i < record.rows.length; i += BATCH) {
        await trx('aws_cost_refused_row').insert(
          record.rows.slice(i, i + BATCH).map(r => ({
            ...where,
            line: r.line,
            column_name: r.column?.slice(0, 255) ?? null,
            reason: r.reason,
            billing_period: r.billingPeriod.slice(0, 16),
            account_id: r.accountId.slice(0, 255),
            currency: r.costMicros === undefined ? null : r.currency ?? null,
            cost_micros:
              r.costMicros === undefined ? null : r.costMicros.toString(),
          })),
        );
      }
    });
  }

  /** Forgets a file's record (an S3 object that is gone), or a whole source's. */
  async remove(source: string, file?: string): Promise<void> {
    const where = file
      ? { source, file_key: RefusedRowTable.fileKey(file) }
      : { source };
    await this.knex.transaction(async trx => {
      await trx('aws_cost_refused_row').where(where).delete();
      await trx('aws_cost_refused_file').where(where).delete();
    });
  }

  /** Forgets a source's records of files other than `keep` (a path that changed). */
  async removeOthers(source: string, keep: string[]): Promise<void> {
    const keys = keep.map(RefusedRowTable.fileKey);
    await this.knex.transaction(async trx => {
      await trx('aws_cost_refused_row')
        .where({ source })
        .whereNotIn('file_key', keys)
        .delete();
      await trx('aws_cost_refused_file')
        .where({ source })
        .whereNotIn('file_key', keys)
        .delete();
    });
  }

  /** Every file with refused rows, of one source or of all. */
  async files(source?: string): Promise<RefusedRowsFile[]> {
    const rows = await this.knex('aws_cost_refused_file')
      .modify(q => {
        if (source !== undefined) q.where({ source });
      })
      .orderBy(['source', 'file']);
    return rows.map((r: Record<string, any>) => ({
      source: r.source,
      file: r.file,
      importedAt: r.imported_at,
      refusedRows: Number(r.refused_rows),
      keptRows: Number(r.kept_rows),
      groups: JSON.parse(r.groups) as IncompleteGroup[],
    }));
  }

  /** The groups every import left unwritten because of refused rows. */
  async groups(): Promise<IncompleteGroup[]> {
    return (await this.files()).flatMap(f => f.groups);
  }

  /** Refused rows per source (every row, listed or not). */
  async countsBySource(): Promise<Map<string, number>> {
    const rows = await this.knex('aws_cost_refused_file')
      .select('source')
      .sum({ n: 'refused_rows' })
      .groupBy('source');
    return new Map(
      rows.map((r: Record<string, any>) => [r.source as string, Number(r.n)]),
    );
  }

  /** A page of listed refused rows, by source, file and line. */
  async page(options: {
    source?: string;
    offset: number;
    limit: number;
  }): Promise<RefusedRow[]> {
    const rows = await this.knex('aws_cost_refused_row as r')
      .join('aws_cost_refused_file as f', join =>
        join.on('f.source', 'r.source').andOn('f.file_key', 'r.file_key'),
      )
      .modify(q => {
        if (options.source !== undefined) {
          q.where('r.source', options.source);
        }
      })
      .select('r.*', 'f.file')
      .orderBy([
        { column: 'r.source' },
        { column: 'f.file' },
        { column: 'r.line' },
        { column: 'r.id' },
      ])
      .offset(options.offset)
      .limit(options.limit);
    return rows.map((r: Record<string, any>) => ({
      source: r.source,
      file: r.file,
      line: Number(r.line),
      column: r.column_name ?? null,
      reason: r.reason,
      billingPeriod: r.billing_period,
      accountId: r.account_id,
      currency: r.currency ?? null,
      costMicros:
        r.cost_micros === null || r.cost_micros === undefined
          ? null
          : microsToNumber(BigInt(r.cost_micros)),
    }));
  }
}
