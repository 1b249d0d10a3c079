import { randomUUID } from 'node:crypto';
import Fastify, { FastifyInstance, LogController } from 'fastify';
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

/** Fastify's own request lines off: the onResponse hook logs one line per request; errors are still logged. */
class RequestLogController extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(): void {}
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the HTTP app: health, metrics and the example resource. */
export function buildApp(options: AppOptions): { app: FastifyInstance; metrics: Metrics } {
  const logger = options.logger ?? true;
  const app = Fastify({
    // one JSON line per request (the onResponse hook below), level as a word
    logger:
      logger === false
        ? false
        : { formatters: { level: (label: string) => ({ level: label }) }, ...(logger === true ? {} : logger) },
    logController: new RequestLogController({ requestIdLogLabel: 'request_id' }),
    // the caller's X-Request-Id when it sends a usable one, else a new one
    requestIdHeader: false,
    genReqId: request => {
      const id = request.headers['x-request-id'];
      return typeof id === 'string' && REQUEST_ID.test(id) ? id : randomUUID();
    },
    // Reject unknown properties instead of silently dropping them.
    ajv: { customOptions: { removeAdditional: false } },
  });
  const metrics = createMetrics(options.service);

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.duration.observe(labels, reply.elapsedTime / 1000);
    request.log.info(
      {
        method: request.method,
        path: request.url.split('?')[0],
        route,
        status: reply.statusCode,
        duration_ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
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
