import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of the service; one registry per app instance. */
export function createMetrics(service: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route and status.',
    labelNames: ['method', 'route', 'status'] as const,
    // 0.3, 0.5 and 1 s are the latency SLO thresholds of tiers 1, 2 and 3.
    buckets: [0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const messages = new Counter({
    name: 'queue_messages_consumed_total',
    help: 'Messages consumed from the queue.',
    registers: [registry],
  });
  return { registry, requests, duration, messages };
}

export type Metrics = ReturnType<typeof createMetrics>;
