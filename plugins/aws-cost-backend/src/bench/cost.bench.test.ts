/*
 * Runway cost benchmark (bench/cost.sh runs it with RUNWAY_BENCH=1; skipped
 * otherwise). Writes bench/results/cost.json with exactly the keys of
 * the benchmark report and prints the details. See docs/benchmarks.md.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';
import { addDays } from '@runway/plugin-aws-cost-common';
import knexFactory from 'knex';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { awsCostPlugin } from '../plugin';
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { startPostgres } from '../../../../test/src/harness/postgres';
import { CostStore } from '../store/CostStore';
import {
  allow,
  ceResponses,
  components,
  loadPeer,
  ROOT,
  TODAY,
} from './__testUtils__/fixtures';
import { p95, views } from './__testUtils__/load';
import { seedDailyRows, writeFocusFile } from './__testUtils__/seed';

// The setup (catalog, mocked Cost Explorer, load generator, data seeding)
// is in __testUtils__/; this file holds the measured runs and the report.

const RUN = process.env.RUNWAY_BENCH === '1';
const describeBench = RUN ? describe : describe.skip;
const results: Record<string, number> = {};
const notes: string[] = [];
const note = (line: string) => {
  notes.push(line);
  process.stdout.write(`${line}\n`);
};

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
      'api_p95_ms_uncached_sqlite',
      'api_p95_ms_uncached_postgres',
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

  it('dashboard API p95 at 50 req/s (answer cache on, then off) on 2 years x 60 services x 20 AWS services x 3 environments', async () => {
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
    const n = await seedDailyRows(sqlite, 730, 60, 20);
    note(
      `SQLite: ${n} daily rows loaded in ${Math.round(
        (Date.now() - start) / 1000,
      )} s`,
    );
    const onSqlite = await p95(sqlite, 'SQLite', note);
    expect(onSqlite.non2xx).toBe(0);
    results.api_p95_ms_sqlite = onSqlite.p95;
    const uncachedSqlite = await p95(sqlite, 'SQLite', note, {
      cached: false,
    });
    expect(uncachedSqlite.non2xx).toBe(0);
    results.api_p95_ms_uncached_sqlite = uncachedSqlite.p95;
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
    const m = await seedDailyRows(pg, 730, 60, 20);
    note(
      `PostgreSQL: ${m} daily rows loaded in ${Math.round(
        (Date.now() - start) / 1000,
      )} s`,
    );
    try {
      const onPostgres = await p95(pg, 'PostgreSQL', note);
      expect(onPostgres.non2xx).toBe(0);
      results.api_p95_ms_postgres = onPostgres.p95;
      const uncachedPostgres = await p95(pg, 'PostgreSQL', note, {
        cached: false,
      });
      expect(uncachedPostgres.non2xx).toBe(0);
      results.api_p95_ms_uncached_postgres = uncachedPostgres.p95;
    } finally {
      await pg.destroy();
      await server.stop();
    }
  });

  it('imports a 1 M-row FOCUS file (rows/s, peak RSS)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-cost-focus-'));
    const file = path.join(dir, 'focus-1m.csv.gz');
    await writeFocusFile(file);
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
