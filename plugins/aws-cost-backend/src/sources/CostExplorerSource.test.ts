import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { CostExplorerConfig } from '../config';
import { CostStore } from '../store/CostStore';
import { CostExplorerSource } from './CostExplorerSource';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const ce = mockClient(CostExplorerClient);

// migrations on a busy machine can take seconds
jest.setTimeout(60_000);

const NOW = new Date('2026-11-20T10:00:00Z');

function config(
  overrides: Partial<CostExplorerConfig> = {},
): CostExplorerConfig {
  return {
    source: 'cost-explorer',
    accounts: [{ accountId: '222222222222', name: 'workloads' }],
    region: 'us-east-1',
    frequencyHours: 8,
    dailyCallCap: 100,
    lookbackMonths: 13,
    refreshDays: 3,
    groupBy: [
      { Type: 'DIMENSION', Key: 'SERVICE' },
      { Type: 'TAG', Key: 'service' },
    ],
    maxAttempts: 3,
    timeoutMs: 1000,
    anomalies: false,
    forecast: false,
    ...overrides,
  };
}

/** One page of GetCostAndUsage: one day, one group. */
function page(day: string, service: string, amount: string, next?: string) {
  return {
    ResultsByTime: [
      {
        TimePeriod: { Start: day, End: day },
        Groups: [
          {
            Keys: ['Amazon MQ', `service$${service}`],
            Metrics: {
              AmortizedCost: { Amount: amount, Unit: 'USD' },
              UnblendedCost: { Amount: amount, Unit: 'USD' },
            },
          },
        ],
      },
    ],
    ...(next ? { NextPageToken: next } : {}),
  } as any;
}

async function setup(cfg: CostExplorerConfig, now = NOW, currency?: string) {
  const knex = await databases.init('SQLITE_3');
  const store = await CostStore.create({
    database: { getClient: async () => knex },
  });
  const sleeps: number[] = [];
  const clientsFor: string[] = [];
  const source = new CostExplorerSource({
    config: cfg,
    store,
    logger: mockServices.logger.mock(),
    tagKeys: DEFAULT_TAG_KEYS,
    currency,
    clientFor: async account => {
      clientsFor.push(account.accountId);
      return new CostExplorerClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts: 1,
      });
    },
    sleep: async ms => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => now,
  });
  return { store, source, sleeps, clientsFor };
}

const throttle = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' });

beforeEach(() => ce.reset());

describe('CostExplorerSource', () => {
  it('follows every NextPageToken (5 pages) with exact inputs', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page('2026-11-01', 'billing-worker', '1.5', 'p2'))
      .resolvesOnce(page('2026-11-02', 'billing-worker', '2.5', 'p3'))
      .resolvesOnce(page('2026-11-03', 'billing-worker', '3.5', 'p4'))
      .resolvesOnce(page('2026-11-04', 'billing-worker', '4.5', 'p5'))
      .resolvesOnce(page('2026-11-05', 'payments-api', '0.0000015'));
    const { store, source } = await setup(config());
    const report = await source.sync();
    const calls = ce.commandCalls(GetCostAndUsageCommand);
    expect(calls).toHaveLength(5);
    expect(calls.map(c => c.args[0].input)).toEqual(
      [undefined, 'p2', 'p3', 'p4', 'p5'].map(token => ({
        TimePeriod: { Start: '2025-11-01', End: '2026-11-20' },
        Granularity: 'DAILY',
        Metrics: ['AmortizedCost', 'UnblendedCost'],
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'TAG', Key: 'service' },
        ],
        ...(token ? { NextPageToken: token } : {}),
      })),
    );
    expect(report).toEqual({
      calls: 5,
      accounts: [{ accountId: '222222222222', ok: true, rows: 5 }],
    });
    const rows = await store.knex('aws_cost_daily').orderBy('usage_date');
    expect(
      rows.map(r => [
        r.usage_date,
        r.service,
        r.aws_service,
        Number(r.cost_micros),
      ]),
    ).toEqual([
      ['2026-11-01', 'billing-worker', 'Amazon MQ', 1_500_000],
      ['2026-11-02', 'billing-worker', 'Amazon MQ', 2_500_000],
      ['2026-11-03', 'billing-worker', 'Amazon MQ', 3_500_000],
      ['2026-11-04', 'billing-worker', 'Amazon MQ', 4_500_000],
      ['2026-11-05', 'payments-api', 'Amazon MQ', 2],
    ]);
    expect(ce.commandCalls(GetCostForecastCommand)).toHaveLength(0);
    expect(ce.commandCalls(GetAnomaliesCommand)).toHaveLength(0);
  });

  it('retries throttling with jitter, then succeeds; counts every call', async () => {
    ce.on(GetCostAndUsageCommand)
      .rejectsOnce(throttle())
      .rejectsOnce(throttle())
      .resolves(page('2026-11-01', 'billing-worker', '1'));
    const { source, sleeps, store } = await setup(config());
    const report = await source.sync();
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(3);
    // full jitter with random() = 0.5: 0.5 * 500 * 2^attempt
    expect(sleeps).toEqual([500, 1000]);
    expect(report.calls).toBe(3);
    expect(report.accounts[0].ok).toBe(true);
    const status = (await store.getSyncStatus()).find(
      s => s.source === 'cost-explorer',
    );
    expect(status?.callsToday).toBe(3);
  });

  it('gives up after maxAttempts and records the failure; other errors are not retried', async () => {
    ce.on(GetCostAndUsageCommand).rejects(throttle());
    const { source, store, sleeps } = await setup(config({ maxAttempts: 3 }));
    const report = await source.sync();
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(report.accounts[0]).toMatchObject({
      ok: false,
      error: 'Rate exceeded',
    });
    const status = (await store.getSyncStatus()).find(
      s => s.source === 'cost-explorer:222222222222',
    );
    expect(status?.lastError).toBe('Rate exceeded');

    ce.reset();
    ce.on(GetCostAndUsageCommand).rejects(
      Object.assign(new Error('denied'), { name: 'AccessDeniedException' }),
    );
    await source.sync();
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(1);
  });

  it('stops at the daily call cap without writing a partial range', async () => {
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce(page('2026-11-01', 'a', '1', 'p2'))
      .resolvesOnce(page('2026-11-02', 'a', '1', 'p3'))
      .resolvesOnce(page('2026-11-03', 'a', '1', 'p4'))
      .resolvesOnce(page('2026-11-04', 'a', '1'));
    const { source, store } = await setup(config({ dailyCallCap: 3 }));
    const report = await source.sync();
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(3);
    expect(report.calls).toBe(3);
    expect(report.accounts[0].ok).toBe(false);
    expect(report.accounts[0].error).toMatch(/daily call cap of 3 reached/);
    expect(await store.countRows()).toBe(0);
    // the same day: no call at all
    const again = await source.sync();
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(3);
    expect(again.calls).toBe(0);
  });

  it('stores the month-end forecast: month to date plus GetCostForecast', async () => {
    ce.on(GetCostAndUsageCommand).resolves(
      page('2026-11-10', 'billing-worker', '100'),
    );
    ce.on(GetCostForecastCommand).resolves({
      Total: { Amount: '250.123456789', Unit: 'USD' },
    } as any);
    const { source, store } = await setup(config({ forecast: true }));
    await source.sync();
    expect(
      ce.commandCalls(GetCostForecastCommand).map(c => c.args[0].input),
    ).toEqual([
      {
        TimePeriod: { Start: '2026-11-20', End: '2026-12-01' },
        Metric: 'AMORTIZED_COST',
        Granularity: 'MONTHLY',
      },
    ]);
    expect(await store.forecastFor('2026-11')).toBe(350_123_457n);
  });

  it('reads anomalies across pages', async () => {
    ce.on(GetCostAndUsageCommand).resolves(
      page('2026-11-10', 'billing-worker', '1'),
    );
    ce.on(GetAnomaliesCommand)
      .resolvesOnce({
        Anomalies: [
          {
            AnomalyId: 'a1',
            AnomalyStartDate: '2026-11-01',
            DimensionValue: 'Amazon MQ',
            MonitorArn: 'arn:monitor',
            AnomalyScore: { MaxScore: 1, CurrentScore: 1 },
            RootCauses: [
              {
                Service: 'Amazon MQ',
                UsageType: 'EU-mq.m5.large',
                Region: 'eu-west-1',
              },
            ],
            Impact: {
              MaxImpact: 20,
              TotalImpact: 300.5,
              TotalActualSpend: 600.5,
              TotalExpectedSpend: 300,
            },
          },
        ],
        NextPageToken: 'n2',
      } as any)
      .resolvesOnce({
        Anomalies: [
          {
            AnomalyId: 'a2',
            AnomalyStartDate: '2026-10-01',
            AnomalyEndDate: '2026-10-03',
            MonitorArn: 'arn:monitor',
            AnomalyScore: { MaxScore: 1, CurrentScore: 0 },
            Impact: { MaxImpact: 5 },
          },
        ],
      } as any);
    const { source, store } = await setup(config({ anomalies: true }));
    await source.sync();
    const calls = ce
      .commandCalls(GetAnomaliesCommand)
      .map(c => c.args[0].input);
    expect(calls).toEqual([
      { DateInterval: { StartDate: '2026-08-22', EndDate: '2026-11-20' } },
      {
        DateInterval: { StartDate: '2026-08-22', EndDate: '2026-11-20' },
        NextPageToken: 'n2',
      },
    ]);
    const stored = await store.anomalies();
    expect(
      stored.map(a => [
        a.id,
        a.startDay,
        a.endDay,
        a.impactMicros,
        a.actualMicros,
      ]),
    ).toEqual([
      ['222222222222:a1', '2026-11-01', null, 300_500_000n, 600_500_000n],
      ['222222222222:a2', '2026-10-01', '2026-10-03', 5_000_000n, 0n],
    ]);
    expect(stored[0].causes).toEqual([
      {
        dimension: 'awsService',
        key: 'Amazon MQ / EU-mq.m5.large / eu-west-1',
      },
    ]);
  });

  it('syncs two accounts with their own credentials; one failing does not stop the other', async () => {
    ce.on(GetCostAndUsageCommand)
      .rejectsOnce(
        Object.assign(new Error('no role'), { name: 'AccessDeniedException' }),
      )
      .resolves(page('2026-11-10', 'runway', '3'));
    const { source, store, clientsFor } = await setup(
      config({
        accounts: [
          { accountId: '111111111111', name: 'shared-services' },
          { accountId: '222222222222', name: 'workloads' },
        ],
      }),
    );
    const report = await source.sync();
    expect(clientsFor).toEqual(['111111111111', '222222222222']);
    expect(report.accounts.map(a => [a.accountId, a.ok])).toEqual([
      ['111111111111', false],
      ['222222222222', true],
    ]);
    expect(ce.commandCalls(GetCostAndUsageCommand)).toHaveLength(2);
    const rows = await store.knex('aws_cost_daily');
    expect(rows.map(r => [r.account_id, r.account_name])).toEqual([
      ['222222222222', 'workloads'],
    ]);
  });

  it("stores no amount or forecast in another currency than the dashboard's, and says so", async () => {
    ce.on(GetCostAndUsageCommand).resolves(page('2026-11-10', 'runway', '3'));
    ce.on(GetCostForecastCommand).resolves({
      Total: { Amount: '10', Unit: 'USD' },
    });
    const { source, store } = await setup(
      config({ forecast: true }),
      NOW,
      'EUR',
    );
    await source.sync();
    expect(await store.countRows()).toBe(0);
    expect(await store.forecastFor('2026-11')).toBeUndefined();
    const status = await store.getSyncStatus();
    expect(
      status.find(s => s.source.endsWith(':222222222222'))?.notices,
    ).toEqual([
      'Cost Explorer account 222222222222: 1 row billed in USD not imported (amounts are shown in EUR, never summed across currencies), cost 3.000000 USD',
      'Cost Explorer account 222222222222: forecast in USD not stored (amounts are shown in EUR)',
    ]);
  });

  it('is incremental: a later sync re-reads only the last refreshDays', async () => {
    ce.on(GetCostAndUsageCommand).resolves(page('2026-11-19', 'runway', '3'));
    const { store } = await setup(config());
    const first = new CostExplorerSource({
      config: config(),
      store,
      logger: mockServices.logger.mock(),
      tagKeys: DEFAULT_TAG_KEYS,
      clientFor: async () =>
        new CostExplorerClient({
          region: 'us-east-1',
          credentials: { accessKeyId: 't', secretAccessKey: 't' },
        }),
      now: () => NOW,
    });
    await first.sync();
    const later = new CostExplorerSource({
      config: config(),
      store,
      logger: mockServices.logger.mock(),
      tagKeys: DEFAULT_TAG_KEYS,
      clientFor: async () =>
        new CostExplorerClient({
          region: 'us-east-1',
          credentials: { accessKeyId: 't', secretAccessKey: 't' },
        }),
      now: () => new Date('2026-11-22T02:00:00Z'),
    });
    await later.sync();
    const inputs = ce
      .commandCalls(GetCostAndUsageCommand)
      .map(c => c.args[0].input.TimePeriod);
    expect(inputs).toEqual([
      { Start: '2025-11-01', End: '2026-11-20' },
      // last synced day 2026-11-19, refreshDays 3
      { Start: '2026-11-17', End: '2026-11-22' },
    ]);
    // the re-read day replaced, not duplicated
    expect(await store.countRows()).toBe(1);
  });
});
