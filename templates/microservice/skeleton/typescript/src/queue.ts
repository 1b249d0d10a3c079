{%- if values.queue == 'sqs' %}
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
{%- elif values.queue == 'rabbitmq' %}
import os from 'node:os';
import amqp from 'amqplib';
{%- endif %}

/** A message on the service's queue. */
export type Message = { type: string; payload: unknown };
export type Handler = (message: Message) => Promise<void>;

/** Producer and consumer of the service's queue. */
export interface Queue {
  publish(message: Message): Promise<void>;
  /** Starts consuming; resolves once the consumer is registered. */
  consume(handler: Handler): Promise<void>;
  /** Throws when the broker cannot be reached (readiness). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** In-memory queue: tests, and local runs without a broker. */
export class InMemoryQueue implements Queue {
  readonly published: Message[] = [];
  private handler?: Handler;
  async publish(message: Message) {
    this.published.push(message);
    if (this.handler) await this.handler(message);
  }
  consume(handler: Handler) {
    this.handler = handler;
    return Promise.resolve();
  }
  async ping() {}
  close() {
    this.handler = undefined;
    return Promise.resolve();
  }
}
{%- if values.queue == 'sqs' %}

/** Amazon SQS (QUEUE_URL; credentials from EKS Pod Identity). */
export class SqsQueue implements Queue {
  private readonly client: SQSClient;
  private running = false;
  private loop?: Promise<void>;
  /** Ends a long poll in progress when the queue closes. */
  private readonly polling = new AbortController();
  constructor(
    private readonly url: string,
    client?: SQSClient,
  ) {
    this.client = client ?? new SQSClient({});
  }
  async publish(message: Message) {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(message) }),
    );
  }
  /**
   * One long poll: hands each message to the handler and deletes the ones
   * it processed; a message whose handler fails stays on the queue (SQS
   * redelivers it after the visibility timeout, then the DLQ takes it).
   * Returns how many messages were processed.
   */
  async pollOnce(handler: Handler): Promise<number> {
    const res = await this.client.send(
      new ReceiveMessageCommand({ QueueUrl: this.url, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }),
      { abortSignal: this.polling.signal },
    );
    let processed = 0;
    for (const m of res.Messages ?? []) {
      try {
        await handler(JSON.parse(m.Body ?? '') as Message);
      } catch {
        continue;
      }
      await this.client.send(new DeleteMessageCommand({ QueueUrl: this.url, ReceiptHandle: m.ReceiptHandle }));
      processed++;
    }
    return processed;
  }
  consume(handler: Handler) {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        // back off for a second when SQS fails, instead of spinning
        await this.pollOnce(handler).catch(() => this.running && new Promise(r => setTimeout(r, 1000)));
      }
    })();
    return Promise.resolve();
  }
  async ping() {
    await this.client.send(
      new GetQueueAttributesCommand({ QueueUrl: this.url, AttributeNames: ['QueueArn'] }),
      { abortSignal: AbortSignal.timeout(2000) },
    );
  }
  /** Stops consuming (messages being handled are still deleted), then closes the client. */
  async close() {
    this.running = false;
    this.polling.abort();
    await this.loop;
    this.client.destroy();
  }
}
{%- elif values.queue == 'rabbitmq' %}

/** Where the adapter logs: pino's `app.log` fits, and so does the default below. */
export type QueueLogger = {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
};

/** JSON lines on stdout shaped like Fastify's (pino) request logs, so that one pipeline reads both. */
const jsonLogger: QueueLogger = {
  info: (fields, msg) => writeLog(30, fields, msg),
  warn: (fields, msg) => writeLog(40, fields, msg),
};

function writeLog(level: number, fields: object, msg: string) {
  const line = { level, time: Date.now(), pid: process.pid, hostname: os.hostname(), ...fields, msg };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function describeError(error: unknown) {
  return error instanceof Error ? { type: error.name, message: error.message } : { message: String(error) };
}

export type RabbitQueueOptions = {
  /** First reconnect delay in ms; doubles after each failed attempt (default 500). */
  minReconnectDelayMs?: number;
  /** Cap of the reconnect delay in ms (default 30000). */
  maxReconnectDelayMs?: number;
  logger?: QueueLogger;
};

/** The broker connection is down (the queue is reconnecting, or closed); Fastify answers 503. */
export class QueueUnavailableError extends Error {
  readonly statusCode = 503;
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}

/**
 * Delay before reconnect attempt `attempt` (1, 2, ...): `minMs` doubling up
 * to `maxMs`, with "equal jitter" (half of it fixed, half random) so that
 * the replicas of a service do not reconnect in step after a broker restart.
 */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt - 1, 30));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * RabbitMQ / Amazon MQ (AMQP_URL, QUEUE_NAME).
 *
 * connect() makes the first connection (start-up fails without a broker).
 * When the connection or its channel is lost later (broker restart,
 * connection closed by the broker, dead peer found by heartbeats), the queue
 * reconnects in the background with capped exponential backoff, declares the
 * queue again and resumes the consumer. While it is disconnected, publish()
 * fails at once with QueueUnavailableError instead of waiting for the
 * broker: the request gets a 503 now and its client retries, and nothing is
 * buffered in memory where a restart would lose it. ping() fails too, so
 * readiness takes the instance out of service until the broker is back.
 */
export class RabbitQueue implements Queue {
  private connection?: amqp.ChannelModel;
  private channel?: amqp.ConfirmChannel;
  private handler?: Handler;
  private consumer?: { channel: amqp.ConfirmChannel; tag: string };
  private readonly inFlight = new Set<Promise<void>>();
  private lastError?: unknown;
  private closing = false;
  private reconnecting?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private wake?: () => void;
  private readonly logger: QueueLogger;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;

  private constructor(
    private readonly url: string,
    private readonly name: string,
    options: RabbitQueueOptions,
  ) {
    this.logger = options.logger ?? jsonLogger;
    this.minDelayMs = options.minReconnectDelayMs ?? 500;
    this.maxDelayMs = options.maxReconnectDelayMs ?? 30_000;
  }

  static async connect(url: string, name: string, options: RabbitQueueOptions = {}): Promise<RabbitQueue> {
    const queue = new RabbitQueue(url, name, options);
    await queue.open();
    return queue;
  }

  /** Connects, declares the queue, watches for the connection's loss and resumes the consumer. */
  private async open() {
    const connection = await amqp.connect(this.url, { timeout: 10_000 });
    let closed = false;
    // an 'error' event without a listener would crash the process; 'close' follows it
    connection.on('error', (error: Error) => (this.lastError = error));
    connection.on('close', () => {
      closed = true;
      this.lost(connection);
    });
    try {
      const channel = await connection.createConfirmChannel();
      channel.on('error', (error: Error) => (this.lastError = error));
      channel.on('close', () => {
        closed = true;
        this.lost(connection);
      });
      await channel.assertQueue(this.name, { durable: true });
      if (closed) throw this.lastError instanceof Error ? this.lastError : new Error('the broker closed the connection');
      if (this.closing) throw new QueueUnavailableError('the queue is closing');
      this.connection = connection;
      this.channel = channel;
      if (this.handler) await this.startConsumer(channel, this.handler);
    } catch (error) {
      if (this.connection === connection) this.connection = this.channel = undefined;
      await connection.close().catch(() => undefined);
      throw error;
    }
  }

  /** The connection (or only its channel) is gone: reconnect, unless the queue is closing. */
  private lost(connection: amqp.ChannelModel) {
    if (this.connection !== connection) return; // not open yet, or already handled
    this.connection = this.channel = undefined;
    this.consumer = undefined;
    void connection.close().catch(() => undefined); // when only the channel closed
    if (this.closing) return;
    this.logger.warn({ queue: this.name, err: describeError(this.lastError) }, 'rabbitmq connection lost, reconnecting');
    this.reconnecting ??= this.reconnect().finally(() => (this.reconnecting = undefined));
  }

  private async reconnect() {
    for (let attempt = 1; !this.closing; attempt++) {
      const delayMs = Math.round(reconnectDelay(attempt, this.minDelayMs, this.maxDelayMs));
      await new Promise<void>(resolve => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, delayMs);
      });
      this.timer = this.wake = undefined;
      if (this.closing) return;
      try {
        await this.open();
      } catch (error) {
        this.lastError = error;
        if (!this.closing) {
          this.logger.warn({ queue: this.name, attempt, delayMs, err: describeError(error) }, 'rabbitmq reconnect failed');
        }
        continue;
      }
      // lost again before this loop got here: go on
      if (!this.connection) continue;
      this.logger.info({ queue: this.name, attempts: attempt }, 'rabbitmq reconnected');
      return;
    }
  }

  private unavailable(what: string) {
    const reason = this.closing ? 'the queue is closed' : 'the RabbitMQ connection is down, reconnecting';
    const cause = this.lastError instanceof Error ? `: ${this.lastError.message}` : '';
    return new QueueUnavailableError(`${what}: ${reason}${cause}`, { cause: this.lastError });
  }

  /**
   * Resolves once the broker has confirmed the (persistent) message. Fails at
   * once with QueueUnavailableError while the connection is down; a message
   * in flight when the connection drops fails with the channel's error.
   */
  async publish(message: Message) {
    const channel = this.channel;
    if (!channel) throw this.unavailable('message not published');
    await new Promise<void>((resolve, reject) => {
      try {
        channel.sendToQueue(
          this.name,
          Buffer.from(JSON.stringify(message)),
          { persistent: true, contentType: 'application/json' },
          (error: unknown) =>
            error
              ? reject(error instanceof Error ? error : new Error('the broker did not confirm the message', { cause: error }))
              : resolve(),
        );
      } catch (error) {
        // the channel closed before this queue heard of it
        reject(new QueueUnavailableError('message not published: the RabbitMQ channel is closed', { cause: error }));
      }
    });
  }

  /**
   * Starts consuming (and resumes after each reconnect). Acks what the
   * handler processed; a failed message is rejected without requeueing (the
   * broker's dead-letter policy takes it). While disconnected, it resolves
   * and the consumer starts with the next connection.
   */
  async consume(handler: Handler) {
    this.handler = handler;
    if (this.channel && this.consumer?.channel !== this.channel) await this.startConsumer(this.channel, handler);
  }

  private async startConsumer(channel: amqp.ConfirmChannel, handler: Handler) {
    const { consumerTag } = await channel.consume(this.name, msg => {
      if (!msg) {
        // the broker cancelled the consumer (the queue was deleted): a new
        // connection declares the queue again and resumes consuming
        this.lastError = new Error('the broker cancelled the consumer');
        this.logger.warn({ queue: this.name }, 'rabbitmq consumer cancelled by the broker, reopening');
        void channel.close().catch(() => undefined);
        return;
      }
      const done = (async () => {
        let ok = true;
        try {
          await handler(JSON.parse(msg.content.toString()) as Message);
        } catch {
          ok = false;
        }
        try {
          if (ok) channel.ack(msg);
          else channel.nack(msg, false, false);
        } catch {
          // the channel closed meanwhile: the broker redelivers the message
        }
      })();
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    });
    this.consumer = { channel, tag: consumerTag };
  }

  /** Fails while disconnected, or when the broker does not answer within 2 s. */
  async ping() {
    const channel = this.channel;
    if (!channel) throw this.unavailable('RabbitMQ unavailable');
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        channel.checkQueue(this.name),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new QueueUnavailableError('RabbitMQ did not answer within 2 s')), 2000);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Stops reconnecting and consuming, lets messages being handled finish,
   * then closes; no timer or socket is left behind.
   */
  async close() {
    this.closing = true;
    clearTimeout(this.timer);
    this.wake?.();
    await this.reconnecting;
    const { connection, channel, consumer } = this;
    if (consumer) await consumer.channel.cancel(consumer.tag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    this.connection = this.channel = this.consumer = undefined;
    await channel?.close().catch(() => undefined);
    await connection?.close().catch(() => undefined);
  }
}
{%- endif %}
