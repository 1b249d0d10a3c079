import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { addDays, monthStart } from '@runway/plugin-aws-cost-common';
import autocannon from 'autocannon';
import { Knex } from 'knex';
import http from 'node:http';
import { awsCostPlugin } from '../../plugin';
import { allow, components, TODAY } from './fixtures';
import { uncachedCostPlugin } from './uncachedPlugin';

/**
 * Sends `total` GETs over `paths` (round robin) with `concurrency`
 * keep-alive connections; counts non-200 answers and errors.
 */
export async function views(
  server: http.Server,
  paths: string[],
  total: number,
  concurrency: number,
): Promise<{ errors: number; ms: number }> {
  const { port } = server.address() as { port: number };
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let errors = 0;
  const start = Date.now();
  const get = (p: string) =>
    new Promise<void>(resolve => {
      http
        .get({ host: '127.0.0.1', port, path: p, agent }, res => {
          if (res.statusCode !== 200) errors++;
          res.resume();
          res.on('end', resolve);
        })
        .on('error', () => {
          errors++;
          resolve();
        });
    });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        await get(paths[i % paths.length]);
      }
    }),
  );
  agent.destroy();
  return { errors, ms: Date.now() - start };
}

/**
 * Dashboard API latency on a loaded store: the plugin on `knex` with 60
 * Components, one cold request per route, then autocannon at 50 req/s over
 * the dashboard routes. With `cached: false` the dashboard API runs without
 * its answer cache (see `uncachedCostPlugin`), so every request reads the
 * store. Returns p95 (ms) and the count of non-2xx answers.
 */
export async function p95(
  knex: Knex,
  label: string,
  note: (line: string) => void,
  options: { cached: boolean } = { cached: true },
): Promise<{ p95: number; non2xx: number }> {
  const serviceEntities = components.slice(0, 60);
  const { server } = await startTestBackend({
    features: [
      options.cached ? awsCostPlugin : uncachedCostPlugin,
      mockServices.database.factory({ knex }),
      // the default answer cache (cleared on every sync or import), or none
      mockServices.rootConfig.factory({
        data: {},
      }),
      allow,
      catalogServiceMock.factory({ entities: serviceEntities }),
    ],
  });
  const { port } = server.address() as { port: number };
  const asOf = addDays(TODAY, -1);
  const paths = [
    '/api/aws-cost/summary',
    '/api/aws-cost/breakdown?dimension=team&granularity=monthly',
    '/api/aws-cost/breakdown?dimension=service&granularity=monthly',
    `/api/aws-cost/breakdown?dimension=awsService&granularity=daily&from=${monthStart(
      asOf,
    )}&service=svc-7`,
    '/api/aws-cost/movers?dimension=service',
    '/api/aws-cost/entity/component/default/svc-3',
    '/api/aws-cost/budgets',
  ];
  // first request per route: computed from the store (cold), then cached
  // until the next sync/import or cacheTtlSeconds, as deployed (uncached:
  // every request is computed like this one)
  const cold: string[] = [];
  for (const p of paths) {
    const t0 = Date.now();
    await views(server, [p], 1, 1);
    cold.push(
      `${p.split('?')[0].replace('/api/aws-cost', '')} ${Date.now() - t0} ms`,
    );
  }
  const mode = options.cached ? 'answer cache on' : 'answer cache off';
  note(
    `${label} (${mode}): cold (uncached) first requests: ${cold.join(', ')}`,
  );
  const latencies: number[] = [];
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 10,
    overallRate: 50,
    duration: Number(process.env.RUNWAY_BENCH_SECONDS ?? 30),
    timeout: 60,
    requests: paths.map(p => ({ method: 'GET', path: p })),
  });
  instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) =>
    latencies.push(ms),
  );
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const pct = (q: number) =>
    latencies[
      Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)
    ];
  const value = Math.round(pct(0.95) * 10) / 10;
  note(
    `${label}: ${latencies.length} requests at 50 req/s over ${
      paths.length
    } dashboard routes (${mode}, permission checked per request), p50 ${pct(
      0.5,
    ).toFixed(1)} ms, p95 ${value} ms, p99 ${pct(0.99).toFixed(
      1,
    )} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms, non-2xx ${
      result.non2xx
    }, errors ${result.errors}`,
  );
  return { p95: value, non2xx: result.non2xx };
}
