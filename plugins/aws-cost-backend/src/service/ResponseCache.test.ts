import { CacheService } from '@backstage/backend-plugin-api';
import { answerCaches, cacheOver } from '../__testUtils__/sharedCache';
import { ResponseCache } from './ResponseCache';

const caches = answerCaches();

describe.each(caches.eachSupportedId())('ResponseCache on %s', cacheId => {
  let shared: CacheService;

  beforeEach(async () => {
    shared = cacheOver((await caches.init(cacheId)).keyv);
  });

  it('computes one key once for 100 concurrent cold requests', async () => {
    const cache = new ResponseCache({ cache: shared, ttlMs: 60_000 });
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>(r => {
      release = r;
    });
    const compute = async () => {
      calls++;
      await gate;
      return { total: 42 };
    };
    const answers = Promise.all(
      Array.from({ length: 100 }, () => cache.get('summary', compute)),
    );
    // every request is waiting on the one computation before it finishes
    await new Promise(r => setImmediate(r));
    release();
    expect(await answers).toEqual(
      Array.from({ length: 100 }, () => ({ total: 42 })),
    );
    expect(calls).toBe(1);
    expect(cache.computations).toBe(1);
  });

  it('shares answers across replicas, and an invalidation on one reaches the other at once', async () => {
    const a = new ResponseCache({ cache: shared, ttlMs: 60_000 });
    const b = new ResponseCache({ cache: shared, ttlMs: 60_000 });
    await expect(b.get('summary', async () => ({ mtd: 1 }))).resolves.toEqual({
      mtd: 1,
    });
    // A reads B's answer without computing
    await expect(a.get('summary', async () => ({ mtd: 99 }))).resolves.toEqual({
      mtd: 1,
    });
    expect(a.computations).toBe(0);
    // a sync on A: B's next answer is computed from the new data
    await a.invalidate();
    await expect(b.get('summary', async () => ({ mtd: 2 }))).resolves.toEqual({
      mtd: 2,
    });
    await expect(a.get('summary', async () => ({ mtd: 99 }))).resolves.toEqual({
      mtd: 2,
    });
  });

  it('does not keep failures', async () => {
    const cache = new ResponseCache({ cache: shared, ttlMs: 60_000 });
    await expect(
      cache.get('k', async () => {
        throw new Error('store down');
      }),
    ).rejects.toThrow('store down');
    await expect(cache.get('k', async () => 1)).resolves.toBe(1);
    await expect(cache.get('k', async () => 2)).resolves.toBe(1);
  });

  it('keeps no answer larger than the bound, and none past the TTL', async () => {
    const small = new ResponseCache({
      cache: shared,
      ttlMs: 60_000,
      maxValueBytes: 64,
    });
    await small.get('big', async () => 'x'.repeat(100));
    await expect(small.get('big', async () => 'y')).resolves.toBe('y');

    // at most maxEntries answers per replica: the oldest is deleted
    const few = new ResponseCache({
      cache: shared,
      ttlMs: 60_000,
      maxEntries: 2,
    });
    await few.get('k1', async () => 1);
    await few.get('k2', async () => 2);
    await few.get('k3', async () => 3);
    await expect(few.get('k3', async () => 30)).resolves.toBe(3);
    await expect(few.get('k1', async () => 10)).resolves.toBe(10);

    const expired = new ResponseCache({ cache: shared, ttlMs: 1 });
    await expired.get('k2', async () => 1);
    await new Promise(r => setTimeout(r, 5));
    await expect(expired.get('k2', async () => 2)).resolves.toBe(2);
  });
});

describe('ResponseCache with a failing cache', () => {
  it('computes the answer and logs the failure', async () => {
    const broken: CacheService = {
      get: async () => {
        throw new Error('redis: connection refused');
      },
      set: async () => {
        throw new Error('redis: connection refused');
      },
      delete: async () => {},
      withOptions: () => broken,
    };
    const warn = jest.fn();
    const cache = new ResponseCache({
      cache: broken,
      ttlMs: 60_000,
      logger: { warn } as any,
    });
    await expect(cache.get('k', async () => 7)).resolves.toBe(7);
    expect(warn).toHaveBeenCalledWith(
      'The answer cache failed, computing instead: redis: connection refused',
    );
  });
});

describe('ResponseCache with a cache that does not answer', () => {
  it('computes after the timeout, leaves the cache alone for a while, and uses it again once it answers', async () => {
    const entries = new Map<string, unknown>();
    let down = true;
    let calls = 0;
    const never = new Promise<never>(() => {});
    const redis: CacheService = {
      get: async key => {
        calls++;
        return down ? never : (entries.get(key) as any);
      },
      set: async (key, value) => {
        calls++;
        if (down) return never;
        entries.set(key, value);
        return undefined;
      },
      delete: async () => {},
      withOptions: () => redis,
    };
    let now = 1_000_000;
    const warn = jest.fn();
    const cache = new ResponseCache({
      cache: redis,
      ttlMs: 60_000,
      timeoutMs: 20,
      bypassMs: 10_000,
      now: () => now,
      logger: { warn } as any,
    });
    // the first request waits for the timeout only, then computes
    await expect(cache.get('k', async () => 1)).resolves.toBe(1);
    expect(warn).toHaveBeenCalledWith(
      'The answer cache failed, computing instead: the cache did not answer within 20 ms',
    );
    // within the bypass window the cache is not asked
    const asked = calls;
    await expect(cache.get('k', async () => 2)).resolves.toBe(2);
    expect(calls).toBe(asked);
    // the cache is back: after the window it is used again
    down = false;
    now += 10_001;
    await expect(cache.get('k', async () => 3)).resolves.toBe(3);
    await expect(cache.get('k', async () => 4)).resolves.toBe(3);
    expect(cache.computations).toBe(3);
  });

  it('does not fail an invalidation the cache cannot take', async () => {
    const hanging: CacheService = {
      get: () => new Promise(() => {}),
      set: () => new Promise(() => {}),
      delete: async () => {},
      withOptions: () => hanging,
    };
    const warn = jest.fn();
    const cache = new ResponseCache({
      cache: hanging,
      ttlMs: 60_000,
      timeoutMs: 20,
      logger: { warn } as any,
    });
    await expect(cache.invalidate()).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      'The answer cache could not be invalidated: the cache did not answer within 20 ms',
    );
  });
});
