import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { PrometheusApi } from '../PrometheusClient';
import { SourceHealthListener } from './types';

/**
 * The configured Prometheus sources by environment. Every call made through
 * {@link PrometheusSources.tracked} reports the source's health and logs
 * failures.
 *
 * @public
 */
export class PrometheusSources {
  readonly #sources: Array<{ client: PrometheusApi; environments: string[] }>;
  readonly #defaultEnvironment: string;
  readonly #logger: LoggerService;
  readonly #onHealth?: SourceHealthListener;

  constructor(options: {
    sources: Array<{ client: PrometheusApi; environments: string[] }>;
    defaultEnvironment: string;
    logger: LoggerService;
    onSourceHealth?: SourceHealthListener;
  }) {
    this.#sources = options.sources;
    this.#defaultEnvironment = options.defaultEnvironment;
    this.#logger = options.logger;
    this.#onHealth = options.onSourceHealth;
  }

  /**
   * The environment a request names, else the default; an environment no
   * source answers for is an InputError.
   */
  environment(env: string | undefined): string {
    const e = env ?? this.#defaultEnvironment;
    const known = new Set(this.#sources.flatMap(s => s.environments));
    if (!known.has(e)) {
      throw new InputError(
        `Unknown environment '${e}'; configured: ${
          [...known].join(', ') || 'none'
        }`,
      );
    }
    return e;
  }

  /** The sources that answer for `env`, in configuration order. */
  forEnvironment(env: string): PrometheusApi[] {
    return this.#sources
      .filter(s => s.environments.includes(env))
      .map(s => s.client);
  }

  /** Runs a call to `source`, reporting its health and logging a failure. */
  async tracked<T>(source: PrometheusApi, call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.#onHealth?.(source.name, true);
      return result;
    } catch (error) {
      this.#onHealth?.(source.name, false);
      this.#logger.warn(
        `Prometheus ${source.name}: ${(error as Error).message}`,
      );
      throw error;
    }
  }
}
