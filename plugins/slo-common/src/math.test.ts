import {
  budgetFromCounts,
  budgetFromErrorRatio,
  burnRate,
  burnRateFactor,
  BURN_RATE_WINDOWS,
  calendarMonthRange,
  counterDelta,
  evaluateBurnRateAlerts,
  lastCalendarMonths,
  prometheusIncrease,
  ratioSli,
  Sample,
  sloStatus,
  thresholdSli,
  timeToExhaustion,
  windowRange,
  windowSeconds,
} from './math';

const DAY = 86400;

describe('SLIs', () => {
  it('computes ratio SLIs, undefined without events', () => {
    expect(ratioSli(999, 1000)).toBeCloseTo(0.999, 12);
    expect(ratioSli(0, 0)).toBeUndefined();
  });

  it('computes threshold SLIs from cumulative buckets, conservatively between bounds', () => {
    const buckets = [
      { le: 0.1, count: 700 },
      { le: 0.3, count: 950 },
      { le: 1, count: 990 },
      { le: Infinity, count: 1000 },
    ];
    expect(thresholdSli(buckets, 0.3)).toBeCloseTo(0.95, 12);
    // 0.5 is not a bound: the 0.3 bucket counts, never a slower one
    expect(thresholdSli(buckets, 0.5)).toBeCloseTo(0.95, 12);
    expect(thresholdSli(buckets, 0.05)).toBe(0);
    expect(thresholdSli([], 0.3)).toBeUndefined();
  });
});

describe('windows', () => {
  const now = Date.UTC(2026, 10, 27, 16, 30) / 1000;

  it('rolls 7d, 28d and 30d windows back from now', () => {
    for (const days of [7, 28, 30]) {
      expect(
        windowRange(
          { type: 'rolling', duration: `${days}d`, seconds: days * DAY },
          now,
        ),
      ).toEqual({ start: now - days * DAY, end: now });
    }
  });

  it('starts calendar months on the 1st (UTC), including February and year ends', () => {
    expect(
      windowRange({ type: 'calendar-month', timeZone: 'UTC' }, now),
    ).toEqual({
      start: Date.UTC(2026, 10, 1) / 1000,
      end: now,
    });
    const feb = calendarMonthRange(Date.UTC(2028, 1, 15) / 1000);
    expect((feb.end - feb.start) / DAY).toBe(29);
    expect(
      lastCalendarMonths(Date.UTC(2026, 0, 10) / 1000, 3).map(m => m.month),
    ).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(windowSeconds({ type: 'calendar-month', timeZone: 'UTC' })).toBe(
      30 * DAY,
    );
  });
});

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

describe('multi-window multi-burn-rate alerts', () => {
  it('uses the SRE workbook factors for 30 days and scales them for other windows', () => {
    expect(BURN_RATE_WINDOWS.map(c => burnRateFactor(c, 30 * DAY))).toEqual([
      14.4, 6, 3, 1,
    ]);
    expect(BURN_RATE_WINDOWS.map(c => burnRateFactor(c, 28 * DAY))).toEqual([
      13.44, 5.6, 2.8, 0.933333333333,
    ]);
    expect(BURN_RATE_WINDOWS.map(c => burnRateFactor(c, 7 * DAY))).toEqual([
      3.36, 1.4, 0.7, 0.233333333333,
    ]);
  });

  it('pages only when both the long and the short window burn fast', () => {
    const budget = 0.001;
    const fast = 14.5 * budget;
    const evaluate = (r: Record<string, number>) =>
      evaluateBurnRateAlerts(r, 0.999, 30 * DAY);
    expect(evaluate({ '1h': fast, '5m': fast })).toMatchObject({
      page: true,
      ticket: false,
    });
    // the incident is over: the short window recovered
    expect(evaluate({ '1h': fast, '5m': 0 }).page).toBe(false);
    // just at the threshold does not fire (strictly greater, as the rule)
    expect(evaluate({ '1h': 14.4 * budget, '5m': 1 }).page).toBe(false);
    expect(evaluate({ '6h': 7 * budget, '30m': 7 * budget }).page).toBe(true);
    expect(evaluate({ '1d': 3.5 * budget, '2h': 3.5 * budget })).toMatchObject({
      page: false,
      ticket: true,
    });
    expect(evaluate({ '3d': 1.2 * budget, '6h': 1.2 * budget }).ticket).toBe(
      true,
    );
    expect(evaluate({ '3d': NaN, '6h': 1 }).ticket).toBe(false);
  });
});

describe('counters as Prometheus reads them', () => {
  it('treats a drop as a reset from zero', () => {
    expect(
      counterDelta([
        [0, 10],
        [60, 20],
        [120, 5],
        [180, 15],
      ]),
    ).toBe(10 + 5 + 10);
  });

  it('counts what happened during a scrape gap in the next sample', () => {
    expect(
      counterDelta([
        [0, 0],
        [60, 10],
        [1860, 310],
        [1920, 320],
      ]),
    ).toBe(320);
  });

  it('extrapolates increase() like Prometheus', () => {
    // 10 per minute, samples every 60 s from t=60 to t=600, range (0, 600]
    const samples: Sample[] = Array.from({ length: 10 }, (_, i) => [
      60 * (i + 1),
      10 * (i + 1),
    ]);
    // sampled 540 s with 90; extends 60 s to the start (< 1.1 intervals) but
    // no further than where the counter would have been zero (t=50... here 60 s)
    expect(prometheusIncrease(samples, 600, 600)).toBeCloseTo(100, 9);
    // series stops 300 s before the range end: only half an interval added
    expect(prometheusIncrease(samples, 900, 900)).toBeCloseTo(
      (90 * (540 + 60 + 30)) / 540,
      9,
    );
    expect(prometheusIncrease([[10, 1]], 60, 60)).toBeUndefined();
    // reset in the middle
    const reset: Sample[] = [
      [60, 100],
      [120, 110],
      [180, 5],
      [240, 15],
    ];
    expect(prometheusIncrease(reset, 240, 180)).toBeCloseTo(25, 9);
  });
});
