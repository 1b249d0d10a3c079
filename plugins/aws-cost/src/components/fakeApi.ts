import {
  BreakdownRow,
  CostBreakdown,
  CostDataStatus,
  CostSummary,
  EntityCost,
  rangeForPreset,
} from '@runway/plugin-aws-cost-common';
import { AwsCostApi } from '../api';

export const status: CostDataStatus = {
  currency: 'USD',
  sample: true,
  lastDay: '2026-11-26',
  lastSyncAt: new Date().toISOString(),
  sources: [],
};

const row = (key: string, total: number, entityRef?: string): BreakdownRow => ({
  key,
  label: key,
  ...(entityRef ? { entityRef } : {}),
  total,
  change: { current: total, previous: total / 2, delta: total / 2, ratio: 1 },
  series: [
    { period: '2026-10', micros: total / 2 },
    { period: '2026-11', micros: total / 2 },
  ],
});

export const summary: CostSummary = {
  status,
  asOf: '2026-11-26',
  monthToDate: 12_345_670_000,
  lastMonth: 14_000_000_000,
  change: {
    current: 12_345_670_000,
    previous: 11_000_000_000,
    delta: 1_345_670_000,
    ratio: 0.1223,
  },
  forecastMonthEnd: 14_900_000_000,
  forecastSource: 'linear',
  unallocatedMonthToDate: 1_234_560_000,
  openAnomalies: 2,
};

/** A fake API recording the breakdown requests it answered. */
export function fakeApi(overrides: Partial<AwsCostApi> = {}) {
  const breakdownCalls: Array<Parameters<AwsCostApi['getBreakdown']>[0]> = [];
  const exports: Array<Parameters<AwsCostApi['exportCsv']>[0]> = [];
  const refusedDownloads: Array<
    Parameters<AwsCostApi['downloadRefusedRows']>[0]
  > = [];
  const api: AwsCostApi = {
    getSummary: async () => summary,
    getBreakdown: async options => {
      breakdownCalls.push(options);
      const rows: Record<string, BreakdownRow[]> = {
        team: [
          row('team-checkout', 8_000_000_000, 'group:default/team-checkout'),
          row('team-payments', 5_000_000_000, 'group:default/team-payments'),
          row('(unallocated)', 1_000_000_000),
        ],
        service: [
          row(
            'billing-worker',
            3_000_000_000,
            'component:default/billing-worker',
          ),
          row('payments-api', 2_000_000_000, 'component:default/payments-api'),
        ],
        awsService: [
          row('Amazon MQ', 1_500_000_000),
          row('Amazon Elastic Compute Cloud', 1_000_000_000),
        ],
      };
      const result = rows[options.dimension] ?? [];
      const breakdown: CostBreakdown = {
        status,
        dimension: options.dimension,
        granularity: options.granularity ?? 'monthly',
        // a named range ends on the last day with data, as the backend's
        ...(options.preset
          ? rangeForPreset(options.preset, summary.asOf)
          : {
              from: options.from ?? '2026-06-01',
              to: options.to ?? '2026-11-26',
            }),
        filter: options.filter ?? {},
        periods: ['2026-10', '2026-11'],
        rows: result,
        total: result.reduce((a, r) => a + r.total, 0),
        forecast: [{ period: '2026-11', micros: 3_000_000_000 }],
      };
      return breakdown;
    },
    getMovers: async () => ({
      status,
      dimension: 'service',
      from: '2026-11-01',
      to: '2026-11-26',
      previousFrom: '2026-10-06',
      previousTo: '2026-10-31',
      movers: [
        {
          key: 'billing-worker',
          label: 'billing-worker',
          change: {
            current: 2_000_000_000,
            previous: 1_000_000_000,
            delta: 1_000_000_000,
            ratio: 1,
          },
        },
      ],
    }),
    getAnomalies: async () => ({
      status,
      anomalies: [
        {
          id: 'a',
          source: 'detected',
          dimension: 'service',
          key: 'billing-worker',
          label: 'billing-worker',
          entityRef: 'component:default/billing-worker',
          startDay: '2026-11-01',
          lastDay: '2026-11-26',
          expected: 1_000_000_000,
          actual: 2_000_000_000,
          impact: 1_000_000_000,
          ratio: 2,
          status: 'open',
          causes: [
            {
              dimension: 'awsService',
              key: 'Amazon MQ / EU-mq.m5.large',
              impact: 500_000_000,
            },
          ],
        },
      ],
    }),
    getBudgets: async () => ({
      status,
      budgets: [
        {
          entityRef: 'group:default/team-payments',
          label: 'team-payments',
          month: '2026-11',
          budget: 9_000_000_000,
          actual: 6_000_000_000,
          forecast: 9_500_000_000,
          state: 'at-risk',
        },
      ],
    }),
    getEntityCost: async entityRef => {
      const cost: EntityCost = {
        status,
        entityRef,
        allocation: [{ tag: 'service', value: 'billing-worker' }],
        granularity: 'monthly',
        from: '2026-06-01',
        to: '2026-11-26',
        monthToDate: 2_000_000_000,
        lastMonth: 1_100_000_000,
        change: {
          current: 2_000_000_000,
          previous: 1_000_000_000,
          delta: 1_000_000_000,
          ratio: 1,
        },
        forecastMonthEnd: 2_300_000_000,
        series: [
          { period: '2026-10', micros: 1_100_000_000 },
          { period: '2026-11', micros: 2_000_000_000 },
        ],
        topAwsServices: [{ key: 'Amazon MQ', total: 900_000_000 }],
        includes: [entityRef],
      };
      return cost;
    },
    exportCsv: async options => {
      exports.push(options);
      return { blob: new Blob(['day,cost\n']), filename: 'aws-cost.csv' };
    },
    downloadRefusedRows: async options => {
      refusedDownloads.push(options);
      return {
        blob: new Blob(['source,file,line\n']),
        filename: 'aws-cost-refused-rows.csv',
      };
    },
    // 1.1 M requests in October, 2 M in November so far
    getRequests: async entityRef => ({
      entityRef,
      env: 'production',
      counters: [{ entityRef, slo: 'billing-worker-availability' }],
      months: [
        { month: '2026-10', requests: 1_100_000 },
        { month: '2026-11', requests: 2_000_000 },
      ],
      errors: [],
    }),
    ...overrides,
  };
  return { api, breakdownCalls, exports, refusedDownloads };
}
