import { splitSharedRows } from './sharedSplit';

const rows = (period: string, amounts: Record<string, bigint>) =>
  Object.entries(amounts).map(([key, micros]) => ({ period, key, micros }));

const byKey = (out: ReturnType<typeof splitSharedRows>) =>
  out.map(r => [r.period, r.key, r.micros]);

describe('splitSharedRows', () => {
  it('spreads shared spend by direct spend per period; unallocated takes none', () => {
    const out = splitSharedRows(
      [
        ...rows('2026-10', {
          'team-a': 100n,
          'team-b': 50n,
          '(shared)': 30n,
          '(unallocated)': 20n,
        }),
        ...rows('2026-11', { 'team-a': 10n, '(shared)': 7n }),
      ],
      { sharedSplit: 'proportional', sharedWeights: {} },
    );
    expect(byKey(out)).toEqual([
      ['2026-10', 'team-a', 120n],
      ['2026-10', 'team-b', 60n],
      ['2026-10', '(unallocated)', 20n],
      ['2026-11', 'team-a', 17n],
    ]);
  });

  it('spreads by declared weights, to teams without spend too', () => {
    const out = splitSharedRows(
      rows('2026-10', { 'team-a': 100n, '(shared)': 40n }),
      { sharedSplit: 'weights', sharedWeights: { 'team-a': 1, 'team-c': 3 } },
    );
    expect(byKey(out)).toEqual([
      ['2026-10', 'team-a', 110n],
      ['2026-10', 'team-c', 30n],
    ]);
  });

  it('keeps shared spend no team can carry, and sums repeated keys', () => {
    const out = splitSharedRows(
      [
        ...rows('2026-10', { '(unallocated)': 5n, '(shared)': 9n }),
        ...rows('2026-10', { '(unallocated)': 1n }),
      ],
      { sharedSplit: 'proportional', sharedWeights: {} },
    );
    expect(byKey(out)).toEqual([
      ['2026-10', '(unallocated)', 6n],
      ['2026-10', '(shared)', 9n],
    ]);
  });
});
