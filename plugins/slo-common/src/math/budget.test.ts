import {
  budgetFromCounts,
  budgetFromErrorRatio,
  burnRate,
  sloStatus,
  timeToExhaustion,
} from './budget';

const DAY = 86400;

describe('budgets', () => {
  it('computes total, consumed and remaining budget from counts', () => {
    const b = budgetFromCounts(0.999, 999_500, 1_000_000);
    expect(b.budget).toBe(0.001);
    expect(b.allowedBadEvents).toBeCloseTo(1000, 9);
    expect(b.badEvents).toBe(500);
    expect(b.consumed).toBeCloseTo(0.5, 12);
    expect(b.remaining).toBeCloseTo(0.5, 12);
    expect(b.sli).toBeCloseTo(0.9995, 12);
  });

  it('goes negative when overspent and is full without events', () => {
    expect(budgetFromErrorRatio(0.99, 0.03).remaining).toBeCloseTo(-2, 12);
    expect(budgetFromErrorRatio(0.99, undefined)).toMatchObject({
      remaining: 1,
      sli: undefined,
    });
    expect(budgetFromErrorRatio(0.99, NaN).remaining).toBe(1);
  });

  it('computes burn rates and time to exhaustion', () => {
    expect(burnRate(0.0144, 0.999)).toBeCloseTo(14.4, 9);
    expect(burnRate(0, 0.999)).toBe(0);
    // half the budget left, burning at 2x on a 30-day window: 7.5 days
    expect(timeToExhaustion(0.5, 2, 30 * DAY)).toBeCloseTo(7.5 * DAY, 6);
    expect(timeToExhaustion(0.5, 0, 30 * DAY)).toBe(Infinity);
    expect(timeToExhaustion(-0.1, 3, 30 * DAY)).toBe(0);
  });

  it('derives a status from the remaining budget and alerts', () => {
    expect(sloStatus({ remaining: 0.8 })).toBe('healthy');
    expect(sloStatus({ remaining: 0.8, alerting: true })).toBe('warning');
    expect(sloStatus({ remaining: 0.2 })).toBe('warning');
    expect(sloStatus({ remaining: 0 })).toBe('exhausted');
    expect(sloStatus({ remaining: undefined })).toBe('unknown');
  });
});
