/**
 * A short-TTL cache whose concurrent misses for one key share one load.
 * Failed loads are not cached.
 *
 * @public
 */
export class TtlCache<T> {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(ttlMs: number, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  /** The cached value of `key`, else the result of `load` (cached unless it fails). */
  get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && this.#now() - hit.at < this.#ttlMs) {
      return hit.value;
    }
    const value = load();
    this.#entries.set(key, { at: this.#now(), value });
    value.catch(() => {
      if (this.#entries.get(key)?.value === value) this.#entries.delete(key);
    });
    if (this.#entries.size > 5000) {
      // drop expired entries now and then
      for (const [k, e] of this.#entries) {
        if (this.#now() - e.at >= this.#ttlMs) this.#entries.delete(k);
      }
    }
    return value;
  }
}
