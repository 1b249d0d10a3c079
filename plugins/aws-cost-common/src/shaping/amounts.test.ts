import { costChange, sumByKey, toMicros } from './amounts';

describe('amounts', () => {
  it('computes change with a null ratio from zero', () => {
    expect(costChange(150, 100)).toEqual({
      current: 150,
      previous: 100,
      delta: 50,
      ratio: 0.5,
    });
    expect(costChange('5', 0).ratio).toBeNull();
  });

  it('reads amounts from either database driver exactly', () => {
    expect(toMicros('12345678901234567')).toBe(12_345_678_901_234_567n);
    expect(toMicros('1500.000')).toBe(1500n);
    expect(toMicros(42)).toBe(42n);
    expect(toMicros(null)).toBe(0n);
    expect(toMicros('')).toBe(0n);
    expect(() => toMicros(1.5)).toThrow(TypeError);
  });

  it('sums amounts per key', () => {
    expect([
      ...sumByKey([
        { key: 'a', micros: 1 },
        { key: 'b', micros: '2' },
        { key: 'a', micros: 3n },
      ]),
    ]).toEqual([
      ['a', 4n],
      ['b', 2n],
    ]);
  });
});
