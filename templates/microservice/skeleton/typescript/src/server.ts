import { buildApp } from './app';
import { ItemStore, MemoryItemStore{% if values.database == 'postgres' %}, PostgresItemStore{% endif %} } from './items';
import { {% if values.queue == 'sqs' %}SqsQueue, InMemoryQueue, {% elif values.queue == 'rabbitmq' %}RabbitQueue, InMemoryQueue, {% endif %}Queue } from './queue';

/** The store the environment names: PostgreSQL with DATABASE_URL, else in memory. */
function storeFromEnv(): Promise<ItemStore> {
{%- if values.database == 'postgres' %}
  if (process.env.DATABASE_URL) return PostgresItemStore.connect(process.env.DATABASE_URL);
{%- endif %}
  return Promise.resolve(new MemoryItemStore());
}

/** The queue the environment names, else an in-memory one (none: no queue was chosen). */
function queueFromEnv({% if values.queue == 'rabbitmq' %}service: string{% endif %}): Promise<Queue | undefined> {
{%- if values.queue == 'sqs' %}
  return Promise.resolve(process.env.QUEUE_URL ? new SqsQueue(process.env.QUEUE_URL) : new InMemoryQueue());
{%- elif values.queue == 'rabbitmq' %}
  return process.env.AMQP_URL
    ? RabbitQueue.connect(process.env.AMQP_URL, process.env.QUEUE_NAME ?? service)
    : Promise.resolve(new InMemoryQueue());
{%- else %}
  return Promise.resolve(undefined);
{%- endif %}
}

async function main() {
  const service = process.env.SERVICE_NAME ?? '${{ values.name }}';
  const port = Number(process.env.PORT ?? ${{ values.port }});
  const host = process.env.HOST ?? '127.0.0.1';

  const store = await storeFromEnv();
  const queue = await queueFromEnv({% if values.queue == 'rabbitmq' %}service{% endif %});

  const { app, metrics } = buildApp({ service, store, queue });
  await queue?.consume(message => {
    metrics.messages.inc();
    app.log.info({ type: message.type }, 'message consumed');
    return Promise.resolve();
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

main().catch((error: unknown) => {
  // JSON, like the rest of the logs.
  process.stderr.write(`${JSON.stringify({ level: 60, msg: 'start-up failed', err: String(error) })}\n`);
  process.exit(1);
});
