/**
 * A small in-memory cache of computed answers with a TTL. Concurrent misses
 * for one key share one computation. Callers check permissions BEFORE asking
 * the cache, so an answer is never served to a user who may not see it.
 */
export class ResponseCache {
  private readonly entries = new Map<
    string,
    { expires: number; value: Promise<unknown> }
  >();
  private generation = 0;
  computations = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value as Promise<T>;
    const generation = this.generation;
    this.computations++;
    const value = compute();
    this.entries.set(key, { expires: now + this.ttlMs, value });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    value.catch(() => {
      if (this.generation === generation) this.entries.delete(key);
    });
    return value;
  }

  /** Drops everything (after a sync or import changed the store). */
  clear() {
    this.generation++;
    this.entries.clear();
  }
}
