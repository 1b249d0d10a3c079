import { CacheService } from '@backstage/backend-plugin-api';
import { TestCaches } from '@backstage/backend-test-utils';

/** The Keyv store `TestCaches.init` returns (memory, or Redis when provided). */
type KeyvStore = Awaited<ReturnType<TestCaches['init']>>['keyv'];

/**
 * A `CacheService` over one Keyv store, as Backstage's cache client uses
 * it: give the same store to two plugin instances to stand in for two
 * replicas sharing Redis.
 */
export function cacheOver(keyv: KeyvStore): CacheService {
  const service: CacheService = {
    get: async key => (await keyv.get(key)) ?? undefined,
    set: async (key, value, options) => {
      const ttl = options?.ttl;
      await keyv.set(key, value, typeof ttl === 'number' ? ttl : undefined);
    },
    delete: async key => {
      await keyv.delete(key);
    },
    withOptions: () => service,
  };
  return service;
}

/**
 * The memory store always; Redis too when the run provides one
 * (BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING).
 */
export function answerCaches(): TestCaches {
  return TestCaches.create({
    ids: process.env.BACKSTAGE_TEST_CACHE_REDIS7_CONNECTION_STRING
      ? ['MEMORY', 'REDIS_7']
      : ['MEMORY'],
  });
}
