import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { CostAnomaly } from '@runway/plugin-aws-cost-common';
import { readAwsCostConfig } from '../config';
import { CostStore } from '../store/CostStore';
import { CostSyncService } from './CostSyncService';

const anomaly = (status: CostAnomaly['status']) => ({ status } as CostAnomaly);

function setup(
  sources: Partial<
    Pick<
      ConstructorParameters<typeof CostSyncService>[0],
      'sample' | 'files' | 'costExplorer' | 's3'
    >
  > = {},
  anomalies: () => Promise<CostAnomaly[]> = async () => [
    anomaly('open'),
    anomaly('closed'),
    anomaly('open'),
  ],
) {
  const cache = { invalidate: jest.fn(async () => {}) };
  const logger = mockServices.logger.mock();
  const gauge = jest.fn();
  const service = new CostSyncService({
    logger,
    cache,
    reports: {
      anomalies: async () => ({
        status: {} as any,
        anomalies: await anomalies(),
      }),
    },
    setOpenAnomalies: gauge,
    ...sources,
  });
  return { service, cache, logger, gauge };
}

describe('CostSyncService', () => {
  it('schedules nothing without sources', () => {
    const { service } = setup();
    expect(service.tasks()).toEqual([]);
    expect(service.runImports).toBeUndefined();
  });

  it('schedules one global task per configured source', () => {
    const { service } = setup({
      sample: async () => undefined,
      files: async () => [],
      costExplorer: { frequencyHours: 4, sync: async () => ({} as any) },
      s3: { frequencyHours: 2, sync: async () => ({ objects: [] }) },
    });
    expect(
      service
        .tasks()
        .map(({ fn, ...schedule }) => [typeof fn, schedule] as const),
    ).toEqual([
      [
        'function',
        {
          id: 'aws-cost-sample-data',
          frequency: { hours: 6 },
          timeout: { minutes: 10 },
          scope: 'global',
          initialDelay: { seconds: 1 },
        },
      ],
      [
        'function',
        {
          id: 'aws-cost-file-import',
          frequency: { hours: 24 },
          timeout: { minutes: 30 },
          scope: 'global',
          initialDelay: { seconds: 5 },
        },
      ],
      [
        'function',
        {
          id: 'aws-cost-explorer-sync',
          frequency: { hours: 4 },
          timeout: { minutes: 30 },
          scope: 'global',
          initialDelay: { seconds: 30 },
        },
      ],
      [
        'function',
        {
          id: 'aws-cost-s3-import',
          frequency: { hours: 2 },
          timeout: { minutes: 60 },
          scope: 'global',
          initialDelay: { seconds: 15 },
        },
      ],
    ]);
  });

  it('imports from S3, then starts a new answer generation', async () => {
    const sync = jest.fn(async () => ({
      objects: [{ key: 'a.csv', status: 'imported' as const, rows: 1 }],
    }));
    const { service, cache, gauge } = setup({
      s3: { frequencyHours: 8, sync },
    });
    const [task] = service.tasks();
    expect(cache.invalidate).not.toHaveBeenCalled();
    await task.fn(new AbortController().signal);
    expect(sync).toHaveBeenCalledTimes(1);
    expect(cache.invalidate).toHaveBeenCalledTimes(1);
    expect(gauge).toHaveBeenCalledWith(2);
  });

  it('clears answers only when the sample data set was imported', async () => {
    const sample = jest
      .fn()
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce({ rows: 1 });
    const { service, cache, gauge } = setup({ sample });
    const [task] = service.tasks();
    await task.fn(new AbortController().signal);
    expect(cache.invalidate).not.toHaveBeenCalled();
    await task.fn(new AbortController().signal);
    expect(cache.invalidate).toHaveBeenCalledTimes(1);
    expect(gauge).toHaveBeenLastCalledWith(2);
  });

  it('re-runs file imports, clears answers and recounts open anomalies', async () => {
    const results = [{ id: 'focus', path: '/data/focus.csv', rows: 8 }];
    const { service, cache, gauge } = setup({ files: async () => results });
    expect(await service.runImports!()).toBe(results);
    expect(cache.invalidate).toHaveBeenCalledTimes(1);
    expect(gauge).toHaveBeenCalledWith(2);
  });

  it('refuses a second import while one runs, and releases the guard after success or failure', async () => {
    let finish!: (results: any[]) => void;
    const files = jest
      .fn()
      .mockImplementationOnce(() => new Promise(r => (finish = r)))
      .mockRejectedValueOnce(new Error('database gone'))
      .mockResolvedValueOnce([]);
    const { service } = setup({ files });
    const running = service.runImports!();
    await expect(service.runImports!()).rejects.toMatchObject({
      name: 'ConflictError',
      message:
        'A cost import is already running; try again when it has finished',
    });
    finish([]);
    await expect(running).resolves.toEqual([]);
    await expect(service.runImports!()).rejects.toThrow('database gone');
    await expect(service.runImports!()).resolves.toEqual([]);
    expect(files).toHaveBeenCalledTimes(3);
  });

  it('the scheduled import skips its run while an import runs', async () => {
    let finish!: (results: any[]) => void;
    const files = jest.fn(() => new Promise<any[]>(r => (finish = r)));
    const { service, logger } = setup({ files });
    const running = service.runImports!();
    const [task] = service.tasks();
    await task.fn(new AbortController().signal);
    expect(files).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Skipped the scheduled cost file import: an import is already running',
    );
    finish([]);
    await running;
  });

  it('syncs Cost Explorer, then clears answers', async () => {
    const report = { calls: 3, accounts: [] };
    const sync = jest.fn(async () => report);
    const { service, cache } = setup({
      costExplorer: { frequencyHours: 8, sync },
    });
    expect(await service.syncCostExplorer()).toBe(report);
    expect(sync).toHaveBeenCalledTimes(1);
    expect(cache.invalidate).toHaveBeenCalledTimes(1);
  });

  it('logs, never throws, when open anomalies cannot be counted', async () => {
    const { service, logger, gauge } = setup({}, async () => {
      throw new Error('The catalog did not answer');
    });
    await service.refreshGauges();
    expect(gauge).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not count open anomalies: The catalog did not answer',
    );
  });

  it('builds the configured sources from config', async () => {
    const config = readAwsCostConfig(
      new ConfigReader({
        awsCost: {
          sources: {
            sample: { enabled: true },
            files: [{ path: '/data/focus.csv.gz' }],
            costExplorer: { frequencyHours: 12 },
            s3: { bucket: 'exports', prefix: 'focus/', frequencyHours: 6 },
          },
        },
      }),
    );
    const service = await CostSyncService.fromConfig(config, {
      rootConfig: new ConfigReader({}),
      store: {} as CostStore,
      logger: mockServices.logger.mock(),
      cache: { invalidate: async () => {} },
      reports: { anomalies: async () => ({} as any) },
    });
    expect(service.tasks().map(t => [t.id, t.frequency])).toEqual([
      ['aws-cost-sample-data', { hours: 6 }],
      ['aws-cost-file-import', { hours: 24 }],
      ['aws-cost-explorer-sync', { hours: 12 }],
      ['aws-cost-s3-import', { hours: 6 }],
    ]);
    expect(service.tasks().every(t => t.scope === 'global')).toBe(true);
    expect(service.runImports).toBeDefined();
  });
});
