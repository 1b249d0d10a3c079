/*
 * Backstage's cache service, with a Redis connection that survives Redis.
 *
 * `backend.cache.store: redis` (production: ElastiCache) gives each plugin a
 * Keyv store over a node-redis client, and nothing listens to that client's
 * `error` event. When Redis goes away, the client emits `error` as the socket
 * closes; with no listener the emit throws (Backstage logs an "Uncaught
 * exception Socket closed unexpectedly"), the client never starts to
 * reconnect, and every later cache call waits in the client's offline queue
 * for good: answers that use the cache hang until the replica is restarted,
 * even after Redis is back (backstage/backstage#31742).
 *
 * This factory is Backstage's own (`CacheManager.fromConfig`, the same config
 * keys and stores) and adds one listener to each plugin's Redis client: a
 * lost connection is logged once, the client reconnects with its backoff,
 * and the plugin's cache works again as soon as Redis does. Calls made while
 * Redis is away still wait for the reconnection; callers that must answer
 * meanwhile bound them (the cost plugin's answer cache does).
 */
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';

/** What this module needs of a node-redis client. */
export type RedisClientEvents = {
  on(event: 'error' | 'ready', listener: (error?: Error) => void): unknown;
};

const watched = new WeakSet<object>();

/**
 * Listens to a Redis client's `error` event (so the client reconnects
 * instead of throwing) and logs one warning per outage and one line when
 * the connection is back. A client already watched is left as it is.
 */
export function watchRedisClient(
  client: RedisClientEvents,
  options: { logger: LoggerService; pluginId: string },
): void {
  if (watched.has(client)) return;
  watched.add(client);
  let down = false;
  client.on('error', error => {
    if (down) return;
    down = true;
    options.logger.warn(
      `Redis cache of plugin ${
        options.pluginId
      } is unreachable, reconnecting: ${error?.message ?? error}`,
    );
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    options.logger.info(
      `Redis cache of plugin ${options.pluginId} is reachable again`,
    );
  });
}

/**
 * The node-redis client behind a plugin's Keyv store in Backstage's
 * CacheManager, or undefined when the store is not Redis or its shape
 * changed (then the warning names this module).
 */
export function redisClientOf(
  manager: CacheManager,
  pluginId: string,
): RedisClientEvents | undefined {
  // CacheManager keeps one Keyv store per plugin; getClientWithTtl returns a
  // Keyv over it (Keyv's `store`, @keyv/redis's `client`)
  const keyv = (
    manager as unknown as {
      getClientWithTtl?(id: string, ttl?: number): { store?: unknown };
    }
  ).getClientWithTtl?.(pluginId, undefined);
  const client = (keyv?.store as { client?: unknown } | undefined)?.client;
  if (client && typeof (client as RedisClientEvents).on === 'function') {
    return client as RedisClientEvents;
  }
  return undefined;
}

/** `coreServices.cache` as Backstage's, with each plugin's Redis client watched. */
export const cacheServiceFactory = createServiceFactory({
  service: coreServices.cache,
  deps: {
    config: coreServices.rootConfig,
    plugin: coreServices.pluginMetadata,
    logger: coreServices.rootLogger,
  },
  async createRootContext({ config, logger }) {
    return {
      manager: CacheManager.fromConfig(config, { logger }),
      redis: config.getOptionalString('backend.cache.store') === 'redis',
      logger: logger.child({ type: 'cacheManager' }),
    };
  },
  async factory({ plugin }, { manager, redis, logger }) {
    const pluginId = plugin.getId();
    const cache = manager.forPlugin(pluginId);
    if (redis) {
      const client = redisClientOf(manager, pluginId);
      if (client) {
        watchRedisClient(client, { logger, pluginId });
      } else {
        logger.warn(
          `Cannot watch the Redis cache client of plugin ${pluginId} (packages/backend/src/cache.ts): it will not reconnect after losing Redis`,
        );
      }
    }
    return cache;
  },
});
