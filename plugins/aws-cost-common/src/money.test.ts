import {
  divideMicros,
  formatMoney,
  microsToDecimalString,
  parseMicros,
  splitMicros,
  sumMicros,
} from './money';

describe('money', () => {
  it.each([
    ['12.5', 12_500_000n],
    ['-0.25', -250_000n],
    ['0.0000005', 1n],
    ['0.00000049', 0n],
    ['-0.0000005', -1n],
    ['1.2E-5', 12n],
    ['3e2', 300_000_000n],
    ['.5', 500_000n],
    ['  7 ', 7_000_000n],
    ['123456789.123456', 123_456_789_123_456n],
  ])('parses %s exactly', (text, micros) => {
    expect(parseMicros(text)).toBe(micros);
  });

  it.each(['', 'abc', '1.2.3', '1,5', '--1', 'NaN', '.'])(
    'rejects %j',
    text => {
      expect(parseMicros(text)).toBeUndefined();
    },
  );

  it('sums without float drift', () => {
    const tenCents = parseMicros('0.1')!;
    expect(sumMicros(Array(10).fill(tenCents))).toBe(1_000_000n);
    // the float sum would be 0.9999999999999999
    expect(
      Array(10)
        .fill(0.1)
        .reduce((a, b) => a + b, 0),
    ).not.toBe(1);
  });

  it('splits exactly with largest remainders', () => {
    expect(splitMicros(100n, [1n, 1n, 1n])).toEqual([34n, 33n, 33n]);
    expect(splitMicros(-100n, [1n, 1n, 1n])).toEqual([-34n, -33n, -33n]);
    expect(splitMicros(10n, [0n, 0n])).toEqual([0n, 0n]);
    const parts = splitMicros(1_000_001n, [3n, 5n, 7n]);
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(1_000_001n);
  });

  it('divides rounding half away from zero', () => {
    expect(divideMicros(5n, 2n)).toBe(3n);
    expect(divideMicros(-5n, 2n)).toBe(-3n);
    expect(divideMicros(4n, 3n)).toBe(1n);
    expect(divideMicros(4n, 0n)).toBe(0n);
  });

  it('formats once for display', () => {
    expect(formatMoney(12_345_678, 'USD')).toBe('$12.35');
    expect(formatMoney(12_345_678_000, 'USD', { compact: true })).toBe(
      '$12.3K',
    );
    expect(formatMoney(-1_500_000, 'EUR')).toBe('-€1.50');
    expect(microsToDecimalString(-1_234_567n)).toBe('-1.234567');
    expect(microsToDecimalString(5)).toBe('0.000005');
  });
});
