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
  private readonly client = new SQSClient({});
  private running = false;
  constructor(private readonly url: string) {}
  async publish(message: Message) {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.url, MessageBody: JSON.stringify(message) }),
    );
  }
  async consume(handler: Handler) {
    this.running = true;
    const loop = async () => {
      while (this.running) {
        const res = await this.client
          .send(new ReceiveMessageCommand({ QueueUrl: this.url, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }))
          .catch(() => undefined);
        for (const m of res?.Messages ?? []) {
          await handler(JSON.parse(m.Body ?? '{}') as Message);
          await this.client.send(new DeleteMessageCommand({ QueueUrl: this.url, ReceiptHandle: m.ReceiptHandle }));
        }
      }
    };
    void loop();
  }
  async ping() {
    await this.client.send(
      new GetQueueAttributesCommand({ QueueUrl: this.url, AttributeNames: ['QueueArn'] }),
      { abortSignal: AbortSignal.timeout(2000) },
    );
  }
  async close() {
    this.running = false;
    this.client.destroy();
  }
}
{%- elif values.queue == 'rabbitmq' %}

/** RabbitMQ / Amazon MQ (AMQP_URL, QUEUE_NAME). */
export class RabbitQueue implements Queue {
  private constructor(
    private readonly connection: amqp.ChannelModel,
    private readonly channel: amqp.Channel,
    private readonly name: string,
  ) {}
  static async connect(url: string, name: string): Promise<RabbitQueue> {
    const connection = await amqp.connect(url);
    const channel = await connection.createChannel();
    await channel.assertQueue(name, { durable: true });
    return new RabbitQueue(connection, channel, name);
  }
  async publish(message: Message) {
    this.channel.sendToQueue(this.name, Buffer.from(JSON.stringify(message)), { persistent: true });
  }
  async consume(handler: Handler) {
    await this.channel.consume(this.name, async msg => {
      if (!msg) return;
      await handler(JSON.parse(msg.content.toString()) as Message);
      this.channel.ack(msg);
    });
  }
  async ping() {
    await this.channel.checkQueue(this.name);
  }
  async close() {
    await this.channel.close();
    await this.connection.close();
  }
}
{%- endif %}
