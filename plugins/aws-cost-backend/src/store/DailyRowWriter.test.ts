import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { resolve } from 'node:path';
import { costDatabases, dailyRow, newCostStore } from '../__testUtils__/store';
import { importCostFile } from '../import/importer';
import {
  expectRollupsEqualDaily,
  randomRows,
  rollupsAndDaily,
} from './__testUtils__/rollups';
import { CostStore } from './CostStore';
import { upsertRows } from './dailyRows';
import {
  DailyRowWriter,
  deleteDailyRows,
  rebuildRollups,
} from './DailyRowWriter';
import { rollupTables } from './rollups';
import { S3ObjectTable } from './S3ObjectTable';

// SQLite always; PostgreSQL when scripts/test.d/20-cost.sh provides one.
const databases = costDatabases();
jest.setTimeout(120_000);

describe.each(databases.eachSupportedId())('daily row writes on %p', id => {
  let store: CostStore;

  beforeEach(async () => {
    store = await newCostStore(databases, id);
  });

  it('keeps the rollups equal to the daily rows through upserts, replaces and deletes', async () => {
    const { knex } = store;
    await store.upsertDaily(randomRows(3, 1500));
    await expectRollupsEqualDaily(knex);
    // changed amounts and new keys over the same days
    await store.upsertDaily(randomRows(4, 500));
    await expectRollupsEqualDaily(knex);

    // a billing period and account replaced by fewer rows: groups go away
    const march = (await knex('aws_cost_daily').where({
      source: 'a',
      billing_period: '2026-03',
      account_id: '111111111111',
    })) as Array<{ usage_date: string }>;
    expect(march.length).toBeGreaterThan(10);
    const result = await store.replacePeriod({
      source: 'a',
      billingPeriod: '2026-03',
      accountId: '111111111111',
      rows: [
        dailyRow({ source: 'a', usageDate: '2026-03-02', costMicros: 7n }),
      ],
    });
    expect(result).toEqual({ deleted: march.length, inserted: 1 });
    await expectRollupsEqualDaily(knex);
    await store.replacePeriod({
      source: 'a',
      billingPeriod: '2026-04',
      accountId: '222222222222',
      rows: [],
    });
    await expectRollupsEqualDaily(knex);

    await store.replaceDays({
      source: 'a',
      accountId: '333333333333',
      from: '2026-05-10',
      to: '2026-07-20',
      rows: randomRows(5, 200).filter(
        r =>
          r.accountId === '333333333333' &&
          r.usageDate >= '2026-05-10' &&
          r.usageDate <= '2026-07-20',
      ),
    });
    await expectRollupsEqualDaily(knex);

    await deleteDailyRows(knex, q => q.where('usage_date', '<', '2026-01-01'));
    await expectRollupsEqualDaily(knex);
    for (const { table } of rollupTables()) {
      expect(await knex(table).where('row_count', 0)).toEqual([]);
    }
  });

  it('keeps the rollups equal through imports, S3 objects and the sample reset', async () => {
    const { knex } = store;
    await store.upsertDaily(randomRows(6, 500, 'other'));
    const fixture = (name: string) =>
      resolve(__dirname, '../import/__fixtures__', name);
    for (const file of ['focus-1.2.csv', 'cur2.csv', 'focus-1.2.csv']) {
      await importCostFile({
        store,
        source: 'focus',
        path: fixture(file),
        tagKeys: DEFAULT_TAG_KEYS,
      });
      await expectRollupsEqualDaily(knex);
    }
    const objects = new S3ObjectTable(knex);
    const record = {
      key: 'exports/part-1.csv',
      etag: '"1"',
      rowSource: 'focus',
      importedAt: '2026-12-01T00:00:00Z',
      rows: 1,
      notices: [],
    };
    await objects.recordImported({
      source: 's3',
      record,
      keep: ['2026-10|111111111111'],
    });
    await expectRollupsEqualDaily(knex);
    await objects.remove('s3', record);
    expect(await store.countRows('focus')).toBe(0);
    await expectRollupsEqualDaily(knex);
    await deleteDailyRows(knex, q => q.where({ source: 'other' }));
    expect(await store.countRows()).toBe(0);
    for (const { table } of rollupTables()) {
      expect(await knex(table).select()).toEqual([]);
    }
  });

  it('leaves the rollups as they were when a write fails', async () => {
    const { knex } = store;
    await store.upsertDaily(randomRows(7, 800));
    const before = await rollupsAndDaily(knex);
    // rows deleted and written, rollups updated, then the write fails
    await expect(
      DailyRowWriter.run(knex, async writer => {
        await writer.delete(q =>
          q.where({ source: 'a', billing_period: '2026-03' }),
        );
        await writer.write([
          dailyRow({ source: 'a', usageDate: '2026-03-08', costMicros: 5n }),
        ]);
        throw new Error('the connection was lost');
      }),
    ).rejects.toThrow('the connection was lost');
    expect(await rollupsAndDaily(knex)).toEqual(before);
    await expectRollupsEqualDaily(knex);
  });

  it('fills the rollups from the stored rows when migrating, and rebuilds them', async () => {
    const { knex } = store;
    const migrations = {
      directory: resolvePackagePath(
        '@runway/plugin-aws-cost-backend',
        'migrations',
      ),
      tableName: 'aws_cost_knex_migrations',
    };
    await knex.migrate.down({
      ...migrations,
      name: '20261208000000_cost_rollups.js',
    });
    expect(await knex.schema.hasTable('aws_cost_rollup_owner_day')).toBe(false);
    await upsertRows(knex, randomRows(8, 1000));
    await CostStore.create({ database: { getClient: async () => knex } });
    await expectRollupsEqualDaily(knex);
    await upsertRows(knex, randomRows(9, 300, 'bulk'));
    await rebuildRollups(knex);
    await expectRollupsEqualDaily(knex);
  });
});
