import { LoggerService } from '@backstage/backend-plugin-api';
import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { countCostExplorerCall } from '../metrics';
import { CostStore } from '../store/CostStore';

/** Thrown when the configured daily call cap is reached. */
export class CallCapReachedError extends Error {
  name = 'CallCapReachedError';
}

const THROTTLING = new Set([
  'LimitExceededException',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/** Whether an error is Cost Explorer throttling (worth a retry). */
export function isThrottling(e: unknown): boolean {
  const err = e as Error & { $metadata?: { httpStatusCode?: number } };
  return THROTTLING.has(err.name) || err.$metadata?.httpStatusCode === 429;
}

/** Full jitter: 0..min(20 s, 500 ms * 2^attempt). */
export function retryDelayMs(attempt: number, random: () => number): number {
  return Math.floor(random() * Math.min(20_000, 500 * 2 ** attempt));
}

/**
 * Sends paid Cost Explorer calls: each attempt is checked against the daily
 * call cap, counted (`runway_cost_explorer_calls_total`) and logged, has a
 * timeout, and is retried with full jitter on throttling up to
 * `maxAttempts`.
 */
export class PaidCallSender {
  constructor(
    private readonly options: {
      store: CostStore;
      logger: LoggerService;
      source: string;
      dailyCallCap: number;
      maxAttempts: number;
      timeoutMs: number;
      today: () => string;
      sleep: (ms: number) => Promise<void>;
      random: () => number;
    },
  ) {}

  /** Sends one paid call: cap check, count, log, timeout, jittered retries. */
  async send<T>(
    client: CostExplorerClient,
    operation: string,
    command: { input: unknown },
  ): Promise<T> {
    const { store, logger } = this.options;
    for (let attempt = 1; ; attempt++) {
      const allowed = await store.takeCall(
        this.options.source,
        this.options.today(),
        this.options.dailyCallCap,
      );
      if (!allowed) {
        throw new CallCapReachedError(
          `Cost Explorer daily call cap of ${this.options.dailyCallCap} reached; ${operation} not sent`,
        );
      }
      countCostExplorerCall(operation);
      logger.info(
        `Cost Explorer call ${operation} (attempt ${attempt}, paid)`,
        {
          operation,
          attempt,
        },
      );
      try {
        return (await client.send(command as any, {
          abortSignal: AbortSignal.timeout(this.options.timeoutMs),
        })) as T;
      } catch (e) {
        if (!isThrottling(e) || attempt >= this.options.maxAttempts) throw e;
        const delay = retryDelayMs(attempt, this.options.random);
        logger.warn(
          `Cost Explorer throttled ${operation} (${
            (e as Error).name
          }); retrying in ${delay} ms`,
        );
        await this.options.sleep(delay);
      }
    }
  }
}
