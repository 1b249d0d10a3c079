import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { buildApp } from './app';
import { Item, ItemStore, MemoryItemStore } from './items';
import { InMemoryQueue{% if values.queue == 'rabbitmq' %}, QueueUnavailableError{% endif %} } from './queue';

/** The body of GET /health/ready. */
type Ready = { status: string; checks: Record<string, string> };

describe('${{ values.name }}', () => {
  let store: ItemStore;
  let queue: InMemoryQueue;
  let app: ReturnType<typeof buildApp>['app'];

  beforeEach(async () => {
    store = new MemoryItemStore();
    queue = new InMemoryQueue();
    app = buildApp({ service: 'test', store, queue, logger: false }).app;
    await app.ready();
  });
  afterEach(() => app.close());

  it('is live and ready', async () => {
    assert.equal((await app.inject({ url: '/health/live' })).statusCode, 200);
    const ready = await app.inject({ url: '/health/ready' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json<Ready>().checks, { store: 'ok', queue: 'ok' });
  });

  it('is not ready when a dependency fails', async () => {
    store.ping = () => Promise.reject(new Error('connection refused'));
    const ready = await app.inject({ url: '/health/ready' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json<Ready>().checks.store, 'unavailable');
  });

  it('creates, reads and lists items and publishes an event', async () => {
    const created = await app.inject({ method: 'POST', url: '/v1/items', payload: { name: 'pen', quantity: 3 } });
    assert.equal(created.statusCode, 201);
    const item = created.json<Item>();
    assert.equal(item.name, 'pen');
    assert.deepEqual((await app.inject({ url: `/v1/items/${item.id}` })).json(), item);
    assert.equal((await app.inject({ url: '/v1/items' })).json<{ items: Item[] }>().items.length, 1);
    assert.deepEqual(queue.published, [{ type: 'item.created', payload: item }]);
  });

{%- if values.queue == 'rabbitmq' %}

  it('answers 503 while the queue is unavailable', async () => {
    queue.publish = () =>
      Promise.reject(
        new QueueUnavailableError('message not published: the RabbitMQ connection is down, reconnecting'),
      );
    const res = await app.inject({ method: 'POST', url: '/v1/items', payload: { name: 'pen', quantity: 3 } });
    assert.equal(res.statusCode, 503);
  });
{%- endif %}

  it('delivers published messages to the consumer', async () => {
    const received: unknown[] = [];
    await queue.consume(message => {
      received.push(message);
      return Promise.resolve();
    });
    await queue.publish({ type: 'ping', payload: 1 });
    assert.deepEqual(received, [{ type: 'ping', payload: 1 }]);
  });

  it('rejects invalid input', async () => {
    for (const payload of [{}, { name: '', quantity: 1 }, { name: 'x', quantity: -1 }, { name: 'x', quantity: 1, extra: true }]) {
      const res = await app.inject({ method: 'POST', url: '/v1/items', payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
    }
    assert.equal((await app.inject({ url: '/v1/items/not-a-uuid' })).statusCode, 400);
    assert.equal((await app.inject({ url: '/v1/items/00000000-0000-4000-8000-000000000000' })).statusCode, 404);
  });

  it('counts requests by route and status', async () => {
    await app.inject({ url: '/health/live' });
    await app.inject({ method: 'POST', url: '/v1/items', payload: {} });
    const text = (await app.inject({ url: '/metrics' })).body;
    assert.match(text, /http_requests_total\{method="GET",route="\/health\/live",status="200",service="test"\} 1/);
    assert.match(text, /http_requests_total\{method="POST",route="\/v1\/items",status="400",service="test"\} 1/);
    assert.match(text, /http_request_duration_seconds_bucket\{le="0.3"/);
  });
});
