import { counterDelta, prometheusIncrease, Sample } from './counters';

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
