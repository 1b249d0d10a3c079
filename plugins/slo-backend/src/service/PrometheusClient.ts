import { ServiceUnavailableError } from '@backstage/errors';

/**
 * Adds authentication to a request before it is sent: bearer and basic auth
 * are built in; Amazon Managed Prometheus needs SigV4, supplied as a signer.
 *
 * @public
 */
export type RequestSigner = (request: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}) => Promise<Record<string, string>>;

/**
 * One sample of an instant vector.
 *
 * @public
 */
export type VectorSample = { labels: Record<string, string>; value: number };

/**
 * One series of a range query.
 *
 * @public
 */
export type MatrixSeries = {
  labels: Record<string, string>;
  values: Array<[number, number]>;
};

/**
 * The calls the SLO backend makes to Prometheus (HTTP API v1).
 *
 * @public
 */
export interface PrometheusApi {
  /** The source's configured name, used in errors and metrics. */
  readonly name: string;
  /** An instant query evaluated at `time` (Unix seconds). */
  query(expr: string, time: number): Promise<VectorSample[]>;
  /** A range query from `start` to `end` every `step` seconds. */
  queryRange(
    expr: string,
    start: number,
    end: number,
    step: number,
  ): Promise<MatrixSeries[]>;
}

/**
 * A thin typed client for the Prometheus HTTP API over fetch: a timeout per
 * query (also sent as Prometheus' own `timeout` parameter), bounded retries with jitter on network errors and 5xx/429, and
 * failures reported as ServiceUnavailableError naming the source.
 *
 * @public
 */
export class PrometheusClient implements PrometheusApi {
  /** {@inheritDoc PrometheusApi.name} */
  readonly name: string;
  readonly #url: string;
  readonly #timeoutMs: number;
  readonly #headers: Record<string, string>;
  readonly #signer?: RequestSigner;
  readonly #retries: number;
  readonly #fetch: typeof fetch;
  /** Queries sent, for tests and the benchmark. */
  queryCount = 0;

  constructor(options: {
    name: string;
    url: string;
    timeoutMs?: number;
    bearerToken?: string;
    basicAuth?: { username: string; password: string };
    signer?: RequestSigner;
    retries?: number;
    fetchImpl?: typeof fetch;
  }) {
    this.name = options.name;
    this.#url = options.url.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#retries = options.retries ?? 2;
    this.#signer = options.signer;
    this.#fetch = options.fetchImpl ?? fetch;
    this.#headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (options.bearerToken) {
      this.#headers.authorization = `Bearer ${options.bearerToken}`;
    } else if (options.basicAuth) {
      this.#headers.authorization = `Basic ${Buffer.from(
        `${options.basicAuth.username}:${options.basicAuth.password}`,
      ).toString('base64')}`;
    }
  }

  /** {@inheritDoc PrometheusApi.query} */
  async query(expr: string, time: number): Promise<VectorSample[]> {
    const data = await this.#call('query', { query: expr, time: String(time) });
    if (data.resultType === 'scalar') {
      return [{ labels: {}, value: Number(data.result[1]) }];
    }
    if (data.resultType !== 'vector') {
      throw new ServiceUnavailableError(
        `Prometheus ${this.name} answered ${data.resultType}, expected a vector`,
      );
    }
    return data.result.map((r: any) => ({
      labels: r.metric,
      value: Number(r.value[1]),
    }));
  }

  /** {@inheritDoc PrometheusApi.queryRange} */
  async queryRange(
    expr: string,
    start: number,
    end: number,
    step: number,
  ): Promise<MatrixSeries[]> {
    const data = await this.#call('query_range', {
      query: expr,
      start: String(start),
      end: String(end),
      step: String(step),
    });
    return data.result.map((r: any) => ({
      labels: r.metric,
      values: r.values.map(([t, v]: [number, string]) => [t, Number(v)]),
    }));
  }

  async #call(endpoint: string, params: Record<string, string>): Promise<any> {
    const url = `${this.#url}/api/v1/${endpoint}`;
    // Prometheus stops evaluating at the same deadline as the client
    const body = new URLSearchParams({
      ...params,
      timeout: `${this.#timeoutMs}ms`,
    }).toString();
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.#retries; attempt++) {
      if (attempt > 0) {
        // exponential backoff with full jitter: up to 100 ms, 200 ms, ...
        await new Promise(r =>
          setTimeout(r, Math.random() * 100 * 2 ** (attempt - 1)),
        );
      }
      this.queryCount++;
      try {
        const headers = this.#signer
          ? {
              ...this.#headers,
              ...(await this.#signer({
                url,
                method: 'POST',
                headers: this.#headers,
                body,
              })),
            }
          : this.#headers;
        const res = await this.#fetch(url, {
          method: 'POST',
          headers,
          body,
          signal: AbortSignal.timeout(this.#timeoutMs),
        });
        if (res.status >= 500 || res.status === 429) {
          lastError = new Error(`HTTP ${res.status}`);
          continue;
        }
        const json: any = await res.json().catch(() => undefined);
        if (!res.ok || json?.status !== 'success') {
          // a bad query is not retried; Prometheus names the problem in
          // `error`, AMP's front door (403 for a bad SigV4 signature) in
          // `message`
          const reason =
            json?.error ??
            (typeof json?.message === 'string'
              ? `HTTP ${res.status}: ${json.message}`
              : `HTTP ${res.status}`);
          throw new ServiceUnavailableError(
            `Prometheus ${this.name} rejected a query: ${reason}`,
          );
        }
        return json.data;
      } catch (error) {
        if (error instanceof ServiceUnavailableError) throw error;
        lastError = error;
      }
    }
    throw new ServiceUnavailableError(
      `Prometheus ${this.name} is unreachable: ${
        (lastError as Error)?.message ?? lastError
      }`,
      lastError as Error,
    );
  }
}
