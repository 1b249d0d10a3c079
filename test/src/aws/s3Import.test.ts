/**
 * The aws-cost plugin's S3 source (`awsCost.sources.s3`) against moto's
 * server, as production runs it: config only (bucket, prefix, region and a
 * role to assume), the plugin's scheduled S3 import task run as one replica
 * runs it, every AWS request recorded by a proxy in front of moto
 * (`AWS_ENDPOINT_URL`, which the SDK reads itself).
 *
 * The bucket holds a FOCUS 1.2 export, a gzipped CUR 2.0 export and, as
 * AWS Data Exports writes them, metadata files that are not cost files:
 * more than one ListObjectsV2 page, so the FOCUS export is only found by
 * following the continuation token. Totals are checked against figures
 * computed here from the generated rows, in integer micro-units.
 */
import {
  CreateBucketCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import awsCostPlugin, { CostStore } from '@runway/plugin-aws-cost-backend';
import { gzipSync } from 'node:zlib';
import { AwsCall, startAwsRecorder } from '../harness/awsRecorder';
import { Moto, startMoto } from '../harness/moto';
import { curExport, expectedTotals, focusExport, PERIOD } from './costExports';
import { MAIN_CREDENTIALS, useAwsEndpoint } from './awsEnv';

jest.setTimeout(180_000);

const BUCKET = 'runway-cost-exports';
/** moto's default account: buckets created with the main credentials live there. */
const ROLE_ARN = 'arn:aws:iam::123456789012:role/runway-cost-exports';
const TASK = 'aws-cost-s3-import';
const FOCUS_KEY = `exports/runway-focus/data/BILLING_PERIOD=${PERIOD}/runway-focus-00001.csv`;
const CUR_KEY = `exports/runway-cur/data/BILLING_PERIOD=${PERIOD}/runway-cur-00001.csv.gz`;
/** Metadata files between the two exports: more than one page of keys. */
const FILLERS = 1005;

describe('the S3 cost source against moto', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: Moto | undefined;
  let recorder: Awaited<ReturnType<typeof startAwsRecorder>> | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let s3: S3Client;
  let store: CostStore;
  let calls: AwsCall[];
  let runTask: () => Promise<void>;
  let taskScope: string | undefined;
  const focus = focusExport();
  const cur = curExport();
  const put = (Key: string, Body: string | Buffer) =>
    s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));

  beforeAll(async () => {
    moto = await startMoto();
    recorder = await startAwsRecorder(moto.url);
    calls = recorder.calls;
    useAwsEndpoint(recorder.url, moto.dir);
    s3 = new S3Client({ region: 'eu-west-1' });
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    await put(FOCUS_KEY, focus.csv);
    await put(CUR_KEY, gzipSync(cur.csv));
    // AWS Data Exports: <prefix>/<export>/metadata/BILLING_PERIOD=<month>/...
    for (let i = 0; i < FILLERS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, FILLERS - i) }, (_, j) =>
          put(
            `exports/runway-cur/metadata/BILLING_PERIOD=${PERIOD}/part-${String(
              i + j,
            ).padStart(5, '0')}-Manifest.json`,
            '{}',
          ),
        ),
      );
    }
    calls.length = 0;

    const knex = await databases.init('SQLITE_3');
    const scheduler = mockServices.scheduler.mock();
    backend = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            awsCost: {
              sources: {
                s3: {
                  id: 'exports',
                  bucket: BUCKET,
                  prefix: 'exports/',
                  region: 'eu-west-1',
                  roleArn: ROLE_ARN,
                  maxAttempts: 1,
                  timeoutMs: 20_000,
                },
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        scheduler.factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    store = new CostStore(knex);
    const task = scheduler.scheduleTask.mock.calls
      .map(([t]) => t)
      .find(t => t.id === TASK);
    taskScope = task?.scope;
    runTask = async () => {
      await task!.fn(new AbortController().signal);
    };
  });

  afterAll(async () => {
    s3?.destroy();
    await backend?.stop();
    await recorder?.close();
    await moto?.stop();
  });

  /** The sync record of one object: its ETag and the source of its rows. */
  async function record(key: string) {
    return store
      .knex('aws_cost_s3_object')
      .where({ source: 'exports', object_key: key })
      .first();
  }

  async function totals(key: string) {
    const { row_source } = await record(key);
    const rows = (await store
      .knex('aws_cost_daily')
      .where({ source: row_source })
      .groupBy('account_id')
      .select('account_id')
      .sum({ cost: 'cost_micros', billed: 'billed_micros' })
      .count({ n: '*' })) as Array<{
      account_id: string;
      cost: number | string;
      billed: number | string;
      n: number | string;
    }>;
    return Object.fromEntries(
      rows.map(r => [
        r.account_id,
        { cost: BigInt(r.cost), billed: BigInt(r.billed), rows: Number(r.n) },
      ]),
    );
  }

  const objectReads = () =>
    calls.filter(
      c =>
        c.service === 's3' && c.method === 'GET' && !/list-type=2/.test(c.path),
    );
  /** The object paths read so far, in order. */
  const readPaths = () =>
    objectReads().map(c => decodeURIComponent(c.path.split('?')[0]));
  const exportStatus = async () =>
    (await store.getSyncStatus()).find(s => s.source === 'exports');

  it('is scheduled once per cadence across replicas (global)', () => {
    expect(taskScope).toBe('global');
  });

  it('imports the FOCUS and gzipped CUR exports, following every page, with exact totals', async () => {
    await runTask();
    const lists = calls.filter(
      c => c.service === 's3' && /list-type=2/.test(c.path),
    );
    expect(lists).toHaveLength(2);
    expect(lists[0].path).not.toMatch(/continuation-token=/);
    expect(lists[1].path).toMatch(/continuation-token=/);
    expect(readPaths()).toEqual([
      `/${BUCKET}/${CUR_KEY}`,
      `/${BUCKET}/${FOCUS_KEY}`,
    ]);
    expect(await totals(FOCUS_KEY)).toEqual(expectedTotals(focus.expected));
    expect(await totals(CUR_KEY)).toEqual(expectedTotals(cur.expected));
    expect(await exportStatus()).toMatchObject({
      type: 'cur',
      lastError: null,
    });
  });

  it('reads the bucket with the assumed role, assumed with the main credentials', () => {
    const assumed = calls.filter(c => c.action === 'AssumeRole');
    expect(
      assumed.map(c => [c.accessKeyId, c.params.RoleArn, c.status]),
    ).toEqual([[MAIN_CREDENTIALS.accessKeyId, ROLE_ARN, 200]]);
    const roleKey = /<AccessKeyId>(\w+)</.exec(assumed[0].response)![1];
    const s3Calls = calls.filter(c => c.service === 's3');
    expect(s3Calls.length).toBeGreaterThan(0);
    expect(s3Calls.filter(c => c.accessKeyId !== roleKey)).toEqual([]);
  });

  it('skips unchanged objects on the next run', async () => {
    const before = objectReads().length;
    await runTask();
    expect(objectReads()).toHaveLength(before);
    expect(await totals(FOCUS_KEY)).toEqual(expectedTotals(focus.expected));
    expect(await totals(CUR_KEY)).toEqual(expectedTotals(cur.expected));
  });

  it('re-imports an object whose ETag changed, replacing its rows', async () => {
    const { etag } = await record(CUR_KEY);
    const revised = curExport(23);
    await put(CUR_KEY, gzipSync(revised.csv));
    const before = readPaths();
    await runTask();
    // only the changed object is read again
    expect(readPaths()).toEqual([...before, `/${BUCKET}/${CUR_KEY}`]);
    expect((await record(CUR_KEY)).etag).not.toBe(etag);
    expect(await totals(CUR_KEY)).toEqual(expectedTotals(revised.expected));
    expect(await totals(FOCUS_KEY)).toEqual(expectedTotals(focus.expected));
  });

  it('reports a truncated .gz by name and keeps the rows it had', async () => {
    const kept = await totals(CUR_KEY);
    const { etag } = await record(CUR_KEY);
    const gz = gzipSync(curExport(31).csv);
    await put(CUR_KEY, gz.subarray(0, Math.floor(gz.length / 2)));
    await runTask();
    expect((await exportStatus())?.lastError).toMatch(
      `Could not decompress cost file s3://${BUCKET}/${CUR_KEY} after line`,
    );
    expect(await totals(CUR_KEY)).toEqual(kept);
    expect((await record(CUR_KEY)).etag).toBe(etag);
    expect(await totals(FOCUS_KEY)).toEqual(expectedTotals(focus.expected));
  });
});
