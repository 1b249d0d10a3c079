/**
 * What every plugin shares: TechDocs served from the S3 bucket (path
 * traversal out of an entity's docs), the backend's sign-in in production
 * (no guest), the metrics (path 7: no label per request path, no /metrics
 * through the load balancer), oversized bodies.
 * techdocs-module-mermaid is a browser add-on with no backend route; its
 * diagrams render with Mermaid's strict security level, outside this suite.
 */
import { samples } from '../../rehearsal/api';
import { shows } from '../checks';
import { abuseState, type Caller } from '../client';
import type { AbuseCase } from '../runner';
import type { AbuseContext } from '../setup';

/** Series of the request counter whose plugin label is not an installed id. */
async function suiteLabels(): Promise<string | undefined> {
  const found: string[] = [];
  for (const replica of abuseState().replicas) {
    for (const s of await samples(
      replica.metricsUrl,
      'runway_http_server_requests_total',
    )) {
      if (/abuse|\.\.|%|\//.test(s.labels.plugin ?? '')) {
        found.push(`${replica.name}: plugin="${s.labels.plugin}"`);
      }
    }
  }
  return found.length ? `new label values: ${found.join(', ')}` : undefined;
}

export function platformCases(ctx: AbuseContext): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    target: 'techdocs' | 'backend',
    name: string,
    as: Caller,
    path: string,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `${target}: ${name}`,
      target,
      as,
      request: { path },
      expect,
      ...extra,
    });

  const docs = '/api/techdocs/static/docs/default/component/runway';
  const secret = shows(ctx.techdocsSecret.marker);
  add(
    'techdocs',
    "anonymous reads Runway's docs",
    'anonymous',
    `${docs}/index.html`,
    [401],
  );
  add(
    'techdocs',
    'a bucket object outside the docs through encoded slashes',
    'developer',
    `${docs}/..%2F..%2F..%2F${ctx.techdocsSecret.key.replace('/', '%2F')}`,
    [400, 403, 404],
    { leak: secret },
  );
  add(
    'techdocs',
    'a bucket object outside the docs through backslashes',
    'developer',
    `${docs}/..%5C..%5C..%5Cabuse%5Csecret.txt`,
    [400, 403, 404],
    { leak: secret },
  );
  add(
    'techdocs',
    'a bucket object named as an entity path',
    'developer',
    '/api/techdocs/static/docs/abuse/secret.txt/x',
    [400, 403, 404],
    { leak: secret },
  );
  add(
    'techdocs',
    'a local file through the docs route',
    'developer',
    `${docs}/..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd`,
    [400, 403, 404],
  );
  add(
    'techdocs',
    'metadata of an entity name holding a path',
    'developer',
    '/api/techdocs/metadata/techdocs/default/component/..%2F..%2Fabuse',
    [400, 403, 404],
    { leak: secret },
  );

  // sign-in: production offers the company account only
  cases.push({
    name: 'backend: anonymous signs in as guest',
    target: 'backend',
    as: 'anonymous',
    request: { method: 'POST', path: '/api/auth/guest/refresh' },
    expect: [400, 401, 404],
    leak: shows('backstageIdentity'),
  });
  add(
    'backend',
    'anonymous refreshes an OIDC session without a cookie',
    'anonymous',
    '/api/auth/oidc/refresh?env=production',
    [401, 404],
    {
      leak: shows('backstageIdentity'),
    },
  );
  cases.push({
    name: 'backend: anonymous calls the MCP actions',
    target: 'backend',
    as: 'anonymous',
    request: {
      method: 'POST',
      path: '/api/mcp-actions/v1',
      body: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
    },
    expect: [401],
  });

  // metrics (path 7)
  const random = [
    'abuse-7f3a9c',
    'abuse-7f3a9c%2F..%2F..',
    '..%2Fabuse-traversal',
  ];
  for (const p of random) {
    add(
      'backend',
      `anonymous GET /api/${p} adds no metrics label`,
      'anonymous',
      `/api/${p}/x`,
      [401, 404],
      {
        leak: suiteLabels,
      },
    );
  }
  add(
    'backend',
    'a signed-in GET of an unknown plugin adds no metrics label',
    'developer',
    '/api/abuse-unknown-plugin',
    [401, 404],
    {
      leak: suiteLabels,
    },
  );
  add(
    'backend',
    'anonymous GET /metrics through the load balancer',
    'anonymous',
    '/metrics',
    [200, 401, 404],
    {
      leak: shows('# HELP', 'runway_http_server_requests_total'),
    },
  );
  cases.push({
    name: 'backend: anonymous POSTs a 10 MB body',
    target: 'backend',
    as: 'anonymous',
    request: {
      method: 'POST',
      path: '/api/catalog/locations',
      body: { type: 'url', target: 'x'.repeat(10 * 1024 * 1024) },
    },
    expect: [401, 413],
  });
  add(
    'backend',
    'a 100 KB path',
    'developer',
    `/api/catalog/${'x'.repeat(100 * 1024)}`,
    [400, 404, 414, 431],
  );
  return cases;
}
