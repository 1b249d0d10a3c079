/**
 * At most `max` Prometheus queries in flight for one request; the rest wait
 * their turn in order.
 *
 * @public
 */
export class QueryLimit {
  readonly max: number;
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(max: number) {
    this.max = max;
  }

  /** Runs `call` once fewer than `max` calls are in flight. */
  async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#active < this.max) {
      this.#active++;
    } else {
      // the finishing call hands its slot over
      await new Promise<void>(resolve => this.#waiting.push(resolve));
    }
    try {
      return await call();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}
