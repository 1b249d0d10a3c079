import { SloSummary } from '@runway/plugin-slo-common';
import {
  budgetPercent,
  burnRateText,
  byRemainingBudget,
  chartPoints,
  dataAge,
  distinct,
  durationText,
  filterSlos,
  ownerName,
  percent,
  windowText,
} from './format';

const slo = (over: Partial<SloSummary>): SloSummary => ({
  entityRef: 'component:default/x',
  name: 'x-availability',
  service: 'x',
  objective: 0.999,
  window: '30d',
  sliType: 'ratio',
  alerts: { page: false, ticket: false },
  status: 'healthy',
  evaluatedAt: '2026-11-27T16:00:00Z',
  ...over,
});

describe('format', () => {
  it('formats percentages, burn rates and durations with units', () => {
    expect(percent(0.9995)).toBe('99.95 %');
    expect(percent(undefined)).toBe('–');
    expect(budgetPercent(-0.123)).toBe('-12.3 %');
    expect(burnRateText(14.4)).toBe('14.4x');
    expect(burnRateText(0.5)).toBe('0.50x');
    expect(durationText(3 * 86400 + 4 * 3600)).toBe('3d 4h');
    expect(durationText(5 * 3600 + 600)).toBe('5h 10m');
    expect(durationText(null)).toBe('never');
    expect(windowText('30d')).toBe('30 days');
    expect(windowText('calendar-month')).toBe('calendar month');
    expect(ownerName('group:default/team-checkout')).toBe('team-checkout');
  });

  it('says how old data is', () => {
    const now = Date.parse('2026-11-27T16:00:00Z');
    expect(dataAge('2026-11-27T16:00:00Z', now)).toBe('just now');
    expect(dataAge('2026-11-27T15:59:18Z', now)).toBe('42 s ago');
    expect(dataAge('2026-11-27T15:57:00Z', now)).toBe('3 min ago');
    expect(dataAge(undefined, now)).toBe('unknown');
  });

  it('sorts by remaining budget and filters by owner and tier', () => {
    const items = [
      slo({ name: 'a', remaining: 0.8, owner: 'group:default/t1', tier: '1' }),
      slo({
        name: 'b',
        remaining: undefined,
        owner: 'group:default/t2',
        tier: '2',
      }),
      slo({ name: 'c', remaining: 0.1, owner: 'group:default/t1', tier: '2' }),
    ];
    expect(byRemainingBudget(items).map(s => s.name)).toEqual(['c', 'a', 'b']);
    expect(
      filterSlos(items, { owner: 'group:default/t1' }).map(s => s.name),
    ).toEqual(['a', 'c']);
    expect(filterSlos(items, { tier: '2' }).map(s => s.name)).toEqual([
      'b',
      'c',
    ]);
    expect(distinct(items.map(s => s.tier))).toEqual(['1', '2']);
    expect(chartPoints([{ t: 10, remaining: 0.1234 }])).toEqual([
      { time: 10000, remaining: 12.3 },
    ]);
  });
});
