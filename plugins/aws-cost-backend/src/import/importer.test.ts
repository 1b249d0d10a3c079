import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { costDatabases, newCostStore } from '../__testUtils__/store';
import { storedTotals } from './__testUtils__/totals';
import { importCostFile } from './importer';

const fixture = (name: string) => resolve(__dirname, '__fixtures__', name);

// SQLite always; PostgreSQL when scripts/test.d/20-cost.sh provides one.
const databases = costDatabases();

jest.setTimeout(60_000);

const newStore = (id: Parameters<typeof databases.init>[0]) =>
  newCostStore(databases, id);

const totals = storedTotals;

describe.each(databases.eachSupportedId())('cost importer on %p', id => {
  it('imports FOCUS 1.2 with amortised commitments, credits, refunds and tax', async () => {
    const store = await newStore(id);
    const result = await importCostFile({
      store,
      source: 'focus',
      path: fixture('focus-1.2.csv'),
      tagKeys: DEFAULT_TAG_KEYS,
    });
    expect(result).toMatchObject({ format: 'focus', rows: 8, errorCount: 0 });
    expect(
      result.groups.map(g => [g.billingPeriod, g.accountId, g.status]),
    ).toEqual([
      ['2026-10', '111111111111', 'imported'],
      ['2026-10', '222222222222', 'imported'],
      ['2026-11', '222222222222', 'imported'],
    ]);
    expect(await totals(store, 'focus')).toEqual([
      // Savings Plan purchase: billed 300, amortised 0; unused part 0.50
      {
        period: '2026-10',
        account: '111111111111',
        cost: 500_000,
        billed: 300_000_000,
        rows: 2,
      },
      // usage 8.20 (two rows of one day summed), tax 41.25, credit -100, refund -2.50
      {
        period: '2026-10',
        account: '222222222222',
        cost: -52_550_000 - 500_000,
        billed: 10_300_000 + 41_250_000 - 100_000_000 - 2_500_000,
        rows: 4,
      },
      // 1.0000005 rounds half away from zero to 1.000001
      {
        period: '2026-11',
        account: '222222222222',
        cost: 1_000_001,
        billed: 1_000_001,
        rows: 1,
      },
    ]);
    const ec2 = await store
      .knex('aws_cost_daily')
      .where({
        service: 'billing-worker',
        aws_service: 'Amazon Elastic Compute Cloud',
      })
      .first();
    expect(ec2).toMatchObject({
      usage_date: '2026-10-05',
      team: 'team-payments',
      environment: 'production',
      charge_type: 'Usage',
      currency: 'USD',
      account_name: 'workloads',
    });
    expect(Number(ec2.cost_micros)).toBe(8_200_000);
    const correction = await store
      .knex('aws_cost_daily')
      .where({ aws_service: 'Amazon MQ' })
      .first();
    expect(correction.charge_type).toBe('Usage/Correction');
  });

  it('re-importing a period replaces it and duplicates nothing; gzip works', async () => {
    const store = await newStore(id);
    const first = await importCostFile({
      store,
      source: 'focus',
      path: fixture('focus-1.2.csv'),
      tagKeys: DEFAULT_TAG_KEYS,
    });
    const before = await totals(store, 'focus');
    const again = await importCostFile({
      store,
      source: 'focus',
      path: fixture('focus-1.2.csv.gz'),
      tagKeys: DEFAULT_TAG_KEYS,
    });
    expect(again.rows).toBe(first.rows);
    expect(await totals(store, 'focus')).toEqual(before);

    // a corrected October for account 222 replaces the old one entirely
    const dir = mkdtempSync(join(tmpdir(), 'cost-import-'));
    const corrected = join(dir, 'corrected.csv');
    writeFileSync(
      corrected,
      [
        'BillingAccountId,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,ServiceName,SubAccountId,Tags',
        '111111111111,USD,2026-10-01T00:00:00Z,2026-10-07T00:00:00Z,Usage,5.00,5.00,Amazon S3,222222222222,{}',
      ].join('\n'),
    );
    await importCostFile({
      store,
      source: 'focus',
      path: corrected,
      tagKeys: DEFAULT_TAG_KEYS,
    });
    const after = await totals(store, 'focus');
    expect(after[0]).toEqual(before[0]);
    expect(after[1]).toEqual({
      period: '2026-10',
      account: '222222222222',
      cost: 5_000_000,
      billed: 5_000_000,
      rows: 1,
    });
    expect(after[2]).toEqual(before[2]);
  });

  it('reports bad rows with line and column and writes no group that has one', async () => {
    const store = await newStore(id);
    const result = await importCostFile({
      store,
      source: 'focus',
      path: fixture('focus-bad-rows.csv'),
      tagKeys: DEFAULT_TAG_KEYS,
    });
    const file = fixture('focus-bad-rows.csv');
    const refused = (line: number, column: string, reason: string) => ({
      file,
      line,
      column,
      reason,
      message: `${file}, line ${line}, column ${column}: ${reason}`,
    });
    expect(result.errors).toEqual([
      refused(3, 'EffectiveCost', "EffectiveCost 'abc' is not a number"),
      refused(
        4,
        'ChargePeriodStart',
        "ChargePeriodStart '2026-13-05T00:00:00Z' is not a date",
      ),
      refused(
        6,
        'ChargeCategory',
        "ChargeCategory 'Refund' is not one of Usage, Purchase, Tax, Credit, Adjustment",
      ),
      refused(
        7,
        'BillingCurrency',
        "BillingCurrency 'usd' is not an ISO 4217 code",
      ),
      refused(8, 'Tags', 'Tags is not a JSON object'),
    ]);
    expect(result.groups.map(g => [g.accountId, g.status])).toEqual([
      ['222222222222', 'rejected'],
      ['333333333333', 'imported'],
      ['444444444444', 'rejected'],
      ['555555555555', 'rejected'],
      ['666666666666', 'rejected'],
    ]);
    expect((await totals(store, 'focus')).map(t => t.account)).toEqual([
      '333333333333',
    ]);
  });

  it('writes nothing from a file that is not valid CSV', async () => {
    const store = await newStore(id);
    const result = await importCostFile({
      store,
      source: 'focus',
      path: fixture('focus-bad-csv.csv'),
      tagKeys: DEFAULT_TAG_KEYS,
    });
    const file = fixture('focus-bad-csv.csv');
    expect(result.errors).toEqual([
      {
        file,
        line: 3,
        reason: expect.stringMatching(
          /^Not a valid CSV file: Invalid Record Length/,
        ),
        message: expect.stringMatching(
          new RegExp(`^${file}, line 3: Not a valid CSV file: `),
        ),
      },
    ]);
    expect(await store.countRows()).toBe(0);
  });

  it('refuses a file that is neither FOCUS nor CUR 2.0, naming a missing column', async () => {
    const store = await newStore(id);
    const result = await importCostFile({
      store,
      source: 'focus',
      path: fixture('not-a-cost-file.csv'),
      tagKeys: DEFAULT_TAG_KEYS,
    });
    expect(result.errors[0]).toMatchObject({ line: 1, column: 'BilledCost' });
    expect(await store.countRows()).toBe(0);
  });

  it('imports CUR 2.0 with the amortised view of Savings Plans and reservations', async () => {
    const store = await newStore(id);
    const result = await importCostFile({
      store,
      source: 'cur',
      path: fixture('cur2.csv'),
      tagKeys: DEFAULT_TAG_KEYS,
    });
    expect(result).toMatchObject({ format: 'cur2', rows: 9, errorCount: 0 });
    const all = await totals(store, 'cur');
    expect(all.reduce((a, t) => a + t.cost, 0)).toBe(30_500_000);
    expect(all.reduce((a, t) => a + t.billed, 0)).toBe(1_427_000_000);
    const covered = await store
      .knex('aws_cost_daily')
      .where({
        aws_service: 'Amazon Elastic Compute Cloud',
        charge_type: 'Usage',
      })
      .first();
    expect(Number(covered.cost_micros)).toBe(7_000_000);
    expect(covered.service).toBe('checkout-api');
    const ri = await store
      .knex('aws_cost_daily')
      .where({ usage_type: 'EU-HeavyUsage:db.r6g.large' });
    expect(ri).toHaveLength(1);
    expect(Number(ri[0].cost_micros)).toBe(2_000_000);
    expect(Number(ri[0].billed_micros)).toBe(1_120_000_000);
  });

  it('upserts are idempotent by key', async () => {
    const store = await newStore(id);
    const row = {
      source: 'cost-explorer',
      usageDate: '2026-11-01',
      billingPeriod: '2026-11',
      accountId: '1',
      accountName: '',
      awsService: 'Amazon S3',
      region: '',
      usageType: '',
      chargeType: 'Usage',
      team: '',
      service: 'x',
      environment: '',
      currency: 'USD',
      costMicros: 9_007_199_254_740_000n,
      billedMicros: 1n,
    };
    await store.upsertDaily([row]);
    await store.upsertDaily([{ ...row, costMicros: 2n }]);
    await store.upsertDaily([{ ...row, costMicros: 9_007_199_254_740_991n }]);
    const rows = await store.knex('aws_cost_daily');
    expect(rows).toHaveLength(1);
    expect(String(rows[0].cost_micros)).toBe('9007199254740991');
  });
});
