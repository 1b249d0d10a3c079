import {
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { costDatabases, newCostStore } from '../__testUtils__/store';
import { readAwsCostConfig } from '../config';
import { CostStore } from '../store/CostStore';
import { S3Source } from './S3Source';

jest.setTimeout(60_000);

const databases = costDatabases();
const FOCUS = readFileSync(
  require.resolve('../import/__fixtures__/focus-1.2.csv'),
  'utf8',
);
const CUR = readFileSync(require.resolve('../import/__fixtures__/cur2.csv'));
const config = readAwsCostConfig(
  new ConfigReader({
    awsCost: {
      sources: {
        s3: {
          id: 'exports',
          bucket: 'bills',
          prefix: 'data/',
          timeoutMs: 5000,
        },
      },
    },
  }),
).s3!;

/** The bucket's objects: key to body and ETag. */
type Bucket = Map<string, { body: Buffer; etag: string }>;

/** An S3 mock that lists `bucket` one key per page and serves its bodies. */
function mockS3(bucket: Bucket) {
  const s3 = mockClient(S3Client);
  s3.on(ListObjectsV2Command).callsFake(input => {
    const keys = [...bucket.keys()].sort();
    const start = input.ContinuationToken ? Number(input.ContinuationToken) : 0;
    const key = keys[start];
    return {
      Contents: key ? [{ Key: key, ETag: bucket.get(key)!.etag }] : [],
      IsTruncated: start + 1 < keys.length,
      NextContinuationToken:
        start + 1 < keys.length ? String(start + 1) : undefined,
    };
  });
  s3.on(GetObjectCommand).callsFake(input => {
    const object = bucket.get(input.Key);
    return { Body: Readable.from([object!.body]), ETag: object!.etag };
  });
  return s3;
}

async function sourceRows(store: CostStore) {
  const rows = await store
    .knex('aws_cost_daily')
    .where('source', 'like', 'exports:%')
    .count({ n: '*' })
    .sum({ micros: 'cost_micros' });
  return { rows: Number(rows[0].n), micros: BigInt(rows[0].micros ?? 0) };
}

describe.each(databases.eachSupportedId())('S3Source on %s', databaseId => {
  let store: CostStore;
  let bucket: Bucket;
  let s3: ReturnType<typeof mockS3>;
  let source: S3Source;

  beforeEach(async () => {
    store = await newCostStore(databases, databaseId);
    bucket = new Map([
      ['data/focus-00001.csv', { body: Buffer.from(FOCUS), etag: '"f1"' }],
      ['data/cur-00001.csv.gz', { body: gzipSync(CUR), etag: '"c1"' }],
      ['data/Manifest.json', { body: Buffer.from('{}'), etag: '"m1"' }],
    ]);
    s3 = mockS3(bucket);
    source = new S3Source({
      config,
      tagKeys: DEFAULT_TAG_KEYS,
      store,
      logger: mockServices.logger.mock(),
      client: new S3Client({ region: 'eu-west-1' }),
    });
  });

  afterEach(() => s3.restore());

  it('lists every page and imports each .csv and .csv.gz object once', async () => {
    const report = await source.sync();
    expect(report.objects).toEqual([
      { key: 'data/cur-00001.csv.gz', status: 'imported', rows: 9 },
      { key: 'data/focus-00001.csv', status: 'imported', rows: 8 },
    ]);
    // three pages, each asking for the next with the token it was given
    expect(
      s3.commandCalls(ListObjectsV2Command).map(c => c.args[0].input),
    ).toEqual([
      { Bucket: 'bills', Prefix: 'data/', ContinuationToken: undefined },
      { Bucket: 'bills', Prefix: 'data/', ContinuationToken: '1' },
      { Bucket: 'bills', Prefix: 'data/', ContinuationToken: '2' },
    ]);
    expect(
      s3.commandCalls(GetObjectCommand).map(c => c.args[0].input.Key),
    ).toEqual(['data/cur-00001.csv.gz', 'data/focus-00001.csv']);
    const first = await sourceRows(store);
    expect(first.rows).toBeGreaterThan(0);
    const status = (await store.getSyncStatus()).find(
      s => s.source === 'exports',
    );
    expect(status).toMatchObject({ type: 'cur', lastError: null });

    // unchanged ETags: listed again, not read again, rows untouched
    const again = await source.sync();
    expect(again.objects.map(o => o.status)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
    expect(await sourceRows(store)).toEqual(first);
  });

  it('keeps what an object left out (another provider) in the status, also when it is unchanged', async () => {
    bucket.set('data/azure.csv', {
      body: readFileSync(
        require.resolve('../import/__fixtures__/focus-1.0r2-azure.csv'),
      ),
      etag: '"a1"',
    });
    const notice =
      's3://bills/data/azure.csv: 5 rows of provider Microsoft not imported (Runway reports AWS spend only), cost -42.469590 USD';
    const report = await source.sync();
    expect(report.objects.find(o => o.key === 'data/azure.csv')).toEqual({
      key: 'data/azure.csv',
      status: 'imported',
      rows: 5,
      notices: [notice],
    });
    const status = async () =>
      (await store.getSyncStatus()).find(s => s.source === 'exports');
    expect(await status()).toMatchObject({
      lastError: null,
      notices: [notice],
    });
    await source.sync();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(3);
    expect((await status())?.notices).toEqual([notice]);
  });

  it('reads every object again once after the upgrade that leaves other providers and currencies out', async () => {
    await source.sync();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
    const migrations = {
      directory: resolvePackagePath(
        '@runway/plugin-aws-cost-backend',
        'migrations',
      ),
      tableName: 'aws_cost_knex_migrations',
      // that migration, whichever came after it
      name: '20261205010000_reread_s3_objects.js',
    };
    await store.knex.migrate.down(migrations);
    await store.knex.migrate.up(migrations);
    await source.sync();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(4);
    await source.sync();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(4);
  });

  it('replaces the rows of a changed object, and drops a deleted one', async () => {
    await source.sync();
    const before = await sourceRows(store);
    // the FOCUS object now holds only its header and first row
    const [header, row] = FOCUS.split('\n');
    bucket.set('data/focus-00001.csv', {
      body: Buffer.from(`${header}\n${row}\n`),
      etag: '"f2"',
    });
    const report = await source.sync();
    expect(report.objects).toEqual([
      { key: 'data/cur-00001.csv.gz', status: 'unchanged' },
      { key: 'data/focus-00001.csv', status: 'imported', rows: 1 },
    ]);
    const after = await sourceRows(store);
    expect(after.rows).toBeLessThan(before.rows);

    bucket.delete('data/focus-00001.csv');
    const removed = await source.sync();
    expect(removed.objects).toContainEqual({
      key: 'data/focus-00001.csv',
      status: 'removed',
    });
    const curOnly = await store
      .knex('aws_cost_daily')
      .where('source', 'like', 'exports:%')
      .distinct('source');
    expect(curOnly).toHaveLength(1);
  });

  it('reports a truncated .gz by name and keeps the rows it had', async () => {
    await source.sync();
    const before = await sourceRows(store);
    const gz = gzipSync(CUR);
    bucket.set('data/cur-00001.csv.gz', {
      body: gz.subarray(0, Math.floor(gz.length / 2)),
      etag: '"c2"',
    });
    const report = await source.sync();
    expect(report.objects).toEqual([
      {
        key: 'data/cur-00001.csv.gz',
        status: 'failed',
        error: expect.stringMatching(
          /^Could not decompress cost file s3:\/\/bills\/data\/cur-00001\.csv\.gz after line \d+; caused by Error: unexpected end of file$/,
        ),
      },
      { key: 'data/focus-00001.csv', status: 'unchanged' },
    ]);
    expect(await sourceRows(store)).toEqual(before);
    const status = (await store.getSyncStatus()).find(
      s => s.source === 'exports',
    );
    expect(status?.lastError).toMatch(
      /^1 of 2 objects failed; first: Could not decompress cost file s3:\/\/bills\/data\/cur-00001\.csv\.gz/,
    );
    // the failed object is read again on the next run
    await source.sync();
    expect(
      s3.commandCalls(GetObjectCommand).map(c => c.args[0].input.Key),
    ).toEqual([
      'data/cur-00001.csv.gz',
      'data/focus-00001.csv',
      'data/cur-00001.csv.gz',
      'data/cur-00001.csv.gz',
    ]);
  });

  it('changes nothing when the bucket cannot be listed', async () => {
    await source.sync();
    const before = await sourceRows(store);
    s3.on(ListObjectsV2Command).rejects(
      Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }),
    );
    const report = await source.sync();
    expect(report).toEqual({
      objects: [],
      error: 'Could not list s3://bills/data/: Access Denied',
    });
    expect(await sourceRows(store)).toEqual(before);
  });
});

describe('S3 source config', () => {
  it('names the bad key', () => {
    expect(() =>
      readAwsCostConfig(
        new ConfigReader({
          awsCost: { sources: { s3: { bucket: 'b', roleArn: 'admin' } } },
        }),
      ),
    ).toThrow("Invalid config awsCost.sources.s3.roleArn: 'admin'");
    expect(() =>
      readAwsCostConfig(
        new ConfigReader({
          awsCost: { sources: { s3: { bucket: 'b', frequencyHours: 0 } } },
        }),
      ),
    ).toThrow('Invalid config awsCost.sources.s3.frequencyHours');
    expect(() =>
      readAwsCostConfig(new ConfigReader({ awsCost: { sources: { s3: {} } } })),
    ).toThrow(/awsCost\.sources\.s3\.bucket/);
  });

  it('applies the defaults', () => {
    expect(
      readAwsCostConfig(
        new ConfigReader({ awsCost: { sources: { s3: { bucket: 'b' } } } }),
      ).s3,
    ).toEqual({
      id: 's3',
      bucket: 'b',
      prefix: '',
      region: 'us-east-1',
      roleArn: undefined,
      externalId: undefined,
      frequencyHours: 8,
      timeoutMs: 30_000,
      objectTimeoutMs: 600_000,
      maxAttempts: 3,
    });
  });
});
