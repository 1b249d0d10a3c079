import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { createHash, randomUUID } from 'node:crypto';

/** The cache key of the current generation. */
const GENERATION_KEY = 'answers:generation';

/**
 * Computed answers in Backstage's cache service (`coreServices.cache`:
 * Redis or Memcached in production, memory in development), shared by every
 * replica. Every key includes the current generation, a token kept in the
 * same cache; `invalidate()` (after each sync or import) replaces it, so
 * every replica stops serving older answers at once. Entries expire after
 * the TTL; an answer larger than `maxValueBytes` is not kept; each replica
 * keeps at most `maxEntries` answers it wrote (the oldest is deleted, and
 * an invalidation deletes them all), so a store that only drops expired
 * entries when they are read (the memory store) stays bounded. Concurrent
 * misses for one key on one replica share one computation. A cache that
 * fails or does not answer within `timeoutMs` (Redis down: its client waits
 * for a reconnection) is logged and bypassed: the answer is computed, and
 * for the next `bypassMs` the cache is not asked at all, so an outage costs
 * one timeout per `bypassMs` instead of one per request; then the cache is
 * tried again and used as soon as it answers. An invalidation that cannot
 * reach the cache is logged: a cache that kept its entries through the
 * outage may then serve answers up to the TTL old.
 *
 * Callers check permissions BEFORE asking the cache, so an answer is never
 * served to a user who may not see it.
 */
export class ResponseCache {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private pendingGeneration: Promise<string> | undefined;
  private readonly cache: CacheService;
  private readonly ttlMs: number;
  private readonly maxValueBytes: number;
  private readonly maxEntries: number;
  /** Keys this replica wrote, oldest first. */
  private readonly written = new Set<string>();
  private readonly logger?: LoggerService;
  private readonly timeoutMs: number;
  private readonly bypassMs: number;
  private readonly now: () => number;
  /** Until when (ms since the epoch) the cache is not asked, after a failure. */
  private bypassUntil = 0;
  /** Answers computed by this instance (a miss, or a cache that failed). */
  computations = 0;

  constructor(options: {
    cache: CacheService;
    ttlMs: number;
    /** @default 2 MiB */
    maxValueBytes?: number;
    /** @default 500 */
    maxEntries?: number;
    /** How long one cache call may take before it counts as failed. @default 1000 */
    timeoutMs?: number;
    /** How long the cache is bypassed after a failure. @default 10000 */
    bypassMs?: number;
    logger?: LoggerService;
    now?: () => number;
  }) {
    this.cache = options.cache;
    this.ttlMs = options.ttlMs;
    this.maxValueBytes = options.maxValueBytes ?? 2 * 1024 * 1024;
    this.maxEntries = options.maxEntries ?? 500;
    this.timeoutMs = options.timeoutMs ?? 1000;
    this.bypassMs = options.bypassMs ?? 10_000;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
  }

  /** The cached answer for `key` in the current generation, or computes it. */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.bypassing()) {
      this.computations++;
      return compute();
    }
    let generation: string;
    try {
      generation = await this.generation();
    } catch (e) {
      this.warn(e);
      this.computations++;
      return compute();
    }
    const digest = createHash('sha256').update(key).digest('base64url');
    const fullKey = `answers:${generation}:${digest}`;
    const pending = this.inflight.get(fullKey);
    if (pending) return pending as Promise<T>;
    const answer = this.lookup(fullKey, compute);
    this.inflight.set(fullKey, answer);
    try {
      return await answer;
    } finally {
      this.inflight.delete(fullKey);
    }
  }

  /**
   * Starts a new generation: no replica serves an answer computed before
   * this call (after a sync or import changed the store).
   */
  async invalidate(): Promise<void> {
    this.inflight.clear();
    try {
      // tried even within the bypass window: a missed invalidation serves
      // old answers until they expire
      await this.call(() => this.cache.set(GENERATION_KEY, randomUUID()), {
        force: true,
      });
    } catch (e) {
      this.logger?.warn(
        `The answer cache could not be invalidated: ${(e as Error).message}`,
      );
    }
    // answers of older generations are never read again
    const old = [...this.written];
    this.written.clear();
    await Promise.all(old.map(key => this.forget(key)));
  }

  private async lookup<T>(
    fullKey: string,
    compute: () => Promise<T>,
  ): Promise<T> {
    try {
      const hit = (await this.call(() => this.cache.get(fullKey))) as
        | { answer: T }
        | undefined;
      if (hit !== undefined) return hit.answer;
    } catch (e) {
      this.warn(e);
    }
    this.computations++;
    const answer = await compute();
    const text = JSON.stringify({ answer });
    if (text !== undefined && Buffer.byteLength(text) <= this.maxValueBytes) {
      try {
        await this.call(() =>
          this.cache.set(fullKey, JSON.parse(text), { ttl: this.ttlMs }),
        );
        this.written.delete(fullKey);
        this.written.add(fullKey);
        if (this.written.size > this.maxEntries) {
          const oldest = this.written.values().next().value as string;
          this.written.delete(oldest);
          await this.forget(oldest);
        }
      } catch (e) {
        this.warn(e);
      }
    }
    return answer;
  }

  /** The current generation; concurrent callers share one read. */
  private generation(): Promise<string> {
    if (!this.pendingGeneration) {
      this.pendingGeneration = this.readGeneration().finally(() => {
        this.pendingGeneration = undefined;
      });
    }
    return this.pendingGeneration;
  }

  private async readGeneration(): Promise<string> {
    const current = await this.call(() => this.cache.get(GENERATION_KEY));
    if (typeof current === 'string' && current) return current;
    const created = randomUUID();
    await this.call(() => this.cache.set(GENERATION_KEY, created));
    return created;
  }

  private async forget(key: string) {
    try {
      await this.call(() => this.cache.delete(key));
    } catch (e) {
      this.warn(e);
    }
  }

  private bypassing(): boolean {
    return this.now() < this.bypassUntil;
  }

  /**
   * One call to the cache, failing after `timeoutMs` (the call itself may
   * still finish later); a failure starts the bypass window, within which
   * calls fail at once unless `force`d.
   */
  private async call<T>(
    fn: () => Promise<T>,
    options: { force?: boolean } = {},
  ): Promise<T> {
    if (!options.force && this.bypassing()) {
      throw new Error('bypassed after a recent failure');
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(`the cache did not answer within ${this.timeoutMs} ms`),
          ),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (e) {
      this.bypassUntil = this.now() + this.bypassMs;
      throw e;
    } finally {
      clearTimeout(timer);
    }
  }

  private warn(e: unknown) {
    this.logger?.warn(
      `The answer cache failed, computing instead: ${(e as Error).message}`,
    );
  }
}
