import { ResponseCache } from './ResponseCache';

describe('ResponseCache', () => {
  it('computes one key once for 100 concurrent cold requests', async () => {
    const cache = new ResponseCache(60_000);
    let calls = 0;
    const compute = async () => {
      calls++;
      await new Promise(r => setTimeout(r, 20));
      return { total: 42 };
    };
    const answers = await Promise.all(
      Array.from({ length: 100 }, () => cache.get('summary', compute)),
    );
    expect(calls).toBe(1);
    expect(new Set(answers).size).toBe(1);
    expect(cache.computations).toBe(1);
  });

  it('does not keep failures and starts over after clear()', async () => {
    const cache = new ResponseCache(60_000);
    await expect(
      cache.get('k', async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
    await expect(cache.get('k', async () => 1)).resolves.toBe(1);
    await expect(cache.get('k', async () => 2)).resolves.toBe(1);
    cache.clear();
    await expect(cache.get('k', async () => 3)).resolves.toBe(3);
  });

  it('expires entries after the TTL', async () => {
    const cache = new ResponseCache(0);
    await cache.get('k', async () => 1);
    await new Promise(r => setTimeout(r, 2));
    await expect(cache.get('k', async () => 2)).resolves.toBe(2);
  });
});
