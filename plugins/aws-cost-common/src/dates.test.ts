import { periodsBetween, previousPeriod } from './dates';

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
