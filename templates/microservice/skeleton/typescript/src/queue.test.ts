import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
{%- if values.queue == 'sqs' %}
import {
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { Message, SqsQueue } from './queue';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111122223333/${{ values.name }}';

/** Every call the adapter made: command name and exact input. */
function calls(sqs: ReturnType<typeof mockClient>) {
  return sqs.calls().map(c => [c.args[0].constructor.name, c.args[0].input]);
}

describe('SqsQueue (SQS client mocked with aws-sdk-client-mock)', () => {
  const client = () => new SQSClient({ region: 'eu-west-1' });

  it('publishes one SendMessage with the message as JSON', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await new SqsQueue(QUEUE_URL, client()).publish({ type: 'item.created', payload: { id: '1' } });
    assert.deepEqual(calls(sqs), [
      ['SendMessageCommand', { QueueUrl: QUEUE_URL, MessageBody: '{"type":"item.created","payload":{"id":"1"}}' }],
    ]);
    sqs.restore();
  });

  it('long-polls, hands messages to the handler and deletes only the processed ones', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        { Body: '{"type":"a","payload":1}', ReceiptHandle: 'r-1' },
        { Body: '{"type":"fails","payload":2}', ReceiptHandle: 'r-2' },
      ],
    });
    sqs.on(DeleteMessageCommand).resolves({});
    const received: Message[] = [];
    const processed = await new SqsQueue(QUEUE_URL, client()).pollOnce(m => {
      received.push(m);
      return m.type === 'fails' ? Promise.reject(new Error('handler failed')) : Promise.resolve();
    });
    assert.equal(processed, 1);
    assert.deepEqual(received, [
      { type: 'a', payload: 1 },
      { type: 'fails', payload: 2 },
    ]);
    assert.deepEqual(calls(sqs), [
      ['ReceiveMessageCommand', { QueueUrl: QUEUE_URL, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }],
      ['DeleteMessageCommand', { QueueUrl: QUEUE_URL, ReceiptHandle: 'r-1' }],
    ]);
    sqs.restore();
  });

  it('consumes in the background until closed, backing off when SQS fails', async () => {
    const sqs = mockClient(SQSClient);
    sqs
      .on(ReceiveMessageCommand)
      .rejectsOnce(new Error('ServiceUnavailable'))
      .resolvesOnce({ Messages: [{ Body: '{"type":"b","payload":3}', ReceiptHandle: 'r-3' }] })
      .resolves({ Messages: [] });
    sqs.on(DeleteMessageCommand).resolves({});
    const queue = new SqsQueue(QUEUE_URL, client());
    const received = new Promise<Message>(resolve => void queue.consume(m => Promise.resolve(resolve(m))));
    assert.deepEqual(await received, { type: 'b', payload: 3 });
    await queue.close();
    const after = sqs.commandCalls(ReceiveMessageCommand).length;
    await new Promise(r => setTimeout(r, 50));
    assert.equal(sqs.commandCalls(ReceiveMessageCommand).length, after);
    assert.deepEqual(sqs.commandCalls(DeleteMessageCommand).map(c => c.args[0].input), [
      { QueueUrl: QUEUE_URL, ReceiptHandle: 'r-3' },
    ]);
    sqs.restore();
  });

  it('pings with GetQueueAttributes and fails when SQS refuses', async () => {
    const sqs = mockClient(SQSClient);
    sqs.on(GetQueueAttributesCommand).resolvesOnce({ Attributes: { QueueArn: 'arn' } }).rejects(new Error('AccessDenied'));
    const queue = new SqsQueue(QUEUE_URL, client());
    await queue.ping();
    await assert.rejects(queue.ping(), /AccessDenied/);
    assert.deepEqual(calls(sqs), [
      ['GetQueueAttributesCommand', { QueueUrl: QUEUE_URL, AttributeNames: ['QueueArn'] }],
      ['GetQueueAttributesCommand', { QueueUrl: QUEUE_URL, AttributeNames: ['QueueArn'] }],
    ]);
    sqs.restore();
  });
});
{%- elif values.queue == 'rabbitmq' %}
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Message, QueueLogger, QueueUnavailableError, RabbitQueue } from './queue';

// A real broker: `make test AMQP_TEST_URL=amqp://guest:guest@127.0.0.1:5672`
// (CI starts RabbitMQ as a service). Without it these tests are skipped.
const AMQP_TEST_URL = process.env.AMQP_TEST_URL;
const skip = AMQP_TEST_URL ? false : 'AMQP_TEST_URL is not set (no RabbitMQ broker to test against)';

describe('RabbitQueue (against a real RabbitMQ broker)', { skip }, () => {
  const name = `test-${process.pid}-${Date.now()}`;

  it('publishes and consumes through the broker, in order, and pings the queue', async () => {
    const queue = await RabbitQueue.connect(AMQP_TEST_URL!, name);
    try {
      await queue.ping();
      const received: Message[] = [];
      const both = new Promise<void>(resolve =>
        void queue.consume(m => {
          received.push(m);
          if (received.length === 2) resolve();
          return Promise.resolve();
        }),
      );
      await queue.publish({ type: 'a', payload: 1 });
      await queue.publish({ type: 'b', payload: { nested: true } });
      await Promise.race([
        both,
        // unref: the timer must not keep the test process alive once the messages arrived
        new Promise((_, reject) => setTimeout(() => reject(new Error('no messages within 10 s')), 10_000).unref()),
      ]);
      assert.deepEqual(received, [
        { type: 'a', payload: 1 },
        { type: 'b', payload: { nested: true } },
      ]);
    } finally {
      await queue.close();
    }
  });

  it('keeps messages published while no consumer runs (durable queue)', async () => {
    const producer = await RabbitQueue.connect(AMQP_TEST_URL!, `${name}-durable`);
    await producer.publish({ type: 'later', payload: 42 });
    await producer.close();
    const consumer = await RabbitQueue.connect(AMQP_TEST_URL!, `${name}-durable`);
    try {
      const message = await new Promise<Message>(resolve => void consumer.consume(m => Promise.resolve(resolve(m))));
      assert.deepEqual(message, { type: 'later', payload: 42 });
    } finally {
      await consumer.close();
    }
  });
});

// The reconnect tests act on the broker too: AMQP_TEST_CTL is a rabbitmqctl
// command for it (e.g. `docker exec rabbitmq rabbitmqctl`). They close every
// connection of the broker's default vhost and restart its application.
const AMQP_TEST_CTL = process.env.AMQP_TEST_CTL;
const skipCtl = skip || (AMQP_TEST_CTL ? false : 'AMQP_TEST_CTL is not set (no rabbitmqctl for the test broker)');

async function ctl(...args: string[]) {
  await promisify(execFile)('sh', ['-c', `${AMQP_TEST_CTL} "$@"`, 'rabbitmqctl', ...args], { timeout: 60_000 });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Retries `check` every 100 ms until it passes; fails with its last error after `ms`. */
async function eventually<T>(check: () => Promise<T> | T, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** A logger that keeps what the queue logged. */
function recording() {
  const lines: { msg: string; fields: object }[] = [];
  const logger: QueueLogger = {
    info: (fields, msg) => void lines.push({ msg, fields }),
    warn: (fields, msg) => void lines.push({ msg, fields }),
  };
  return { lines, logger, messages: () => lines.map(l => l.msg) };
}

describe('RabbitQueue reconnects (against a real RabbitMQ broker)', { skip: skipCtl }, () => {
  const name = `test-reconnect-${process.pid}-${Date.now()}`;
  // fast reconnects: the defaults are 0.5 s doubling to 30 s
  const fast = { minReconnectDelayMs: 100, maxReconnectDelayMs: 1000 };

  it('reconnects after the broker closed its connection, then publishes, consumes and pings again', async () => {
    const log = recording();
    const queue = await RabbitQueue.connect(AMQP_TEST_URL!, `${name}-closed`, { ...fast, logger: log.logger });
    try {
      const received: Message[] = [];
      await queue.consume(m => {
        received.push(m);
        return Promise.resolve();
      });
      await queue.publish({ type: 'before', payload: 1 });
      await eventually(() => assert.equal(received.length, 1));

      await ctl('close_all_connections', 'reconnect test');
      await eventually(() => assert.ok(log.messages().includes('rabbitmq reconnected'), String(log.messages())));
      assert.equal(log.messages()[0], 'rabbitmq connection lost, reconnecting');

      await queue.ping();
      await queue.publish({ type: 'after', payload: 2 });
      await eventually(() =>
        assert.deepEqual(received, [
          { type: 'before', payload: 1 },
          { type: 'after', payload: 2 },
        ]),
      );
    } finally {
      await queue.close();
    }
  });

  it('declares the queue again when the broker deleted it, and resumes consuming', async () => {
    const log = recording();
    const queueName = `${name}-deleted`;
    const queue = await RabbitQueue.connect(AMQP_TEST_URL!, queueName, { ...fast, logger: log.logger });
    try {
      const received: Message[] = [];
      await queue.consume(m => {
        received.push(m);
        return Promise.resolve();
      });

      await ctl('delete_queue', queueName);
      await eventually(() => assert.ok(log.messages().includes('rabbitmq reconnected'), String(log.messages())));
      assert.equal(log.messages()[0], 'rabbitmq consumer cancelled by the broker, reopening');

      await queue.ping();
      await queue.publish({ type: 'after-delete', payload: 4 });
      await eventually(() => assert.deepEqual(received, [{ type: 'after-delete', payload: 4 }]));
    } finally {
      await queue.close();
    }
  });

  it('fails fast while the broker is stopped, recovers when it is back, and close() stops reconnecting', async () => {
    const log = recording();
    const idleLog = recording();
    const queue = await RabbitQueue.connect(AMQP_TEST_URL!, `${name}-restart`, { ...fast, logger: log.logger });
    const idle = await RabbitQueue.connect(AMQP_TEST_URL!, `${name}-idle`, { ...fast, logger: idleLog.logger });
    try {
      const received: Message[] = [];
      await queue.consume(m => {
        received.push(m);
        return Promise.resolve();
      });

      await ctl('stop_app');
      try {
        // readiness fails and publish fails at once, while reconnect attempts fail
        await eventually(() => assert.rejects(queue.ping(), QueueUnavailableError));
        await assert.rejects(
          queue.publish({ type: 'during', payload: 0 }),
          (error: Error) => error instanceof QueueUnavailableError && /connection is down, reconnecting/.test(error.message),
        );
        await eventually(() => assert.ok(log.messages().includes('rabbitmq reconnect failed')));

        // closed while reconnecting: no attempt afterwards (no timer left)
        await eventually(() => assert.ok(idleLog.messages().includes('rabbitmq reconnect failed')));
        await idle.close();
        const logged = idleLog.lines.length;
        await sleep(2 * fast.maxReconnectDelayMs);
        assert.equal(idleLog.lines.length, logged);
        await assert.rejects(idle.publish({ type: 'closed', payload: 0 }), /the queue is closed/);
      } finally {
        await ctl('start_app');
      }

      await eventually(() => queue.ping(), 30_000);
      await eventually(() => assert.equal(log.messages().at(-1), 'rabbitmq reconnected'));
      await queue.publish({ type: 'after-restart', payload: 3 });
      await eventually(() => assert.deepEqual(received, [{ type: 'after-restart', payload: 3 }]));
    } finally {
      await Promise.all([queue.close(), idle.close()]);
    }
  });
});

describe('RabbitQueue without a broker', () => {
  it('fails to connect to a port where nothing listens', async () => {
    await assert.rejects(RabbitQueue.connect('amqp://guest:guest@127.0.0.1:1', 'nothing'), /ECONNREFUSED/);
  });
});
{%- else %}
import { InMemoryQueue } from './queue';

describe('InMemoryQueue', () => {
  it('delivers published messages to the consumer and records them', async () => {
    const queue = new InMemoryQueue();
    const received: unknown[] = [];
    await queue.consume(m => {
        received.push(m);
        return Promise.resolve();
      });
    await queue.publish({ type: 'a', payload: 1 });
    assert.deepEqual(received, [{ type: 'a', payload: 1 }]);
    assert.deepEqual(queue.published, [{ type: 'a', payload: 1 }]);
  });
});
{%- endif %}
