import { RecentKeys } from './RecentKeys';

describe('RecentKeys', () => {
  it('adds a key once, forgets the least recently seen beyond its size', () => {
    const keys = new RecentKeys(2);
    expect(keys.add('a')).toBe(true);
    expect(keys.add('b')).toBe(true);
    expect(keys.add('a')).toBe(false); // a is now the most recent
    expect(keys.add('c')).toBe(true); // forgets b
    expect(keys.add('a')).toBe(false);
    expect(keys.add('b')).toBe(true);
    keys.delete('b');
    expect(keys.add('b')).toBe(true);
  });
});
