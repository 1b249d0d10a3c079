import Fastify, { FastifyInstance } from 'fastify';
import { ItemStore } from './items';
import { Metrics, createMetrics } from './metrics';
import { Queue } from './queue';

export type AppOptions = {
  service: string;
  store: ItemStore;
  queue?: Queue;
  /** pino options; false turns request logs off (tests). */
  logger?: boolean | object;
};

const itemBody = {
  type: 'object',
  required: ['name', 'quantity'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    quantity: { type: 'integer', minimum: 0, maximum: 1000000 },
  },
} as const;

/** Builds the HTTP app: health, metrics and the example resource. */
export function buildApp(options: AppOptions): { app: FastifyInstance; metrics: Metrics } {
  const app = Fastify({
    logger: options.logger ?? true,
    // Reject unknown properties instead of silently dropping them.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const metrics = createMetrics(options.service);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/health/live', () => ({ status: 'ok' }));

  app.get('/health/ready', async (_request, reply) => {
    const checks: Record<string, string> = {};
    let ok = true;
    for (const [name, dependency] of [
      ['store', options.store],
      ['queue', options.queue],
    ] as const) {
      if (!dependency) continue;
      try {
        await dependency.ping();
        checks[name] = 'ok';
      } catch (error) {
        ok = false;
        checks[name] = 'unavailable';
        app.log.warn({ err: error, dependency: name }, 'readiness check failed');
      }
    }
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.post<{ Body: { name: string; quantity: number } }>(
    '/v1/items',
    { schema: { body: itemBody } },
    async (request, reply) => {
      const item = await options.store.create(request.body);
      await options.queue?.publish({ type: 'item.created', payload: item });
      return reply.code(201).send(item);
    },
  );

  app.get('/v1/items', async () => ({ items: await options.store.list() }));

  app.get<{ Params: { id: string } }>(
    '/v1/items/:id',
    { schema: { params: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } } } },
    async (request, reply) => {
      const item = await options.store.get(request.params.id);
      if (!item) return reply.code(404).send({ error: 'not found' });
      return item;
    },
  );

  return { app, metrics };
}
