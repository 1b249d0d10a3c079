import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { costDatabases, newCostStore } from '../__testUtils__/store';
import { readAwsCostConfig } from '../config';
import { importConfiguredFiles } from '../sources/fileSources';
import { CostStore } from '../store/CostStore';
import { importCostFile, MAX_RECORD_BYTES } from './importer';

// Files an importer must survive: a truncated .gz, a missing file, a record
// larger than the limit. Each fails promptly, names the file (and the line
// where known) and writes nothing; what the source held stays as it was.

// SQLite always; PostgreSQL when scripts/test.d/20-cost.sh provides one.
const databases = costDatabases();

jest.setTimeout(60_000);

const fixture = (name: string) => resolve(__dirname, '__fixtures__', name);

const HEADER =
  'BillingAccountId,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,ServiceName,SubAccountId,Tags';

/** A FOCUS file of `rows` one-cent S3 rows for account 222222222222. */
function focusRows(rows: number, tags = '{}') {
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(
      `111111111111,USD,2026-10-01T00:00:00Z,2026-10-${day}T00:00:00Z,Usage,0.01,0.01,Amazon S3,222222222222,"${tags.replace(
        /"/g,
        '""',
      )}"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function tempFile(name: string, content: string | Buffer) {
  const path = join(mkdtempSync(join(tmpdir(), 'cost-import-')), name);
  writeFileSync(path, content);
  return path;
}

async function snapshot(store: CostStore) {
  return store
    .knex('aws_cost_daily')
    .select('source', 'usage_date', 'account_id', 'cost_micros')
    .orderBy(['source', 'usage_date', 'account_id', 'aws_service']);
}

describe.each(databases.eachSupportedId())(
  'cost importer failures on %p',
  id => {
    let store: CostStore;
    beforeEach(async () => {
      store = await newCostStore(databases, id);
      // what the source held before: the FOCUS fixture
      await importCostFile({
        store,
        source: 'focus',
        path: fixture('focus-1.2.csv'),
        tagKeys: DEFAULT_TAG_KEYS,
      });
    });

    it('fails on a truncated .gz, naming the file and the line, writing nothing', async () => {
      const before = await snapshot(store);
      const whole = gzipSync(focusRows(20_000));
      const path = tempFile(
        'focus.csv.gz',
        whole.subarray(0, whole.length / 2),
      );
      const error = await importCostFile({
        store,
        source: 'focus',
        path,
        tagKeys: DEFAULT_TAG_KEYS,
      }).catch(e => e);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(path);
      expect(error.message).toMatch(/after line \d+/);
      expect(error.message).toMatch(/unexpected end of file/);
      expect(await snapshot(store)).toEqual(before);
    });

    it('fails on a corrupt .gz (not gzip at all)', async () => {
      const path = tempFile('focus.csv.gz', readFileSync(fixture('cur2.csv')));
      await expect(
        importCostFile({ store, source: 'x', path, tagKeys: DEFAULT_TAG_KEYS }),
      ).rejects.toThrow(path);
      expect(await store.countRows('x')).toBe(0);
    });

    it.each(['missing.csv', 'missing.csv.gz'])(
      'fails on a missing file (%s), naming it',
      async name => {
        const path = join(tmpdir(), `runway-no-such-dir-${process.pid}`, name);
        const error = await importCostFile({
          store,
          source: 'focus',
          path,
          tagKeys: DEFAULT_TAG_KEYS,
        }).catch(e => e);
        expect(error.name).toBe('NotFoundError');
        expect(error.message).toBe(`Cost file ${path} does not exist`);
      },
    );

    it('refuses a record larger than the limit, naming the file and the line', async () => {
      const before = await snapshot(store);
      const huge = JSON.stringify({
        'user:note': 'x'.repeat(MAX_RECORD_BYTES),
      });
      const path = tempFile(
        'focus.csv',
        `${focusRows(3)}${focusRows(1, huge).split('\n')[1]}\n`,
      );
      const result = await importCostFile({
        store,
        source: 'focus',
        path,
        tagKeys: DEFAULT_TAG_KEYS,
      });
      expect(MAX_RECORD_BYTES).toBe(1024 * 1024);
      expect(result.errorCount).toBe(1);
      expect(result.errors[0]).toEqual({
        file: path,
        line: 5,
        reason: "Record is larger than the importer's limit of 1048576 bytes",
        message: `${path}, line 5: Record is larger than the importer's limit of 1048576 bytes`,
      });
      expect(result.groups.every(g => g.status === 'rejected')).toBe(true);
      expect(await snapshot(store)).toEqual(before);
    });

    it('a failing file is recorded with its name and does not stop the next one', async () => {
      const truncated = gzipSync(focusRows(20_000));
      const bad = tempFile('bad.csv.gz', truncated.subarray(0, 2000));
      const logger = mockServices.logger.mock();
      const config = readAwsCostConfig(
        new ConfigReader({
          awsCost: {
            sources: {
              files: [
                { id: 'broken', path: bad },
                { id: 'good', path: fixture('focus-1.2.csv.gz') },
              ],
            },
          },
        }),
      );
      const results = await importConfiguredFiles({ store, config, logger });
      expect(results[0]).toEqual({
        id: 'broken',
        path: bad,
        error: expect.stringContaining(bad),
      });
      expect(results[1]).toMatchObject({ id: 'good', rows: 8, errorCount: 0 });
      const status = await store.getSyncStatus();
      expect(status.find(s => s.source === 'broken')?.lastError).toContain(bad);
      expect(await store.countRows('broken')).toBe(0);
    });
  },
);
