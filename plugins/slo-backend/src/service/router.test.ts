import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { sloPlugin } from '../plugin';
import { sloRequestSignersServiceRef } from './signers';

const SLO_FILE = `
apiVersion: openslo/v1
kind: SLO
metadata: { name: checkout-api-availability }
spec:
  service: checkout-api
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        bad: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="checkout-api",code=~"5.."}' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'http_requests_total{service="checkout-api"}' } } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
`;

const entity = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    labels: { 'runway.io/tier': '1' },
    annotations: {
      'backstage.io/managed-by-location': `url:https://git.example.com/acme/${name}/blob/main/catalog-info.yaml`,
      'backstage.io/source-location': `url:https://git.example.com/acme/${name}/tree/main/`,
      ...annotations,
    },
  },
  spec: {
    owner: 'group:default/team-checkout',
    type: 'service',
    lifecycle: 'production',
  },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-checkout' }],
});

/** A stand-in for Prometheus' query API with canned recording-rule series. */
function fakePrometheus(ratios: Record<string, number>) {
  const state = {
    down: false,
    queries: [] as string[],
    headers: [] as http.IncomingHttpHeaders[],
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      const query = new URLSearchParams(body).get('query') ?? '';
      state.queries.push(query);
      state.headers.push(req.headers);
      if (state.down) {
        res.writeHead(503).end('down');
        return;
      }
      const result = query.startsWith('{__name__=~')
        ? Object.entries(ratios).map(([w, v]) => ({
            metric: {
              __name__: `slo:sli_error:ratio_rate${w}`,
              slo: 'checkout-api-availability',
            },
            value: [1700000000, String(v)],
          }))
        : [];
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'success',
          data: { resultType: 'vector', result },
        }),
      );
    });
  });
  return { server, state };
}

describe('SLO router', () => {
  // 30 % of the budget used; burning at 20x over 1h and 5m: a page
  const prom = fakePrometheus({
    '30d': 0.0003,
    '5m': 0.02,
    '30m': 0.02,
    '1h': 0.02,
    '2h': 0.01,
    '6h': 0.005,
    '1d': 0.002,
    '3d': 0.001,
  });
  let url: string;

  beforeAll(async () => {
    await new Promise<void>(r => prom.server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(prom.server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>(r => prom.server.close(() => r())));
  beforeEach(() => {
    prom.state.down = false;
    prom.state.queries = [];
  });

  async function start(
    result:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const { server } = await startTestBackend({
      features: [
        sloPlugin,
        mockServices.rootConfig.factory({
          data: {
            slo: {
              prometheus: [
                {
                  name: 'main',
                  url,
                  environments: ['staging', 'production'],
                  queryTimeoutMs: 2000,
                },
              ],
              cacheTtlSeconds: 0,
            },
          },
        }),
        mockServices.permissions.factory({ result }),
        mockServices.urlReader.mock({
          readUrl: async target => {
            if (
              target !==
              'https://git.example.com/acme/checkout-api/tree/main/slo.yaml'
            ) {
              throw new Error(`404 ${target}`);
            }
            return {
              buffer: async () => Buffer.from(SLO_FILE),
              stream: () => Readable.from([Buffer.from(SLO_FILE)]),
            };
          },
        }).factory,
        catalogServiceMock.factory({
          entities: [
            entity('checkout-api', { 'runway.io/slo-ref': './slo.yaml' }),
            entity('broken-api', { 'runway.io/slo-ref': './missing.yaml' }),
            entity('plain', {}),
            entity('sneaky', {
              'backstage.io/source-location': 'file:/etc/x',
              'runway.io/slo-ref': './passwd',
            }),
          ],
        }),
      ],
    });
    return server;
  }

  it('200: the SLOs of an entity, from recording rules', async () => {
    const server = await start();
    const res = await request(server).get(
      '/api/slo/entity/component/default/checkout-api',
    );
    expect(res.status).toBe(200);
    expect(res.body.errors).toEqual([]);
    expect(res.body.slos).toHaveLength(1);
    const slo = res.body.slos[0];
    expect(slo).toMatchObject({
      name: 'checkout-api-availability',
      objective: 0.999,
      window: '30d',
      source: 'main',
      fromRecordingRules: true,
      alerts: { page: true, ticket: false },
      status: 'warning',
      tier: '1',
      owner: 'group:default/team-checkout',
    });
    expect(slo.remaining).toBeCloseTo(0.7, 9);
    expect(slo.burnRate).toBeCloseTo(20, 9);
    // one query answers every window
    expect(prom.state.queries.filter(q => q !== 'vector(1)')).toHaveLength(1);
  });

  it('200: a bad SLO file is reported as issues, not a crash', async () => {
    const server = await start();
    const res = await request(server).get(
      '/api/slo/entity/component/default/broken-api',
    );
    expect(res.status).toBe(200);
    expect(res.body.slos).toEqual([]);
    expect(res.body.issues[0]).toMatchObject({ path: 'runway.io/slo-ref' });
  });

  it('200: a file: source location is ignored with an issue, no local file is read', async () => {
    const server = await start();
    const res = await request(server).get(
      '/api/slo/entity/component/default/sneaky',
    );
    expect(res.status).toBe(200);
    expect(res.body.slos).toEqual([]);
    expect(res.body.issues).toEqual([
      {
        path: 'backstage.io/source-location',
        message:
          'the file: source location /etc/x is ignored: local SLO files are read only for entities from the locations listed in catalog.locations',
      },
      {
        path: 'runway.io/slo-ref',
        message:
          'could not read ./passwd: 404 https://git.example.com/acme/sneaky/blob/main/passwd',
      },
    ]);
  });

  it('gate: deny on a fast burn and without SLOs, 200 either way', async () => {
    const server = await start();
    const deny = await request(server).get(
      '/api/slo/gate?entity=component:default/checkout-api&env=production',
    );
    expect(deny.status).toBe(200);
    expect(deny.body.decision).toBe('deny');
    expect(deny.body.reasons.join('\n')).toMatch(/burning fast/);
    const none = await request(server).get(
      '/api/slo/gate?entity=component:default/plain&env=staging',
    );
    expect(none.status).toBe(200);
    expect(none.body).toEqual({
      decision: 'deny',
      reasons: [
        'component:default/plain declares no SLOs (no runway.io/slo-ref annotation); slo.gate.allowWithoutSlos is off',
      ],
    });
  });

  it('400: missing or bad parameters', async () => {
    const server = await start();
    expect(
      (await request(server).get('/api/slo/gate?env=production')).status,
    ).toBe(400);
    expect(
      (
        await request(server).get(
          '/api/slo/gate?entity=component:default/checkout-api&env=qa',
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await request(server).get(
          '/api/slo/teams/team-checkout/compliance?months=99',
        )
      ).status,
    ).toBe(400);
    const requests = await request(server).get(
      '/api/slo/entity/component/default/checkout-api/requests?months=0',
    );
    expect(requests.status).toBe(400);
    expect(requests.body.error.message).toContain("'months'");
    expect(
      (
        await request(server).get(
          '/api/slo/gate?entity=component:default/nope&env=production',
        )
      ).status,
    ).toBe(404);
  });

  it('403: without slo.read', async () => {
    const allowed = await start();
    expect(
      (
        await request(allowed).get(
          '/api/slo/entity/component/default/checkout-api',
        )
      ).status,
    ).toBe(200);
    const denied = await start(AuthorizeResult.DENY);
    const res = await request(denied).get(
      '/api/slo/entity/component/default/checkout-api',
    );
    expect(res.status).toBe(403);
    expect(
      (
        await request(denied).get(
          '/api/slo/gate?entity=component:default/checkout-api&env=production',
        )
      ).status,
    ).toBe(403);
    const requests = '/api/slo/entity/component/default/checkout-api/requests';
    expect((await request(denied).get(requests)).status).toBe(403);
  });

  it('accepts service credentials, as CI sends with a static external-access token', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/slo/gate?entity=component:default/checkout-api&env=production')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.decision).toBe('deny');
    const anonymous = await request(server)
      .get('/api/slo/gate?entity=component:default/checkout-api&env=production')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('signs requests through the SigV4 seam (Amazon Managed Prometheus)', async () => {
    const { server } = await startTestBackend({
      features: [
        sloPlugin,
        mockServices.rootConfig.factory({
          data: {
            slo: {
              prometheus: [
                {
                  name: 'amp',
                  url,
                  auth: { type: 'sigv4', region: 'eu-west-1' },
                },
              ],
              cacheTtlSeconds: 0,
            },
          },
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        createServiceFactory({
          service: sloRequestSignersServiceRef,
          deps: {},
          factory: () => ({
            forSource: (name: string, region?: string) => async () => ({
              authorization: `AWS4-HMAC-SHA256 test ${name} ${region}`,
            }),
          }),
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    expect((await request(server).get('/api/slo/slos')).status).toBe(200);
    await new Promise(r => setTimeout(r, 200));
    expect(prom.state.headers.map(h => h.authorization)).toContain(
      'AWS4-HMAC-SHA256 test amp eu-west-1',
    );
  });

  it('upstream failure: partial results with errors, and the gate denies', async () => {
    const server = await start();
    prom.state.down = true;
    const res = await request(server).get(
      '/api/slo/entity/component/default/checkout-api',
    );
    expect(res.status).toBe(200);
    expect(res.body.errors[0]).toMatchObject({ source: 'main' });
    expect(res.body.errors[0].message).toMatch(/unreachable/);
    expect(res.body.slos[0]).toMatchObject({
      status: 'unknown',
      name: 'checkout-api-availability',
    });
    const gate = await request(server).get(
      '/api/slo/gate?entity=component:default/checkout-api&env=production',
    );
    expect(gate.status).toBe(200);
    expect(gate.body.decision).toBe('deny');
  });

  it('lists every SLO and rolls up a team by month', async () => {
    const server = await start();
    const list = await request(server).get('/api/slo/slos');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => s.name)).toEqual([
      'checkout-api-availability',
    ]);
    const team = await request(server).get(
      '/api/slo/teams/team-checkout/compliance?months=3',
    );
    expect(team.status).toBe(200);
    expect(team.body.months).toHaveLength(3);
    expect(team.body.rows[0]).toMatchObject({
      entityRef: 'component:default/checkout-api',
      slo: 'checkout-api-availability',
    });
    const requests = await request(server).get(
      '/api/slo/entity/component/default/checkout-api/requests?months=2',
    );
    expect(requests.body.counters[0].slo).toBe('checkout-api-availability');
    expect(requests.body.months).toHaveLength(2);
  });
});
