import {
  LoggerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ConflictError, isError } from '@backstage/errors';
import { CostAnomalies } from '@runway/plugin-aws-cost-common';
import { AwsCostConfig } from '../config';
import { ImportResult } from '../import/importer';
import { setOpenAnomalies } from '../metrics';
import { CostStore } from '../store/CostStore';
import { CostExplorerSource, SyncReport } from './CostExplorerSource';
import { S3Source, S3SyncReport } from './S3Source';
import {
  ensureSampleData,
  FileImportResult,
  importConfiguredFiles,
} from './fileSources';

/** A scheduled task as `scheduler.scheduleTask` takes it. */
export type CostSyncTask = SchedulerServiceTaskScheduleDefinition &
  SchedulerServiceTaskInvocationDefinition;

/**
 * Fills the cost store from the configured sources and keeps answers fresh:
 * after every sample import, file import, S3 import or Cost Explorer sync it
 * starts a new answer-cache generation (on every replica) and recounts the
 * open anomalies (`runway_cost_anomalies_open`).
 * `tasks()` lists the scheduled tasks the configured sources need, all
 * global (one replica runs each).
 */
export class CostSyncService {
  /** Builds the service and the configured sources from the `awsCost` config. */
  static async fromConfig(
    config: AwsCostConfig,
    deps: {
      rootConfig: Config;
      store: CostStore;
      logger: LoggerService;
      cache: { invalidate(): Promise<void> };
      reports: { anomalies(): Promise<CostAnomalies> };
    },
  ): Promise<CostSyncService> {
    const { store, logger } = deps;
    const ce = config.costExplorer;
    const ceSource = ce
      ? await CostExplorerSource.fromConfig({
          rootConfig: deps.rootConfig,
          config: ce,
          tagKeys: config.tagKeys,
          currency: config.currency,
          store,
          logger,
        })
      : undefined;
    const s3 = config.s3
      ? await S3Source.fromConfig({
          rootConfig: deps.rootConfig,
          config: config.s3,
          tagKeys: config.tagKeys,
          currency: config.currency,
          store,
          logger,
        })
      : undefined;
    return new CostSyncService({
      logger,
      cache: deps.cache,
      reports: deps.reports,
      sample: config.sample.enabled
        ? () => ensureSampleData({ store, config, logger })
        : undefined,
      files: config.files.length
        ? () => importConfiguredFiles({ store, config, logger })
        : undefined,
      costExplorer:
        ce && ceSource
          ? { frequencyHours: ce.frequencyHours, sync: () => ceSource.sync() }
          : undefined,
      s3:
        config.s3 && s3
          ? { frequencyHours: config.s3.frequencyHours, sync: () => s3.sync() }
          : undefined,
    });
  }

  /**
   * Re-runs the configured file imports (the admin route and the daily
   * task); undefined when no files are configured. One import at a time
   * in this replica: a call while one runs throws `ConflictError` (409).
   * Across replicas the daily task is global (the scheduler's lock); two
   * replicas' admin calls may still overlap, which only repeats the work
   * (each period and account is replaced in one transaction).
   */
  readonly runImports?: () => Promise<FileImportResult[]>;

  private readonly setOpenAnomalies: (count: number) => void;
  private importing = false;

  constructor(
    private readonly options: {
      logger: LoggerService;
      cache: { invalidate(): Promise<void> };
      reports: { anomalies(): Promise<CostAnomalies> };
      /** Imports the sample data set when missing or stale; undefined when current. */
      sample?: () => Promise<ImportResult | undefined>;
      /** Imports the configured files. */
      files?: () => Promise<FileImportResult[]>;
      /** Syncs Cost Explorer every `frequencyHours`. */
      costExplorer?: { frequencyHours: number; sync(): Promise<SyncReport> };
      /** Imports new and changed S3 objects every `frequencyHours`. */
      s3?: { frequencyHours: number; sync(): Promise<S3SyncReport> };
      /** Sets the open anomalies gauge (defaults to the plugin's metric). */
      setOpenAnomalies?: (count: number) => void;
    },
  ) {
    this.setOpenAnomalies = options.setOpenAnomalies ?? setOpenAnomalies;
    const files = options.files;
    if (files) {
      this.runImports = async () => {
        if (this.importing) {
          throw new ConflictError(
            'A cost import is already running; try again when it has finished',
          );
        }
        this.importing = true;
        try {
          const result = await files();
          await options.cache.invalidate();
          await this.refreshGauges();
          return result;
        } finally {
          this.importing = false;
        }
      };
    }
  }

  /** Imports the sample data set if needed; clears the cache when it did. */
  async syncSample(): Promise<void> {
    if (!this.options.sample) return;
    if (await this.options.sample()) await this.options.cache.invalidate();
    await this.refreshGauges();
  }

  /** Runs one Cost Explorer sync, then clears the cache. */
  async syncCostExplorer(): Promise<SyncReport | undefined> {
    if (!this.options.costExplorer) return undefined;
    const report = await this.options.costExplorer.sync();
    await this.options.cache.invalidate();
    await this.refreshGauges();
    return report;
  }

  /** Runs one S3 import, then starts a new answer-cache generation. */
  async syncS3(): Promise<S3SyncReport | undefined> {
    if (!this.options.s3) return undefined;
    try {
      return await this.options.s3.sync();
    } finally {
      // objects imported before a failure are in the store too
      await this.options.cache.invalidate();
      await this.refreshGauges();
    }
  }

  /** Recounts the open anomalies; a failure is logged, never thrown. */
  async refreshGauges(): Promise<void> {
    try {
      const { anomalies } = await this.options.reports.anomalies();
      this.setOpenAnomalies(anomalies.filter(a => a.status === 'open').length);
    } catch (e) {
      this.options.logger.warn(
        `Could not count open anomalies: ${(e as Error).message}`,
      );
    }
  }

  /** The scheduled tasks of the configured sources, in start-up order. */
  tasks(): CostSyncTask[] {
    const tasks: CostSyncTask[] = [];
    if (this.options.sample) {
      tasks.push({
        id: 'aws-cost-sample-data',
        frequency: { hours: 6 },
        timeout: { minutes: 10 },
        scope: 'global',
        initialDelay: { seconds: 1 },
        fn: async () => {
          await this.syncSample();
        },
      });
    }
    const runImports = this.runImports;
    if (runImports) {
      tasks.push({
        id: 'aws-cost-file-import',
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        scope: 'global',
        initialDelay: { seconds: 5 },
        fn: async () => {
          try {
            await runImports();
          } catch (e) {
            if (!isError(e) || e.name !== 'ConflictError') throw e;
            this.options.logger.info(
              'Skipped the scheduled cost file import: an import is already running',
            );
          }
        },
      });
    }
    if (this.options.costExplorer) {
      tasks.push({
        id: 'aws-cost-explorer-sync',
        frequency: { hours: this.options.costExplorer.frequencyHours },
        timeout: { minutes: 30 },
        scope: 'global',
        initialDelay: { seconds: 30 },
        fn: async () => {
          await this.syncCostExplorer();
        },
      });
    }
    if (this.options.s3) {
      tasks.push({
        id: 'aws-cost-s3-import',
        frequency: { hours: this.options.s3.frequencyHours },
        timeout: { minutes: 60 },
        scope: 'global',
        initialDelay: { seconds: 15 },
        fn: async () => {
          await this.syncS3();
        },
      });
    }
    return tasks;
  }
}
