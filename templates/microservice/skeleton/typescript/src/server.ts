import { buildApp } from './app';
import { ItemStore, MemoryItemStore{% if values.database == 'postgres' %}, PostgresItemStore{% endif %} } from './items';
import { {% if values.queue == 'sqs' %}SqsQueue, {% elif values.queue == 'rabbitmq' %}RabbitQueue, {% endif %}InMemoryQueue, Queue } from './queue';

async function main() {
  const service = process.env.SERVICE_NAME ?? '${{ values.name }}';
  const port = Number(process.env.PORT ?? ${{ values.port }});
  const host = process.env.HOST ?? '127.0.0.1';

  let store: ItemStore = new MemoryItemStore();
{%- if values.database == 'postgres' %}
  if (process.env.DATABASE_URL) store = await PostgresItemStore.connect(process.env.DATABASE_URL);
{%- endif %}
  let queue: Queue | undefined;
{%- if values.queue == 'sqs' %}
  queue = process.env.QUEUE_URL ? new SqsQueue(process.env.QUEUE_URL) : new InMemoryQueue();
{%- elif values.queue == 'rabbitmq' %}
  queue = process.env.AMQP_URL
    ? await RabbitQueue.connect(process.env.AMQP_URL, process.env.QUEUE_NAME ?? service)
    : new InMemoryQueue();
{%- else %}
  void InMemoryQueue; // no queue chosen for this service
{%- endif %}

  const { app, metrics } = buildApp({ service, store, queue });
  await queue?.consume(async message => {
    metrics.messages.inc();
    app.log.info({ type: message.type }, 'message consumed');
  });

  // Graceful shutdown: stop accepting, finish in-flight requests, close clients.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await queue?.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port, host });
}

main().catch(error => {
  // JSON, like the rest of the logs.
  process.stderr.write(`${JSON.stringify({ level: 60, msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
