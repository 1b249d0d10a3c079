import fixture from '../__fixtures__/daily-by-service.json';
import { forecastPoints, linearForecast, monthProgress } from './forecast';

describe('forecasts', () => {
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

  it('forecasts a monthly chart as one point for the current month', () => {
    expect(
      forecastPoints({
        asOf: '2026-11-20',
        dailyRate: 10n,
        forecastMonthEnd: 300n,
        granularity: 'monthly',
      }),
    ).toEqual([{ period: '2026-11', micros: 300 }]);
  });

  it('reports month progress', () => {
    expect(monthProgress('2026-02-10')).toEqual({ elapsed: 10, total: 28 });
  });
});
