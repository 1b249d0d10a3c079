import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { permissionsByRole } from '@runway/test-utils';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { answerCaches, cacheOver } from './__testUtils__/sharedCache';
import { as, ENTITIES, MANAGER } from './__testUtils__/testBackend';
import { awsCostPlugin } from './plugin';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const caches = answerCaches();

describe.each(caches.eachSupportedId())(
  'two replicas sharing one database and one %s cache',
  cacheId => {
    it('B answers from the data A imported, at once', async () => {
      const knex = await databases.init('SQLITE_3');
      const cache = cacheOver((await caches.init(cacheId)).keyv);
      const dir = mkdtempSync(join(tmpdir(), 'runway-cost-replicas-'));
      const file = join(dir, 'focus.csv');
      // the export starts out empty: a FOCUS header and no rows
      writeFileSync(
        file,
        'BillingAccountId,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,ServiceName\n',
      );
      const replica = () =>
        startTestBackend({
          features: [
            awsCostPlugin,
            mockServices.rootConfig.factory({
              data: {
                awsCost: {
                  sources: { files: [{ id: 'focus', path: file }] },
                },
              },
            }),
            mockServices.database.factory({ knex }),
            createServiceFactory({
              service: coreServices.cache,
              deps: {},
              factory: () => cache,
            }),
            mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
            permissionsByRole(({ user }) => user === MANAGER),
            catalogServiceMock.factory({ entities: ENTITIES }),
          ],
        });
      const a = await replica();
      const b = await replica();
      try {
        const before = await request(b.server)
          .get('/api/aws-cost/summary')
          .set(as(MANAGER));
        expect(before.status).toBe(200);
        expect(before.body.status.lastDay).toBeNull();
        // served from the shared cache on A too
        const onA = await request(a.server)
          .get('/api/aws-cost/summary')
          .set(as(MANAGER));
        expect(onA.body).toEqual(before.body);

        // the export is delivered; A imports it
        copyFileSync(
          require.resolve('./import/__fixtures__/focus-1.2.csv'),
          file,
        );
        const imported = await request(a.server)
          .post('/api/aws-cost/import')
          .set(as(MANAGER));
        expect(imported.status).toBe(200);
        expect(imported.body[0]).toMatchObject({ id: 'focus', errorCount: 0 });

        // B's next answer is computed from the new data, with no waiting
        const after = await request(b.server)
          .get('/api/aws-cost/summary')
          .set(as(MANAGER));
        expect(after.status).toBe(200);
        expect(after.body.status.lastDay).not.toBeNull();
        expect(after.body.lastMonth + after.body.monthToDate).not.toBe(
          before.body.lastMonth + before.body.monthToDate,
        );
        const status = await request(b.server)
          .get('/api/aws-cost/status')
          .set(as(MANAGER));
        expect(status.body.sources.map((s: any) => s.source)).toEqual([
          'focus',
        ]);
      } finally {
        await a.stop();
        await b.stop();
      }
    });
  },
);
