import fixture from './__fixtures__/daily-by-service.json';
import { periodsBetween, previousPeriod } from './dates';
import {
  anomalyCauses,
  breakdownTree,
  budgetState,
  buildBreakdownRows,
  costChange,
  detectAnomalies,
  forecastPoints,
  linearForecast,
  splitShared,
  stackedChartData,
  topMovers,
} from './shaping';

describe('dates', () => {
  it('lists periods and previous periods', () => {
    expect(periodsBetween('2026-01-30', '2026-02-02', 'daily')).toEqual([
      '2026-01-30',
      '2026-01-31',
      '2026-02-01',
      '2026-02-02',
    ]);
    expect(periodsBetween('2025-11-15', '2026-02-02', 'monthly')).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousPeriod('2026-03-10', '2026-03-19')).toEqual({
      from: '2026-02-28',
      to: '2026-03-09',
    });
  });
});

describe('shaping', () => {
  it('builds monthly series per key with totals and change', () => {
    const { periods, rows, total } = buildBreakdownRows({
      rows: fixture.daily,
      previous: [
        { key: 'checkout-api', micros: 100_000_000 },
        { key: 'gone-service', micros: 1_000_000 },
      ],
      from: '2026-10-01',
      to: '2026-11-20',
      granularity: 'monthly',
    });
    expect(periods).toEqual(['2026-10', '2026-11']);
    const checkout = rows.find(r => r.key === 'checkout-api')!;
    expect(checkout.series).toEqual([
      { period: '2026-10', micros: 31 * 12_340_000 },
      { period: '2026-11', micros: 20 * 12_340_000 },
    ]);
    expect(checkout.change.previous).toBe(100_000_000);
    const gone = rows.find(r => r.key === 'gone-service')!;
    expect(gone.total).toBe(0);
    expect(gone.change.delta).toBe(-1_000_000);
    expect(total).toBe(51 * 12_340_000 + 31 * 5_000_000 + 20 * 10_000_000);
    expect(rows[0].key).toBe('checkout-api');
  });

  it('computes change with a null ratio from zero', () => {
    expect(costChange(150, 100)).toEqual({
      current: 150,
      previous: 100,
      delta: 50,
      ratio: 0.5,
    });
    expect(costChange('5', 0).ratio).toBeNull();
  });

  it('finds top movers by absolute delta', () => {
    const movers = topMovers({
      current: [
        { key: 'a', micros: 10 },
        { key: 'b', micros: 100 },
        { key: 'c', micros: 5 },
      ],
      previous: [
        { key: 'a', micros: 50 },
        { key: 'b', micros: 90 },
        { key: 'c', micros: 5 },
      ],
      limit: 5,
    });
    expect(movers.map(m => [m.key, m.change.delta])).toEqual([
      ['a', -40],
      ['b', 10],
    ]);
  });

  it('forecasts the month end linearly from the last 7 days', () => {
    const billing = fixture.daily.filter(r => r.key === 'billing-worker');
    const f = linearForecast({ daily: billing, asOf: fixture.asOf });
    expect(f.monthToDate).toBe(200_000_000n);
    expect(f.dailyRate).toBe(10_000_000n);
    expect(f.forecastMonthEnd).toBe(300_000_000n);
    const points = forecastPoints({
      asOf: fixture.asOf,
      dailyRate: f.dailyRate,
      forecastMonthEnd: f.forecastMonthEnd,
      granularity: 'daily',
    });
    expect(points).toHaveLength(10);
    expect(points[0]).toEqual({ period: '2026-11-21', micros: 10_000_000 });
  });

  it('detects the billing-worker anomaly (spend doubled this month)', () => {
    const anomalies = detectAnomalies({
      dimension: 'service',
      daily: fixture.daily,
      asOf: fixture.asOf,
    });
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      key: 'billing-worker',
      startDay: '2026-11-01',
      expected: 100_000_000,
      actual: 200_000_000,
      impact: 100_000_000,
      ratio: 2,
      status: 'open',
    });
  });

  it('reports new spend without a baseline only when asked', () => {
    const daily = [
      { day: '2026-11-02', key: 'nat', micros: 60_000_000 },
      { day: '2026-10-02', key: 'old', micros: 1_000_000 },
    ];
    expect(
      detectAnomalies({ dimension: 'service', daily, asOf: '2026-11-05' }),
    ).toEqual([]);
    const found = detectAnomalies({
      dimension: 'service',
      daily,
      asOf: '2026-11-05',
      allowNew: true,
    });
    expect(found.map(a => [a.key, a.ratio, a.impact])).toEqual([
      ['nat', null, 60_000_000],
    ]);
  });

  it('explains anomalies by the sub-keys that grew', () => {
    expect(
      anomalyCauses({
        dimension: 'awsService',
        current: [
          { key: 'NAT Gateway', micros: 90 },
          { key: 'EC2', micros: 20 },
        ],
        baseline: [{ key: 'EC2', micros: 60 }],
        scale: { numerator: 1, denominator: 3 },
      }),
    ).toEqual([{ dimension: 'awsService', key: 'NAT Gateway', impact: 90 }]);
  });

  it('builds the team -> service -> AWS service tree', () => {
    const tree = breakdownTree([
      { path: ['team-payments', 'billing-worker', 'EC2'], micros: 5 },
      { path: ['team-payments', 'billing-worker', 'NAT'], micros: 7 },
      { path: ['team-payments', 'payments-api', 'RDS'], micros: 3 },
      { path: ['team-checkout', 'checkout-api', 'RDS'], micros: 4 },
    ]);
    expect(tree.map(n => [n.key, n.total])).toEqual([
      ['team-payments', 15],
      ['team-checkout', 4],
    ]);
    expect(tree[0].children[0].children.map(n => n.key)).toEqual([
      'NAT',
      'EC2',
    ]);
  });

  it('splits shared cost exactly by weights', () => {
    const parts = splitShared({
      shared: 1_000_001,
      weights: [
        { key: 'team-a', weight: 2 },
        { key: 'team-b', weight: 1 },
        { key: 'team-c', weight: 0 },
      ],
    });
    expect(parts).toEqual([
      { key: 'team-a', micros: 666_667 },
      { key: 'team-b', micros: 333_334 },
    ]);
  });

  it('reports budget state', () => {
    expect(budgetState(100, 50, 90)).toBe('ok');
    expect(budgetState(100, 50, 120)).toBe('at-risk');
    expect(budgetState(100, 101, 120)).toBe('over');
  });

  it('shapes stacked chart data with an Other bucket', () => {
    const { rows, periods } = buildBreakdownRows({
      rows: fixture.daily,
      from: '2026-11-01',
      to: '2026-11-02',
      granularity: 'daily',
    });
    const chart = stackedChartData(rows, periods, 1);
    expect(chart.keys).toEqual(['checkout-api', 'Other']);
    expect(chart.data[0]).toEqual({
      period: '2026-11-01',
      'checkout-api': 12.34,
      Other: 10,
    });
  });
});
