import {
  canDrill,
  currentDimension,
  drillFilter,
  DrillStep,
  granularityForPreset,
  nextDimension,
  rangeForPreset,
  selectedRange,
  UNTAGGED_PATH,
} from './selection';

const asOf = '2026-11-26';

describe('rangeForPreset', () => {
  it('ends every preset on the last day with data', () => {
    expect(rangeForPreset('mtd', asOf)).toEqual({
      from: '2026-11-01',
      to: asOf,
    });
    expect(rangeForPreset('30d', asOf)).toEqual({
      from: '2026-10-28',
      to: asOf,
    });
    expect(rangeForPreset('6m', asOf)).toEqual({
      from: '2026-06-01',
      to: asOf,
    });
    expect(rangeForPreset('12m', asOf)).toEqual({
      from: '2025-12-01',
      to: asOf,
    });
  });

  it('crosses year ends and month lengths', () => {
    expect(rangeForPreset('30d', '2026-03-01')).toEqual({
      from: '2026-01-31',
      to: '2026-03-01',
    });
    expect(rangeForPreset('6m', '2026-02-28')).toEqual({
      from: '2025-09-01',
      to: '2026-02-28',
    });
  });
});

describe('selectedRange', () => {
  it('uses the custom range once both days are set', () => {
    const custom = { from: '2026-09-15', to: '2026-10-15' };
    expect(selectedRange('custom', custom, asOf)).toBe(custom);
  });

  it('falls back to the last 6 months while a custom day is missing', () => {
    expect(
      selectedRange('custom', { from: '2026-09-15', to: '' }, asOf),
    ).toEqual({ from: '2026-06-01', to: asOf });
  });

  it('ignores the custom days for the other presets', () => {
    expect(
      selectedRange('mtd', { from: '2026-09-15', to: '2026-10-15' }, asOf),
    ).toEqual({ from: '2026-11-01', to: asOf });
  });
});

describe('granularityForPreset', () => {
  it('switches short ranges to daily and a year to monthly', () => {
    expect(granularityForPreset('mtd')).toBe('daily');
    expect(granularityForPreset('30d')).toBe('daily');
    expect(granularityForPreset('12m')).toBe('monthly');
    expect(granularityForPreset('6m')).toBeUndefined();
    expect(granularityForPreset('custom')).toBeUndefined();
  });
});

describe('drill-down', () => {
  const path: DrillStep[] = [
    { dimension: 'team', key: 'team-payments', label: 'team-payments' },
    { dimension: 'service', key: 'billing-worker', label: 'billing-worker' },
  ];

  it('goes team -> service -> AWS service', () => {
    expect(currentDimension('team', [])).toBe('team');
    expect(currentDimension('team', path.slice(0, 1))).toBe('service');
    expect(currentDimension('team', path)).toBe('awsService');
    expect(nextDimension('team')).toBe('service');
    expect(nextDimension('service')).toBe('awsService');
    expect(nextDimension('awsService')).toBeUndefined();
  });

  it('starts from the "View by" dimension', () => {
    expect(currentDimension('account', [])).toBe('account');
    expect(currentDimension('service', UNTAGGED_PATH)).toBe('awsService');
  });

  it('drills into teams and services but not into unallocated spend', () => {
    expect(canDrill('team', 'team-payments')).toBe(true);
    expect(canDrill('service', 'billing-worker')).toBe(true);
    expect(canDrill('team', '(unallocated)')).toBe(false);
    expect(canDrill('awsService', 'Amazon MQ')).toBe(false);
    expect(canDrill('account', '123456789012')).toBe(false);
  });

  it('filters by every step of the path', () => {
    expect(drillFilter([])).toEqual({});
    expect(drillFilter(path)).toEqual({
      team: 'team-payments',
      service: 'billing-worker',
    });
    expect(drillFilter(UNTAGGED_PATH)).toEqual({ service: '(unallocated)' });
  });
});
