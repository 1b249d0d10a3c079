/*
 * Prometheus metrics of the Runway backend.
 *
 * Backstage and Runway's plugins record metrics through the OpenTelemetry API
 * (`@opentelemetry/api`, e.g. runway_slo_prometheus_up, runway_cost_*,
 * runway_eks_*). This module registers the global MeterProvider with a
 * Prometheus exporter before any plugin asks for a meter (it is the first
 * import of index.ts), records Runway's own HTTP metrics, and serves
 * everything in the Prometheus text format:
 *
 * - at `GET /metrics` on the backend's own port (development, tests), or
 * - when RUNWAY_METRICS_PORT is set (production: 9464), on that port only,
 *   so the public ingress never exposes it; the ServiceMonitor scrapes it.
 *
 * HTTP metrics (Runway's own SLOs in slo.yaml read them), for requests under /api/:
 * - runway_http_server_requests_total{http_request_method,http_response_status_code,plugin}
 * - runway_http_server_request_duration_seconds_bucket{...,le}
 *
 * Requests are recorded before authentication, so every label takes its value
 * from a fixed set: `plugin` is the id of an installed backend plugin or
 * `other`, the method one of the usual HTTP methods or `other`, the status a
 * three-digit code. A caller cannot create new series by inventing paths.
 */
import { metrics } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { unavailableAs503 } from './unavailable';

const separatePort = process.env.RUNWAY_METRICS_PORT
  ? Number(process.env.RUNWAY_METRICS_PORT)
  : undefined;

/** The exporter every metric ends up in. */
export const prometheusExporter = new PrometheusExporter({
  port: separatePort,
  // every interface unless RUNWAY_METRICS_HOST names one (the pod's
  // Prometheus scrapes the pod IP; a host running replicas side by side
  // keeps it on 127.0.0.1)
  host: process.env.RUNWAY_METRICS_HOST || undefined,
  preventServerStart: separatePort === undefined,
});

metrics.setGlobalMeterProvider(
  new MeterProvider({ readers: [prometheusExporter] }),
);

const meter = metrics.getMeter('runway-backend');
const requests = meter.createCounter('runway_http_server_requests', {
  description: 'HTTP requests to the backend API, by plugin and status code',
});
const duration = meter.createHistogram(
  'runway_http_server_request_duration_seconds',
  {
    description: 'Time to answer HTTP requests to the backend API',
    advice: {
      explicitBucketBoundaries: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    },
  },
);

/**
 * The ids of the backend plugins that index.ts installs, the only values of
 * the `plugin` label besides `other`; metrics.test.ts keeps the list in step
 * with index.ts.
 */
export const INSTALLED_PLUGIN_IDS: ReadonlySet<string> = new Set([
  'app',
  'auth',
  'aws-cost',
  'catalog',
  'decisions',
  'eks',
  'mcp-actions',
  'notifications',
  'permission',
  'proxy',
  'scaffolder',
  'search',
  'signals',
  'slo',
  'techdocs',
  'template-upgrades',
  'user-settings',
]);

const METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

/** The `plugin` label of a request path under /api/, else undefined. */
export function pluginLabel(path: string): string | undefined {
  const match = /^\/api\/([^/?]+)/.exec(path);
  if (!match) {
    return undefined;
  }
  return INSTALLED_PLUGIN_IDS.has(match[1]) ? match[1] : 'other';
}

/** What the metrics read of a request and its response. */
type MetricsRequest = { path: string; method: string };
type MetricsResponse = {
  statusCode: number;
  on(event: 'finish', listener: () => void): unknown;
};

/** Records the request metrics of every request under /api/. */
export function recordRequestMetrics(
  req: MetricsRequest,
  res: MetricsResponse,
  next: () => void,
): void {
  const plugin = pluginLabel(req.path);
  if (plugin) {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const attributes = {
        plugin,
        http_request_method: METHODS.has(req.method) ? req.method : 'other',
        http_response_status_code: /^[1-5]\d\d$/.test(String(res.statusCode))
          ? String(res.statusCode)
          : 'other',
      };
      requests.add(1, attributes);
      duration.record(
        Number(process.hrtime.bigint() - started) / 1e9,
        attributes,
      );
    });
  }
  next();
}

/**
 * The root HTTP router with request metrics and, unless RUNWAY_METRICS_PORT
 * is set, `GET /metrics`; every route's error answer passes through
 * `unavailableAs503`, which turns a lost database or upstream connection
 * into a 503 (unavailable.ts).
 */
export const rootHttpRouterWithMetrics = rootHttpRouterServiceFactory({
  configure({ app, applyDefaults }) {
    if (separatePort === undefined) {
      app.get('/metrics', (req, res) => {
        prometheusExporter.getMetricsRequestHandler(req, res);
      });
    }
    app.use(recordRequestMetrics);
    app.use(unavailableAs503());
    applyDefaults();
  },
});
