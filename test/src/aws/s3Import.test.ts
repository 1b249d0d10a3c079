/**
 * FOCUS and CUR 2.0 exports read from S3 (moto's server) into the cost
 * store through the aws-cost backend's importer (`importCostFile`, the
 * streaming FOCUS/CUR parser every file source uses).
 *
 * The plugin has no S3 source of its own yet (`awsCost.sources.files`
 * takes local paths), so this test does what such a source has to do, with
 * the AWS SDK against moto: list the export's objects under a prefix as AWS
 * Data Exports lays them out, stream each object's body (gunzipped for
 * `.csv.gz`) into the importer, and check what landed in the store against
 * totals computed here from the generated rows, in integer micro-units.
 */
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  CostStore,
  importCostFile,
  ImportResult,
} from '@runway/plugin-aws-cost-backend';
import { Moto, startMoto } from '../harness/moto';
import { useAwsEndpoint } from './awsEnv';

jest.setTimeout(120_000);

const BUCKET = 'runway-cost-exports';
const PERIOD = '2026-10';
const TAG_KEYS = {
  team: 'team',
  service: 'service',
  environment: 'environment',
};
const ACCOUNTS = {
  '111111111111': 'shared-services',
  '222222222222': 'workloads',
};
const SERVICES = [
  ['Amazon Elastic Compute Cloud', 'checkout-api', 'team-checkout'],
  ['Amazon Relational Database Service', 'payments-api', 'team-payments'],
  ['Amazon Simple Queue Service', 'billing-worker', 'team-payments'],
  ['Amazon Elastic Kubernetes Service', 'runway', 'platform-ops'],
] as const;

/** A fixed-seed generator of amounts in micro-units. */
function amounts(seed: number) {
  let state = seed;
  return (max: number): bigint => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return BigInt(state % max);
  };
}

/**
 * A micro-unit amount as an export writes it: six decimals, trailing zeros
 * dropped, or padded to ten decimals (both exact).
 */
function decimal(micros: bigint, padded: boolean): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0');
  if (padded) return `${sign}${whole}.${frac}0000`;
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${sign}${whole}.${trimmed}` : `${sign}${whole}`;
}

function csvLine(values: string[]): string {
  return values
    .map(v => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(',');
}

type Expected = {
  rows: number;
  /** Per account: amortised and billed totals. */
  totals: Record<string, { cost: bigint; billed: bigint }>;
  /** Distinct store keys (hourly lines of one day add up to one row). */
  keys: Set<string>;
};

function expectedFor(): Expected {
  return {
    rows: 0,
    totals: Object.fromEntries(
      Object.keys(ACCOUNTS).map(a => [a, { cost: 0n, billed: 0n }]),
    ),
    keys: new Set(),
  };
}

/**
 * A FOCUS 1.2 export of one month: every account, day, service and 16
 * usage types, two hourly lines each (the importer sums them into one daily
 * row), and one credit per account. About 2 MB, so S3 streams it in
 * several chunks.
 */
function focusExport(): { csv: string; expected: Expected } {
  const next = amounts(7);
  const expected = expectedFor();
  const lines = [
    'BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,BilledCost,EffectiveCost,RegionId,ServiceName,SubAccountId,SubAccountName,Tags,x_UsageType',
  ];
  const add = (
    account: string,
    day: string,
    hour: string,
    category: string,
    [awsService, service, team]: readonly string[],
    usageType: string,
    billed: bigint,
    cost: bigint,
  ) => {
    expected.rows++;
    expected.totals[account].cost += cost;
    expected.totals[account].billed += billed;
    expected.keys.add(
      [account, day, awsService, usageType, category].join('|'),
    );
    lines.push(
      csvLine([
        '999999999999',
        'payer',
        'USD',
        `${PERIOD}-01T00:00:00Z`,
        '2026-11-01T00:00:00Z',
        `${day}T${hour}:00:00Z`,
        `${day}T${hour}:59:59Z`,
        category,
        '',
        decimal(billed, expected.rows % 3 === 0),
        decimal(cost, expected.rows % 5 === 0),
        'eu-west-1',
        awsService,
        account,
        ACCOUNTS[account as keyof typeof ACCOUNTS],
        JSON.stringify({
          'user:service': service,
          'user:team': team,
          'user:environment': 'production',
        }),
        usageType,
      ]),
    );
  };
  for (const account of Object.keys(ACCOUNTS)) {
    for (let d = 1; d <= 31; d++) {
      const day = `${PERIOD}-${String(d).padStart(2, '0')}`;
      for (const service of SERVICES) {
        for (let u = 0; u < 16; u++) {
          for (const hour of ['03', '15']) {
            const billed = next(25_000_000);
            const cost = (billed * 9n) / 10n;
            add(
              account,
              day,
              hour,
              'Usage',
              service,
              `EU-Usage-${u}`,
              billed,
              cost,
            );
          }
        }
      }
    }
    const credit = -next(40_000_000);
    add(
      account,
      `${PERIOD}-15`,
      '00',
      'Credit',
      SERVICES[0],
      'EU-Credit',
      credit,
      credit,
    );
  }
  return { csv: `${lines.join('\n')}\n`, expected };
}

/**
 * A CUR 2.0 (Data Exports) file of the same month: usage billed as is and
 * usage covered by a Savings Plan (amortised at its effective cost).
 */
function curExport(): { csv: string; expected: Expected } {
  const next = amounts(11);
  const expected = expectedFor();
  const lines = [
    'bill_billing_period_start_date,line_item_usage_start_date,line_item_usage_account_id,line_item_usage_account_name,line_item_line_item_type,line_item_product_code,product_product_name,product_region_code,line_item_usage_type,line_item_unblended_cost,line_item_currency_code,savings_plan_savings_plan_effective_cost,resource_tags',
  ];
  for (const [account, name] of Object.entries(ACCOUNTS)) {
    for (let d = 1; d <= 31; d++) {
      const day = `${PERIOD}-${String(d).padStart(2, '0')}`;
      for (const [awsService, service] of SERVICES) {
        const covered = d % 2 === 0;
        const billed = next(30_000_000);
        const cost = covered ? (billed * 7n) / 10n : billed;
        expected.rows++;
        expected.totals[account].cost += cost;
        expected.totals[account].billed += billed;
        expected.keys.add([account, day, awsService].join('|'));
        lines.push(
          csvLine([
            `${PERIOD}-01T00:00:00Z`,
            `${day}T00:00:00Z`,
            account,
            name,
            covered ? 'SavingsPlanCoveredUsage' : 'Usage',
            'Amazon',
            awsService,
            'eu-west-1',
            'EU-BoxUsage:t3.large',
            decimal(billed, false),
            'USD',
            covered ? decimal(cost, true) : '',
            JSON.stringify({ user_service: service }),
          ]),
        );
      }
    }
  }
  return { csv: `${lines.join('\n')}\n`, expected };
}

describe('FOCUS and CUR 2.0 exports from S3 into the cost store (moto)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: Moto | undefined;
  let s3: S3Client;
  let store: CostStore;
  const focus = focusExport();
  const cur = curExport();

  /**
   * Imports every `.csv` / `.csv.gz` object under `prefix`, listed page by
   * page, each streamed from S3 into the importer.
   */
  async function importFromS3(
    source: string,
    prefix: string,
  ): Promise<Array<{ key: string; result: ImportResult }>> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: prefix,
          MaxKeys: 1,
          ContinuationToken: token,
        }),
      );
      keys.push(...(page.Contents ?? []).map(o => o.Key!));
      token = page.NextContinuationToken;
    } while (token);
    const results = [];
    for (const key of keys.filter(k => /\.csv(\.gz)?$/.test(k))) {
      const object = await s3.send(
        new GetObjectCommand({ Bucket: BUCKET, Key: key }),
      );
      const body = object.Body as Readable;
      const input = key.endsWith('.gz') ? body.pipe(createGunzip()) : body;
      results.push({
        key,
        result: await importCostFile({
          store,
          source,
          input,
          tagKeys: TAG_KEYS,
        }),
      });
    }
    return results;
  }

  async function totals(source: string) {
    const rows = (await store
      .knex('aws_cost_daily')
      .where({ source })
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

  function expectedTotals(expected: Expected) {
    return Object.fromEntries(
      Object.entries(expected.totals).map(([account, t]) => [
        account,
        {
          ...t,
          rows: [...expected.keys].filter(k => k.startsWith(`${account}|`))
            .length,
        },
      ]),
    );
  }

  beforeAll(async () => {
    moto = await startMoto();
    useAwsEndpoint(moto.url, moto.dir);
    s3 = new S3Client({ region: 'eu-west-1' });
    await s3.send(
      new CreateBucketCommand({
        Bucket: BUCKET,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const put = (Key: string, Body: string | Buffer) =>
      s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
    // AWS Data Exports: <prefix>/<export>/data/BILLING_PERIOD=<month>/...
    await put(
      `focus/runway-focus/data/BILLING_PERIOD=${PERIOD}/runway-focus-00001.csv`,
      focus.csv,
    );
    await put(
      `cur/runway-cur/data/BILLING_PERIOD=${PERIOD}/runway-cur-00001.csv.gz`,
      gzipSync(cur.csv),
    );
    await put(
      `cur/runway-cur/metadata/BILLING_PERIOD=${PERIOD}/runway-cur-Manifest.json`,
      '{}',
    );
    const knex = await databases.init('SQLITE_3');
    store = await CostStore.create({
      database: { getClient: async () => knex },
    });
  });

  afterAll(async () => {
    s3?.destroy();
    await moto?.stop();
  });

  it('imports a FOCUS 1.2 export streamed from S3, with exact totals', async () => {
    expect(Buffer.byteLength(focus.csv)).toBeGreaterThan(1_500_000);
    const [imported, ...more] = await importFromS3(
      'focus',
      'focus/runway-focus/',
    );
    expect(more).toEqual([]);
    expect(imported.result).toMatchObject({
      format: 'focus',
      rows: focus.expected.rows,
      errorCount: 0,
    });
    expect(imported.result.groups.map(g => [g.accountId, g.status])).toEqual([
      ['111111111111', 'imported'],
      ['222222222222', 'imported'],
    ]);
    expect(await totals('focus')).toEqual(expectedTotals(focus.expected));
  });

  it('imports a gzipped CUR 2.0 export, amortising Savings Plan usage', async () => {
    const results = await importFromS3('cur', 'cur/runway-cur/');
    // the manifest is listed but is not a cost file
    expect(results.map(r => r.key)).toEqual([
      `cur/runway-cur/data/BILLING_PERIOD=${PERIOD}/runway-cur-00001.csv.gz`,
    ]);
    expect(results[0].result).toMatchObject({
      format: 'cur2',
      rows: cur.expected.rows,
      errorCount: 0,
    });
    expect(await totals('cur')).toEqual(expectedTotals(cur.expected));
  });

  it('a second import of the same objects replaces, never doubles', async () => {
    await importFromS3('focus', 'focus/runway-focus/');
    await importFromS3('cur', 'cur/runway-cur/');
    expect(await totals('focus')).toEqual(expectedTotals(focus.expected));
    expect(await totals('cur')).toEqual(expectedTotals(cur.expected));
  });
});
