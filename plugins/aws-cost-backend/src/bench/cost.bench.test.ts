/*
 * Runway cost benchmark (bench/cost.sh runs it with RUNWAY_BENCH=1; skipped
 * otherwise). Writes bench/results/cost.json with exactly the keys of
 * the benchmark report and prints the details. See docs/benchmarks.md.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { addDays, monthStart } from '@runway/plugin-aws-cost-common';
import autocannon from 'autocannon';
import knexFactory, { Knex } from 'knex';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import http from 'node:http';
import { awsCostPlugin } from '../plugin';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { startPostgres } from '../../../../test/src/harness/postgres';
import { CostStore, DailyCostRow } from '../store/CostStore';

const ROOT = path.resolve(__dirname, '../../../..');
const RUN = process.env.RUNWAY_BENCH === '1';
const describeBench = RUN ? describe : describe.skip;
const results: Record<string, number> = {};
const notes: string[] = [];
const note = (line: string) => {
  notes.push(line);
  process.stdout.write(`${line}\n`);
};

const TODAY = new Date().toISOString().slice(0, 10);
const ENTITIES = 200;

const components: Entity[] = Array.from({ length: ENTITIES }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `svc-${i}`,
    namespace: 'default',
    annotations: {
      'runway.io/cost-allocation': `service=svc-${i}`,
      'aws.amazon.com/cost-insights-tags': `service=svc-${i}`,
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: `team-${i % 10}` },
}));

/** Cost Explorer as the mock answers it: daily groups for 200 services. */
function ceResponses(ce: ReturnType<typeof mockClient>) {
  ce.on(GetCostAndUsageCommand).callsFake(input => {
    const groups = input.GroupBy ?? [];
    const start = input.TimePeriod.Start as string;
    const end = input.TimePeriod.End as string;
    const days: string[] = [];
    for (let d = start; d < end && days.length < 400; d = addDays(d, 1))
      days.push(d);
    // Runway's sync pages: 20 services per page, 10 pages
    const page = Number(input.NextPageToken ?? 0);
    return {
      ResultsByTime: days.map(day => ({
        TimePeriod: { Start: day, End: addDays(day, 1) },
        Total: { UnblendedCost: { Amount: '12.5', Unit: 'USD' } },
        Groups: groups.length
          ? Array.from({ length: 20 }, (_, j) => ({
              Keys: [
                'Amazon Elastic Compute Cloud',
                `service$svc-${page * 20 + j}`,
              ],
              Metrics: {
                AmortizedCost: { Amount: '3.25', Unit: 'USD' },
                UnblendedCost: { Amount: '3.5', Unit: 'USD' },
              },
            }))
          : [],
      })),
      ...(groups.length && page < 9 ? { NextPageToken: String(page + 1) } : {}),
    };
  });
  ce.on(GetCostForecastCommand).resolves({
    Total: { Amount: '1000', Unit: 'USD' },
  } as any);
  ce.on(GetAnomaliesCommand).resolves({ Anomalies: [] } as any);
}

const allow = mockServices.permissions.factory({
  result: AuthorizeResult.ALLOW,
});

async function views(
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

/** The peer, unpacked by bench/cost.sh under .runway/bench/peer. */
function loadPeer() {
  const dir = path.join(
    ROOT,
    '.runway/bench/peer/node_modules/@aws/cost-insights-plugin-for-backstage-backend',
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(dir);
}

async function rows(
  knex: Knex,
  days: number,
  services: number,
  awsServices: number,
) {
  const store = await CostStore.create({
    database: { getClient: async () => knex },
  });
  const envs = ['production', 'staging', 'development'];
  const first = addDays(TODAY, -days);
  let batch: DailyCostRow[] = [];
  let inserted = 0;
  const size = knex.client.config.client === 'pg' ? 3000 : 20000;
  for (let d = 0; d < days; d++) {
    const day = addDays(first, d);
    for (let s = 0; s < services; s++) {
      for (let a = 0; a < awsServices; a++) {
        for (const environment of envs) {
          batch.push({
            source: 'bench',
            usageDate: day,
            billingPeriod: day.slice(0, 7),
            accountId: s % 2 ? '111111111111' : '222222222222',
            accountName: '',
            awsService: `AWS service ${a}`,
            region: 'eu-west-1',
            usageType: '',
            chargeType: 'Usage',
            team: `team-${s % 10}`,
            service: `svc-${s}`,
            environment,
            currency: 'USD',
            costMicros: BigInt(
              1_000_000 + ((d * 7 + s * 13 + a * 17) % 5_000_000),
            ),
            billedMicros: 0n,
          });
          if (batch.length >= size) {
            await insertRaw(knex, batch);
            inserted += batch.length;
            batch = [];
          }
        }
      }
    }
  }
  if (batch.length) {
    await insertRaw(knex, batch);
    inserted += batch.length;
  }
  await store.recordSync({
    source: 'bench',
    type: 'focus',
    ok: true,
    lastDay: addDays(TODAY, -1),
  });
  if (knex.client.config.client === 'pg')
    await knex.raw('ANALYZE aws_cost_daily');
  else await knex.raw('ANALYZE');
  return inserted;
}

async function insertRaw(knex: Knex, batch: DailyCostRow[]) {
  if (knex.client.config.client === 'better-sqlite3') {
    const db = await knex.client.acquireConnection();
    try {
      const insert = db.prepare(
        'insert into aws_cost_daily (source, usage_date, billing_period, account_id, account_name, aws_service, region, usage_type, charge_type, team, service, environment, currency, cost_micros, billed_micros) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
      );
      db.transaction((rowsToInsert: DailyCostRow[]) => {
        for (const r of rowsToInsert) {
          insert.run(
            r.source,
            r.usageDate,
            r.billingPeriod,
            r.accountId,
            r.accountName,
            r.awsService,
            r.region,
            r.usageType,
            r.chargeType,
            r.team,
            r.service,
            r.environment,
            r.currency,
            r.costMicros,
          );
        }
      })(batch);
    } finally {
      await knex.client.releaseConnection(db);
    }
    return;
  }
  await knex('aws_cost_daily').insert(
    batch.map(r => ({
      source: r.source,
      usage_date: r.usageDate,
      billing_period: r.billingPeriod,
      account_id: r.accountId,
      account_name: r.accountName,
      aws_service: r.awsService,
      region: r.region,
      usage_type: r.usageType,
      charge_type: r.chargeType,
      team: r.team,
      service: r.service,
      environment: r.environment,
      currency: r.currency,
      cost_micros: r.costMicros.toString(),
      billed_micros: '0',
    })),
  );
}

async function p95(knex: Knex, label: string): Promise<number> {
  const serviceEntities = components.slice(0, 60);
  const { server } = await startTestBackend({
    features: [
      awsCostPlugin,
      mockServices.database.factory({ knex }),
      // the default answer cache (cleared on every sync or import)
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
  // until the next sync/import or cacheTtlSeconds, as deployed
  const cold: string[] = [];
  for (const p of paths) {
    const t0 = Date.now();
    await views(server, [p], 1, 1);
    cold.push(
      `${p.split('?')[0].replace('/api/aws-cost', '')} ${Date.now() - t0} ms`,
    );
  }
  note(`${label}: cold (uncached) first requests: ${cold.join(', ')}`);
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
    } dashboard routes (answer cache on, permission checked per request), p50 ${pct(
      0.5,
    ).toFixed(1)} ms, p95 ${value} ms, p99 ${pct(0.99).toFixed(
      1,
    )} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms, non-2xx ${
      result.non2xx
    }, errors ${result.errors}`,
  );
  expect(result.non2xx).toBe(0);
  return value;
}

describeBench('cost benchmark', () => {
  jest.setTimeout(60 * 60 * 1000);

  afterAll(() => {
    const out = path.join(ROOT, 'bench/results');
    fs.mkdirSync(out, { recursive: true });
    const keys = [
      'ce_calls_warm_10k_views',
      'ce_calls_100_concurrent_cold',
      'peer_ce_calls_10k_views',
      'api_p95_ms_sqlite',
      'api_p95_ms_postgres',
      'focus_import_rows_per_s',
      'focus_import_peak_rss_mb',
    ];
    const file = path.join(out, 'cost.json');
    const earlier = fs.existsSync(file)
      ? JSON.parse(fs.readFileSync(file, 'utf8'))
      : {};
    const json = Object.fromEntries(
      keys.map(k => [k, results[k] ?? earlier[k] ?? null]),
    );
    fs.writeFileSync(
      path.join(out, 'cost.json'),
      `${JSON.stringify(json, null, 2)}\n`,
    );
    fs.appendFileSync(
      path.join(out, 'cost-notes.txt'),
      `${new Date().toISOString()}\n${notes.join('\n')}\n`,
    );
  });

  it('Cost Explorer calls: 10,000 warm views over 200 entities, 100 concurrent cold requests', async () => {
    const ce = mockClient(CostExplorerClient);
    ceResponses(ce);
    process.env.AWS_ACCESS_KEY_ID ??= 'bench';
    process.env.AWS_SECRET_ACCESS_KEY ??= 'bench';
    process.env.AWS_REGION ??= 'us-east-1';
    const { server } = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            awsCost: {
              sources: { costExplorer: { enabled: true, dailyCallCap: 1000 } },
            },
          },
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        allow,
        catalogServiceMock.factory({ entities: components }),
      ],
    });
    // wait for the start-up sync
    for (
      let i = 0;
      i < 600 && ce.commandCalls(GetAnomaliesCommand).length === 0;
      i++
    ) {
      await new Promise(r => setTimeout(r, 100));
    }
    await new Promise(r => setTimeout(r, 500));
    const syncCalls = ce.calls().length;
    note(
      `Runway sync: ${syncCalls} paid calls (${
        ce.commandCalls(GetCostAndUsageCommand).length
      } GetCostAndUsage pages, 1 forecast, 1 anomalies) for 200 services x 13 months`,
    );

    const paths = components.map(
      c => `/api/aws-cost/entity/component/default/${c.metadata.name}`,
    );
    const warm = await views(server, paths, 10_000, 20);
    expect(warm.errors).toBe(0);
    results.ce_calls_warm_10k_views = ce.calls().length - syncCalls;
    note(
      `Runway: 10,000 entity views over 200 entities in ${warm.ms} ms, ${warm.errors} errors, ${results.ce_calls_warm_10k_views} Cost Explorer calls`,
    );

    const before = ce.calls().length;
    const cold = await views(
      server,
      Array(100).fill(
        `/api/aws-cost/entity/component/default/svc-1?from=${addDays(
          TODAY,
          -45,
        )}&granularity=daily`,
      ),
      100,
      100,
    );
    results.ce_calls_100_concurrent_cold = ce.calls().length - before;
    note(
      `Runway: 100 concurrent cold requests for one key: ${cold.errors} errors, ${results.ce_calls_100_concurrent_cold} Cost Explorer calls (answers come from the store)`,
    );
    ce.restore();
  });

  it('peer: @aws/cost-insights-plugin-for-backstage-backend 0.8.0 under the same view load', async () => {
    let peer;
    try {
      peer = loadPeer();
    } catch (e) {
      note(
        `peer not installed (bench/cost.sh unpacks it): ${
          (e as Error).message
        }`,
      );
      return;
    }
    const ce = mockClient(CostExplorerClient);
    ceResponses(ce);
    const { server } = await startTestBackend({
      features: [
        peer.default ?? peer.costInsightsAwsPlugin,
        mockServices.rootConfig.factory({
          data: {
            aws: { costInsights: { costExplorer: { region: 'us-east-1' } } },
          },
        }),
        allow,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalogServiceMock({ entities: components }),
        }) as any,
      ],
    });
    const intervals = encodeURIComponent(`R2/P30D/${TODAY}`);
    const paths = components.map(
      c =>
        `/api/cost-insights-aws/v1/entity/default/component/${c.metadata.name}/${intervals}`,
    );
    const run = await views(server, paths, 10_000, 20);
    expect(run.errors).toBe(0);
    results.peer_ce_calls_10k_views = ce.calls().length;
    note(
      `peer: 10,000 entity views over 200 entities in ${run.ms} ms, ${run.errors} errors, ${results.peer_ce_calls_10k_views} Cost Explorer calls (its cache: one call per entity and interval, none shared across replicas or days)`,
    );
    const before = ce.calls().length;
    const coldIntervals = encodeURIComponent(`R2/P30D/${addDays(TODAY, -3)}`);
    await views(
      server,
      Array(100).fill(
        `/api/cost-insights-aws/v1/entity/default/component/svc-1/${coldIntervals}`,
      ),
      100,
      100,
    );
    note(
      `peer: 100 concurrent cold requests for one key: ${
        ce.calls().length - before
      } Cost Explorer calls`,
    );
    ce.restore();
  });

  it('dashboard API p95 at 50 req/s on 2 years x 60 services x 20 AWS services x 3 environments', async () => {
    const sqliteFile = path.join(
      os.tmpdir(),
      `runway-cost-bench-${process.pid}.sqlite`,
    );
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: sqliteFile },
      useNullAsDefault: true,
    });
    let start = Date.now();
    await CostStore.create({ database: { getClient: async () => sqlite } });
    const n = await rows(sqlite, 730, 60, 20);
    note(
      `SQLite: ${n} daily rows loaded in ${Math.round(
        (Date.now() - start) / 1000,
      )} s`,
    );
    results.api_p95_ms_sqlite = await p95(sqlite, 'SQLite');
    await sqlite.destroy();
    fs.rmSync(sqliteFile, { force: true });

    // a throwaway PostgreSQL from Debian's packages (test/src/harness)
    const server = await startPostgres();
    const pg = knexFactory({
      client: 'pg',
      connection: {
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        database: 'postgres',
      },
      pool: { min: 0, max: 10 },
    });
    start = Date.now();
    await CostStore.create({ database: { getClient: async () => pg } });
    const m = await rows(pg, 730, 60, 20);
    note(
      `PostgreSQL: ${m} daily rows loaded in ${Math.round(
        (Date.now() - start) / 1000,
      )} s`,
    );
    try {
      results.api_p95_ms_postgres = await p95(pg, 'PostgreSQL');
    } finally {
      await pg.destroy();
      await server.stop();
    }
  });

  it('imports a 1 M-row FOCUS file (rows/s, peak RSS)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-cost-focus-'));
    const file = path.join(dir, 'focus-1m.csv.gz');
    const header =
      'BillingAccountId,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,ServiceName,SubAccountId,RegionId,Tags,x_UsageType,ResourceId';
    function* lines() {
      yield `${header}\n`;
      // one billing period: 30 days x 60 services x 20 AWS services x 3
      // environments = 108,000 daily keys, ~9 resource rows each
      let n = 0;
      for (let d = 1; n < 1_000_000; d = (d % 30) + 1) {
        const day = `2026-09-${String(d).padStart(2, '0')}`;
        for (let s = 0; s < 60 && n < 1_000_000; s++) {
          for (let a = 0; a < 20 && n < 1_000_000; a++) {
            const env = ['production', 'staging', 'development'][n % 3];
            const tags = `"{""user:service"":""svc-${s}"",""user:team"":""team-${
              s % 10
            }"",""user:environment"":""${env}""}"`;
            yield `111111111111,USD,2026-09-01T00:00:00Z,${day}T00:00:00Z,Usage,0.123456,0.120000,AWS service ${a},222222222222,eu-west-1,${tags},Usage${a},i-${n}\n`;
            n++;
          }
        }
      }
    }
    await pipeline(
      Readable.from(lines()),
      createGzip(),
      fs.createWriteStream(file),
    );
    const child = execFileSync(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        path.join(__dirname, 'importChild.ts'),
        file,
        path.join(dir, 'store.sqlite'),
      ],
      { encoding: 'utf8', maxBuffer: 10 * 1024 * 1024 },
    );
    const r = JSON.parse(child.trim().split('\n').pop()!);
    expect(r.errors).toBe(0);
    results.focus_import_rows_per_s = r.rowsPerSecond;
    results.focus_import_peak_rss_mb = r.peakRssMb;
    note(
      `FOCUS import: ${r.rows} rows (${r.errors} errors) into ${
        r.stored
      } daily rows in ${r.seconds.toFixed(1)} s = ${
        r.rowsPerSecond
      } rows/s, peak RSS ${
        r.peakRssMb
      } MB (separate process, gzipped CSV, SQLite)`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
