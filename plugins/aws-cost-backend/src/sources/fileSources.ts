import { LoggerService } from '@backstage/backend-plugin-api';
import { addDays } from '@runway/plugin-aws-cost-common';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsCostConfig } from '../config';
import { importCostFile, ImportResult } from '../import/importer';
import { recordSyncFailure, recordSyncSuccess } from '../metrics';
import { SAMPLE_VERSION, writeSampleFile } from '../sample/generateSample';
import { CostStore } from '../store/CostStore';
import { deleteDailyRows } from '../store/DailyRowWriter';

/** The source id of the generated sample data set. */
export const SAMPLE_SOURCE = 'sample';

/**
 * Development default: generates the sample FOCUS data set (fixed seed, 13
 * months ending yesterday) and imports it through the FOCUS importer, when
 * the store does not hold it yet or it has become stale. Marked as sample
 * data, so every screen says so.
 */
export async function ensureSampleData(options: {
  store: CostStore;
  config: AwsCostConfig;
  logger: LoggerService;
  now?: Date;
}): Promise<ImportResult | undefined> {
  const { store, logger } = options;
  const yesterday = addDays(
    (options.now ?? new Date()).toISOString().slice(0, 10),
    -1,
  );
  const status = (await store.getSyncStatus()).find(
    s => s.source === SAMPLE_SOURCE,
  );
  const version = `v${SAMPLE_VERSION}`;
  if (
    status?.lastDay === yesterday &&
    status.lastError === null &&
    status.type === `sample` &&
    status.currency === 'USD' &&
    (await store.countRows(SAMPLE_SOURCE)) > 0
  ) {
    return undefined;
  }
  const path = join(
    options.config.sample.directory ?? tmpdir(),
    `runway-cost-sample-${version}-${yesterday}.csv.gz`,
  );
  logger.info(
    `Generating the sample cost data set (13 months ending ${yesterday}) at ${path}`,
  );
  await writeSampleFile({ path, lastDay: yesterday });
  // a previous day's sample set may hold days this one no longer covers
  await deleteDailyRows(store.knex, q => q.where({ source: SAMPLE_SOURCE }));
  const result = await importCostFile({
    store,
    source: SAMPLE_SOURCE,
    path,
    tagKeys: options.config.tagKeys,
    currency: options.config.currency,
  });
  const ok = result.errorCount === 0;
  await store.recordSync({
    source: SAMPLE_SOURCE,
    type: 'sample',
    sample: true,
    ok,
    error: ok ? undefined : result.errors[0]?.message,
    notices: result.excluded.map(e => e.message),
    lastDay: yesterday,
    currency: 'USD',
  });
  if (ok) recordSyncSuccess(SAMPLE_SOURCE);
  else recordSyncFailure(SAMPLE_SOURCE);
  logger.info(
    `Imported sample cost data: ${result.rows} rows in ${result.groups.length} billing period/account groups`,
  );
  return result;
}

/** The outcome of one configured file's import (`error` when it failed). */
export type FileImportResult = {
  id: string;
  path: string;
} & Partial<ImportResult> & {
    error?: string;
  };

/**
 * Imports the configured FOCUS / CUR 2.0 files (`awsCost.sources.files`).
 * Each file's status keeps its import's notices: the rows it left out
 * (other providers, other currencies) with their cost.
 */
export async function importConfiguredFiles(options: {
  store: CostStore;
  config: AwsCostConfig;
  logger: LoggerService;
}): Promise<FileImportResult[]> {
  const results: FileImportResult[] = [];
  for (const file of options.config.files) {
    try {
      const result = await importCostFile({
        store: options.store,
        source: file.id,
        path: file.path,
        tagKeys: options.config.tagKeys,
        currency: options.config.currency,
      });
      // a source is one file: what an earlier path refused is gone with it
      await options.store.refused.removeOthers(file.id, [file.path]);
      const ok = result.errorCount === 0;
      await options.store.recordSync({
        source: file.id,
        type: result.format === 'cur2' ? 'cur' : 'focus',
        ok,
        error: ok
          ? undefined
          : `${result.errorCount} bad rows, first: ${result.errors[0]?.message}`,
        notices: result.excluded.map(e => e.message),
        lastDay: await options.store.lastDay(),
      });
      if (ok) recordSyncSuccess(file.id);
      else recordSyncFailure(file.id);
      options.logger.info(
        `Imported ${file.path}: ${result.rows} rows, ${result.errorCount} errors`,
      );
      result.excluded.forEach(e => options.logger.warn(e.message));
      results.push({ ...file, ...result });
    } catch (e) {
      recordSyncFailure(file.id);
      await options.store.recordSync({
        source: file.id,
        type: 'focus',
        ok: false,
        error: (e as Error).message,
      });
      options.logger.error(
        `Import of ${file.path} failed: ${(e as Error).message}`,
      );
      results.push({ ...file, error: (e as Error).message });
    }
  }
  return results;
}
