{%- if values.queue == 'sqs' %}
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
{%- elif values.queue == 'rabbitmq' %}
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
  async consume(handler: Handler) {
    this.handler = handler;
  }
  async ping() {}
  async close() {
    this.handler = undefined;
  }
}
{%- if values.queue == 'sqs' %}

/** Amazon SQS (QUEUE_URL; credentials from IRSA). */
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
  async consume(handler: Handler) {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        // back off for a second when SQS fails, instead of spinning
        await this.pollOnce(handler).catch(() => this.running && new Promise(r => setTimeout(r, 1000)));
      }
    })();
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

/** RabbitMQ / Amazon MQ (AMQP_URL, QUEUE_NAME). */
export class RabbitQueue implements Queue {
  private consumerTag?: string;
  private readonly inFlight = new Set<Promise<void>>();
  private constructor(
    private readonly connection: amqp.ChannelModel,
    private readonly channel: amqp.ConfirmChannel,
    private readonly name: string,
  ) {}
  static async connect(url: string, name: string): Promise<RabbitQueue> {
    const connection = await amqp.connect(url);
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue(name, { durable: true });
    return new RabbitQueue(connection, channel, name);
  }
  /** Resolves once the broker has confirmed the (persistent) message. */
  async publish(message: Message) {
    await new Promise<void>((resolve, reject) =>
      this.channel.sendToQueue(
        this.name,
        Buffer.from(JSON.stringify(message)),
        { persistent: true, contentType: 'application/json' },
        error => (error ? reject(error) : resolve()),
      ),
    );
  }
  /** Acks what the handler processed; a failed message is rejected without requeueing (the broker's dead-letter policy takes it). */
  async consume(handler: Handler) {
    const { consumerTag } = await this.channel.consume(this.name, msg => {
      if (!msg) return;
      const done = (async () => {
        let ok = true;
        try {
          await handler(JSON.parse(msg.content.toString()) as Message);
        } catch {
          ok = false;
        }
        try {
          if (ok) this.channel.ack(msg);
          else this.channel.nack(msg, false, false);
        } catch {
          // the channel closed meanwhile: the broker redelivers the message
        }
      })();
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    });
    this.consumerTag = consumerTag;
  }
  async ping() {
    await this.channel.checkQueue(this.name);
  }
  /** Stops consuming, lets messages being handled finish, then closes. */
  async close() {
    if (this.consumerTag) await this.channel.cancel(this.consumerTag).catch(() => undefined);
    await Promise.allSettled([...this.inFlight]);
    await this.channel.close().catch(() => undefined);
    await this.connection.close();
  }
}
{%- endif %}
