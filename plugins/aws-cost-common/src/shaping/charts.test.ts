import fixture from '../__fixtures__/daily-by-service.json';
import { buildBreakdownRows } from './breakdown';
import { stackedChartData } from './charts';

describe('chart data', () => {
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
