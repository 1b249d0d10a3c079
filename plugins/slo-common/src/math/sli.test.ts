import { ratioSli, thresholdSli } from './sli';

describe('SLIs', () => {
  it('computes ratio SLIs, undefined without events', () => {
    expect(ratioSli(999, 1000)).toBeCloseTo(0.999, 12);
    expect(ratioSli(0, 0)).toBeUndefined();
  });

  it('clamps ratio SLIs to [0, 1]', () => {
    expect(ratioSli(1100, 1000)).toBe(1);
    expect(ratioSli(-5, 1000)).toBe(0);
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

  it('reads unsorted buckets and falls back to the largest bound without +Inf', () => {
    const buckets = [
      { le: 1, count: 80 },
      { le: 0.1, count: 40 },
    ];
    expect(thresholdSli(buckets, 0.1)).toBeCloseTo(0.5, 12);
  });
});
