import { budgetState, splitShared } from './budgets';

describe('budgets and shared cost', () => {
  it('splits shared cost exactly by weights', () => {
    const parts = splitShared({
      shared: 1_000_001,
      weights: [
        { key: 'team-a', weight: 2 },
        { key: 'team-b', weight: 1 },
        { key: 'team-c', weight: 0 },
      ],
    });
    expect(parts).toEqual([
      { key: 'team-a', micros: 666_667 },
      { key: 'team-b', micros: 333_334 },
    ]);
  });

  it('reports budget state', () => {
    expect(budgetState(100, 50, 90)).toBe('ok');
    expect(budgetState(100, 50, 120)).toBe('at-risk');
    expect(budgetState(100, 101, 120)).toBe('over');
  });
});
