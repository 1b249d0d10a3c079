import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { costDatabases, newCostStore } from '../__testUtils__/store';
import { CostStore } from '../store/CostStore';
import { storedTotals } from './__testUtils__/totals';
import { importCostFile } from './importer';

// A bad row never hides spend silently: its billing period and account
// group is not written (all or nothing), the other groups are, and the
// refused rows are kept with their line, column, reason and cost, replacing
// what the file's previous import refused.

// SQLite always; PostgreSQL when scripts/test.d/20-cost.sh provides one.
const databases = costDatabases();
jest.setTimeout(60_000);

const HEADER =
  'BillingAccountId,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,ServiceName,SubAccountId,Tags';

/** One FOCUS line (the billing account is 111111111111). */
function line(fields: {
  account: string;
  period?: string;
  day?: string;
  cost?: string;
  billed?: string;
  currency?: string;
  category?: string;
  tags?: string;
}) {
  const period = fields.period ?? '2026-10';
  return [
    '111111111111',
    fields.currency ?? 'USD',
    `${period}-01T00:00:00Z`,
    `${period}-${fields.day ?? '05'}T00:00:00Z`,
    fields.category ?? 'Usage',
    fields.billed ?? fields.cost ?? '1.00',
    fields.cost ?? '1.00',
    'Amazon S3',
    fields.account,
    `"${(fields.tags ?? '{}').replace(/"/g, '""')}"`,
  ].join(',');
}

function file(lines: string[]) {
  const path = join(mkdtempSync(join(tmpdir(), 'cost-refused-')), 'focus.csv');
  writeFileSync(path, `${[HEADER, ...lines].join('\n')}\n`);
  return path;
}

/** Three groups; 2026-10 of 333333333333 holds three bad rows. */
const MIXED = [
  line({ account: '222222222222', cost: '10.00' }), // line 2
  line({ account: '222222222222', cost: '2.50', day: '06' }),
  line({ account: '333333333333', cost: '4.00' }), // valid, not written
  line({ account: '333333333333', cost: '5.25', tags: '["a"]' }), // line 5
  line({
    account: '333333333333',
    cost: '1.00',
    currency: 'EUR',
    category: 'Refund',
  }),
  line({ account: '333333333333', cost: 'abc', billed: 'n/a' }), // line 7
  line({ account: '333333333333', cost: '3.00', day: '07' }), // valid, not written
  line({ account: '222222222222', period: '2026-11', cost: '7.00' }),
];

describe.each(databases.eachSupportedId())('refused rows on %p', id => {
  let store: CostStore;
  beforeEach(async () => {
    store = await newCostStore(databases, id);
  });

  it('writes nothing of a group with a bad row, writes the others, and keeps the refused rows with their cost', async () => {
    const path = file(MIXED);
    const result = await importCostFile({
      store,
      source: 'files',
      path,
      tagKeys: DEFAULT_TAG_KEYS,
    });
    expect(await storedTotals(store, 'files')).toEqual([
      {
        period: '2026-10',
        account: '222222222222',
        cost: 12_500_000,
        billed: 12_500_000,
        rows: 2,
      },
      {
        period: '2026-11',
        account: '222222222222',
        cost: 7_000_000,
        billed: 7_000_000,
        rows: 1,
      },
    ]);
    const group = {
      source: 'files',
      file: path,
      billingPeriod: '2026-10',
      accountId: '333333333333',
      rows: 5,
      refusedRows: 3,
      refusedCost: [
        { currency: 'EUR', micros: 1_000_000 },
        { currency: 'USD', micros: 5_250_000 },
      ],
      refusedWithoutCost: 1,
      // the refused rows' and the two valid rows' (4 + 3), per currency
      notIncludedCost: [
        { currency: 'EUR', micros: 1_000_000 },
        { currency: 'USD', micros: 12_250_000 },
      ],
    };
    expect(result.incomplete).toEqual([group]);
    expect(result.groups.map(g => [g.accountId, g.status])).toEqual([
      ['222222222222', 'imported'],
      ['333333333333', 'rejected'],
      ['222222222222', 'imported'],
    ]);

    expect(await store.refused.files()).toEqual([
      {
        source: 'files',
        file: path,
        importedAt: expect.any(String),
        refusedRows: 3,
        keptRows: 3,
        groups: [group],
      },
    ]);
    const rows = await store.refused.page({ offset: 0, limit: 10 });
    expect(rows).toEqual([
      {
        source: 'files',
        file: path,
        line: 5,
        column: 'Tags',
        reason: 'Tags is not a JSON object',
        billingPeriod: '2026-10',
        accountId: '333333333333',
        currency: 'USD',
        costMicros: 5_250_000,
      },
      expect.objectContaining({
        line: 6,
        column: 'ChargeCategory',
        currency: 'EUR',
        costMicros: 1_000_000,
      }),
      expect.objectContaining({
        line: 7,
        column: 'EffectiveCost',
        reason: "EffectiveCost 'abc' is not a number",
        currency: null,
        costMicros: null,
      }),
    ]);
    expect(await store.refused.countsBySource()).toEqual(
      new Map([['files', 3]]),
    );
  });

  it('replaces the refused rows on the next import of the same file, and the group is written', async () => {
    const path = file(MIXED);
    await importCostFile({
      store,
      source: 'files',
      path,
      tagKeys: DEFAULT_TAG_KEYS,
    });
    // another file of the same source keeps its own record
    const other = file([line({ account: '444444444444', tags: '{x' })]);
    await importCostFile({
      store,
      source: 'files',
      path: other,
      tagKeys: DEFAULT_TAG_KEYS,
    });
    writeFileSync(
      path,
      `${[HEADER, ...MIXED.filter((_, i) => ![3, 4, 5].includes(i))].join(
        '\n',
      )}\n`,
    );
    const result = await importCostFile({
      store,
      source: 'files',
      path,
      tagKeys: DEFAULT_TAG_KEYS,
    });
    expect(result.incomplete).toEqual([]);
    expect(
      (await storedTotals(store, 'files')).find(
        t => t.account === '333333333333',
      ),
    ).toMatchObject({ cost: 7_000_000, rows: 2 });
    expect((await store.refused.files()).map(f => f.file)).toEqual([other]);
    expect(await store.refused.page({ offset: 0, limit: 10 })).toEqual([
      expect.objectContaining({ file: other, line: 2, column: 'Tags' }),
    ]);
    // a files source whose path changed forgets the old path's record
    await store.refused.removeOthers('files', [path]);
    expect(await store.refused.files()).toEqual([]);
    expect(await store.refused.page({ offset: 0, limit: 10 })).toEqual([]);
  });

  it('lists at most maxRefusedKept rows and counts the rest', async () => {
    const lines = Array.from({ length: 7 }, (_, i) =>
      line({ account: `55555555555${i}`, cost: '2.00', tags: '[1]' }),
    );
    const result = await importCostFile({
      store,
      source: 'files',
      path: file(lines),
      tagKeys: DEFAULT_TAG_KEYS,
      maxRefusedKept: 3,
    });
    expect(result.errorCount).toBe(7);
    expect(result.incomplete).toHaveLength(7);
    const [record] = await store.refused.files('files');
    expect(record).toMatchObject({ refusedRows: 7, keptRows: 3 });
    expect(await store.refused.page({ offset: 2, limit: 10 })).toEqual([
      expect.objectContaining({ line: 4, accountId: '555555555552' }),
    ]);
  });

  it('marks every group of a file that stops being valid CSV, and the file itself', async () => {
    const path = resolve(__dirname, '__fixtures__', 'focus-bad-csv.csv');
    const result = await importCostFile({
      store,
      source: 'bad',
      path,
      tagKeys: DEFAULT_TAG_KEYS,
    });
    expect(await storedTotals(store, 'bad')).toEqual([]);
    const fileGroup = result.incomplete.find(g => g.billingPeriod === '');
    expect(fileGroup).toMatchObject({ accountId: '', refusedRows: 1 });
    const [row] = await store.refused.page({ offset: 0, limit: 10 });
    expect(row).toMatchObject({
      file: path,
      column: null,
      reason: expect.stringContaining('Not a valid CSV file'),
      costMicros: null,
    });
  });
});
