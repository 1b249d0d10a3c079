import {
  BURN_RATE_WINDOWS,
  RECORDING_WINDOWS,
  burnRateFactor,
  evaluateBurnRateAlerts,
} from './burnRateAlerts';

const DAY = 86400;

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

  it('records every window the conditions read', () => {
    const read = BURN_RATE_WINDOWS.flatMap(c => [c.long, c.short]);
    expect([...RECORDING_WINDOWS].sort()).toEqual([...new Set(read)].sort());
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

  it('reports each condition with its factor and whether it fires', () => {
    const { conditions } = evaluateBurnRateAlerts(
      { '1h': 0.02, '5m': 0.02 },
      0.999,
      30 * DAY,
    );
    expect(conditions.map(c => [c.long, c.factor, c.firing])).toEqual([
      ['1h', 14.4, true],
      ['6h', 6, false],
      ['1d', 3, false],
      ['3d', 1, false],
    ]);
  });
});
