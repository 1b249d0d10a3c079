import { LoggerService } from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { TagKeys } from '@runway/plugin-aws-cost-common';
import { Readable } from 'node:stream';
import { S3SourceConfig } from '../config';
import { importCostFile } from '../import/importer';
import { recordSyncFailure, recordSyncSuccess } from '../metrics';
import { CostStore } from '../store/CostStore';
import { S3ObjectRecord, S3ObjectTable } from '../store/S3ObjectTable';

/** What one S3 sync did with each cost object under the prefix. */
export type S3SyncReport = {
  objects: Array<{
    key: string;
    status: 'imported' | 'unchanged' | 'failed' | 'removed';
    rows?: number;
    error?: string;
    /** Rows the object's import left out (other providers, currencies). */
    notices?: string[];
  }>;
  /** Set when the bucket could not be listed (nothing was changed). */
  error?: string;
};

/** Cost files among the listed objects: CSV, gzipped or not. */
const COST_OBJECT = /\.csv(\.gz)?$/;

/**
 * The S3 source: FOCUS or CUR 2.0 exports that AWS Data Exports delivers to
 * a bucket. Each sync lists the prefix (every `ContinuationToken` page),
 * streams every `.csv` / `.csv.gz` object whose ETag it has not imported
 * yet through the file importer (gunzipped as it streams, per billing
 * period and account in one transaction, a record at most 1 MiB), and keeps
 * the object's key and ETag. An unchanged object is not read again; a
 * changed one replaces its rows; one that is gone loses them. An object
 * that fails (unreadable, truncated `.gz`, bad rows) is reported by name
 * and keeps its previous rows; the others are still imported.
 */
export class S3Source {
  /**
   * Builds the source from config: credentials through
   * `DefaultAwsCredentialsManager` (the main account of `aws.mainAccount`,
   * or `roleArn` assumed with it). The endpoint is the SDK's own choice
   * (`AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` when set).
   */
  static async fromConfig(options: {
    rootConfig: Config;
    config: S3SourceConfig;
    tagKeys: TagKeys;
    /** The dashboard's currency (rows in another are left out); USD by default. */
    currency?: string;
    store: CostStore;
    logger: LoggerService;
  }): Promise<S3Source> {
    const { config } = options;
    const credentials = await s3Credentials(options.rootConfig, config);
    return new S3Source({
      ...options,
      client: new S3Client({
        region: config.region,
        credentials: credentials.sdkCredentialProvider,
        // the SDK's standard strategy: bounded, jittered retries
        maxAttempts: config.maxAttempts,
      }),
    });
  }

  private readonly objects: S3ObjectTable;

  constructor(
    private readonly options: {
      config: S3SourceConfig;
      tagKeys: TagKeys;
      /** The dashboard's currency (rows in another are left out); USD by default. */
      currency?: string;
      store: CostStore;
      logger: LoggerService;
      client: S3Client;
      now?: () => Date;
    },
  ) {
    this.objects = new S3ObjectTable(options.store.knex);
  }

  private get name() {
    const { bucket, prefix } = this.options.config;
    return `s3://${bucket}/${prefix}`;
  }

  /** Lists the prefix and imports every new or changed cost object. */
  async sync(): Promise<S3SyncReport> {
    const { config, store, logger } = this.options;
    let listed: Map<string, string>;
    try {
      listed = await this.list();
    } catch (e) {
      const error = `Could not list ${this.name}: ${(e as Error).message}`;
      logger.error(error);
      recordSyncFailure(config.id);
      await store.recordSync({
        source: config.id,
        type: 'focus',
        ok: false,
        error,
      });
      return { objects: [], error };
    }
    const known = await this.objects.list(config.id);
    const report: S3SyncReport = { objects: [] };
    let cur = false;
    for (const [key, etag] of [...listed.entries()].sort()) {
      const record = known.get(key);
      if (record?.etag === etag) {
        report.objects.push({
          key,
          status: 'unchanged',
          ...noticesOf(record.notices),
        });
        continue;
      }
      const outcome = await this.importObject(key);
      if (outcome.format === 'cur2') cur = true;
      report.objects.push(outcome.entry);
    }
    for (const record of known.values()) {
      if (!listed.has(record.key)) {
        await this.objects.remove(config.id, record);
        await store.refused.remove(
          config.id,
          `s3://${config.bucket}/${record.key}`,
        );
        report.objects.push({ key: record.key, status: 'removed' });
      }
    }
    const failed = report.objects.filter(o => o.status === 'failed');
    await store.recordSync({
      source: config.id,
      type: cur ? 'cur' : 'focus',
      ok: failed.length === 0,
      error: failed.length
        ? `${failed.length} of ${listed.size} objects failed; first: ${failed[0].error}`
        : undefined,
      // every listed object's, the unchanged ones' as their import left them
      notices: report.objects.flatMap(o => o.notices ?? []),
      lastDay: await store.lastDay(),
    });
    if (failed.length) recordSyncFailure(config.id);
    else recordSyncSuccess(config.id);
    const counts = new Map<string, number>();
    for (const o of report.objects) {
      counts.set(o.status, (counts.get(o.status) ?? 0) + 1);
    }
    logger.info(
      `S3 cost import from ${this.name}: ${
        [...counts].map(([status, n]) => `${n} ${status}`).join(', ') ||
        'no cost objects'
      }`,
    );
    return report;
  }

  /** Every cost object under the prefix: key to ETag. */
  private async list(): Promise<Map<string, string>> {
    const { config, client } = this.options;
    const out = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: config.bucket,
          Prefix: config.prefix || undefined,
          ContinuationToken: token,
        }),
        { abortSignal: AbortSignal.timeout(config.timeoutMs) },
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && object.ETag && COST_OBJECT.test(object.Key)) {
          out.set(object.Key, object.ETag);
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  /** Streams one object through the importer and records it when whole. */
  private async importObject(key: string): Promise<{
    format?: string;
    entry: S3SyncReport['objects'][number];
  }> {
    const { config, client, store, tagKeys } = this.options;
    const name = `s3://${config.bucket}/${key}`;
    const rowSource = S3ObjectTable.rowSource(config.id, key);
    try {
      const object = await client.send(
        new GetObjectCommand({ Bucket: config.bucket, Key: key }),
        { abortSignal: AbortSignal.timeout(config.objectTimeoutMs) },
      );
      const result = await importCostFile({
        store,
        source: rowSource,
        input: object.Body as Readable,
        gzip: key.endsWith('.gz'),
        name,
        statusSource: config.id,
        tagKeys,
        currency: this.options.currency,
      });
      const notices = result.excluded.map(e => e.message);
      if (result.errorCount > 0) {
        const first = result.errors[0];
        return {
          format: result.format,
          entry: {
            key,
            status: 'failed',
            error: `${result.errorCount} bad rows, first: ${first?.message}`,
            ...noticesOf(notices),
          },
        };
      }
      const record: S3ObjectRecord = {
        key,
        // the ETag of what was read (the object may have changed since the listing)
        etag: object.ETag ?? '',
        rowSource,
        importedAt: (this.options.now?.() ?? new Date()).toISOString(),
        rows: result.rows,
        notices,
      };
      await this.objects.recordImported({
        source: config.id,
        record,
        keep: result.groups.map(g => `${g.billingPeriod}|${g.accountId}`),
      });
      return {
        format: result.format,
        entry: {
          key,
          status: 'imported',
          rows: result.rows,
          ...noticesOf(notices),
        },
      };
    } catch (e) {
      const message = (e as Error).message;
      this.options.logger.error(`Import of ${name} failed: ${message}`);
      return {
        entry: {
          key,
          status: 'failed',
          error: message.includes(name) ? message : `${name}: ${message}`,
        },
      };
    }
  }
}

/** `{ notices }` when there are some, so a report lists them only then. */
function noticesOf(notices: string[]) {
  return notices.length ? { notices } : {};
}

/**
 * The credentials the source reads with: the main account's, or `roleArn`
 * assumed with them (through the same credentials manager).
 */
async function s3Credentials(rootConfig: Config, config: S3SourceConfig) {
  if (!config.roleArn) {
    return DefaultAwsCredentialsManager.fromConfig(
      rootConfig,
    ).getCredentialProvider();
  }
  const [, partition, , , accountId, resource] = config.roleArn.split(':');
  const manager = DefaultAwsCredentialsManager.fromConfig(
    new ConfigReader({
      aws: {
        mainAccount: rootConfig.getOptional('aws.mainAccount') ?? {},
        accounts: [
          {
            accountId,
            partition,
            roleName: resource.slice('role/'.length),
            region: config.region,
            ...(config.externalId ? { externalId: config.externalId } : {}),
          },
        ],
      },
    }),
  );
  return manager.getCredentialProvider({ accountId });
}
