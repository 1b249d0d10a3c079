import {
  IncompleteGroup,
  incompleteOf,
  limitIncomplete,
  readCovers,
  sumByCurrency,
} from './incomplete';

const group = (fields: Partial<IncompleteGroup>): IncompleteGroup => ({
  source: 'files',
  file: 'focus.csv',
  billingPeriod: '2026-11',
  accountId: '123456789012',
  rows: 10,
  refusedRows: 1,
  refusedCost: [{ currency: 'USD', micros: 1_500_000 }],
  refusedWithoutCost: 0,
  notIncludedCost: [{ currency: 'USD', micros: 10_000_000 }],
  ...fields,
});

describe('readCovers', () => {
  it('covers a group whose billing period overlaps the read', () => {
    expect(
      readCovers({ from: '2026-11-20', to: '2026-12-03' }, group({})),
    ).toBe(true);
    expect(
      readCovers({ from: '2026-12-01', to: '2026-12-03' }, group({})),
    ).toBe(false);
    expect(
      readCovers({ from: '2026-09-01', to: '2026-10-31' }, group({})),
    ).toBe(false);
  });

  it('does not cover a group of another account when the read is narrowed', () => {
    const read = { from: '2026-11-01', to: '2026-11-30' };
    expect(readCovers({ ...read, accountId: '999999999999' }, group({}))).toBe(
      false,
    );
    expect(
      readCovers({ ...read, accountId: ['1', '123456789012'] }, group({})),
    ).toBe(true);
    // an unreadable account or period may be any
    expect(
      readCovers(
        { ...read, accountId: '999999999999' },
        group({ accountId: '' }),
      ),
    ).toBe(true);
    expect(
      readCovers(
        { from: '2020-01-01', to: '2020-01-02' },
        group({ billingPeriod: '' }),
      ),
    ).toBe(true);
  });
});

describe('incompleteOf', () => {
  it('is undefined when no read covers a group', () => {
    expect(
      incompleteOf([group({})], [{ from: '2026-12-01', to: '2026-12-05' }]),
    ).toBeUndefined();
    expect(incompleteOf([], [{ from: '2026-01-01', to: '2026-12-05' }])).toBe(
      undefined,
    );
  });

  it('sums the covered groups per currency and flags forecasts', () => {
    const groups = [
      group({}),
      group({
        accountId: '210987654321',
        refusedRows: 2,
        refusedCost: [
          { currency: 'EUR', micros: 2_000_000 },
          { currency: 'USD', micros: 250_000 },
        ],
        notIncludedCost: [{ currency: 'USD', micros: 1_000_000 }],
      }),
      group({ billingPeriod: '2026-10' }),
    ];
    const marker = incompleteOf(groups, [
      { from: '2026-11-01', to: '2026-11-30' },
      { from: '2026-11-24', to: '2026-11-30', forecast: true, accountId: '1' },
    ]);
    expect(marker).toEqual({
      groups: groups.slice(0, 2),
      refusedRows: 3,
      refusedCost: [
        { currency: 'EUR', micros: 2_000_000 },
        { currency: 'USD', micros: 1_750_000 },
      ],
      notIncludedCost: [{ currency: 'USD', micros: 11_000_000 }],
      forecast: false,
    });
    expect(
      incompleteOf(groups, [
        { from: '2026-11-24', to: '2026-11-30', forecast: true },
      ])?.forecast,
    ).toBe(true);
  });
});

describe('sumByCurrency', () => {
  it('never adds two currencies', () => {
    expect(
      sumByCurrency([
        { currency: 'USD', micros: 1n },
        { currency: 'EUR', micros: 2 },
        { currency: 'USD', micros: 3 },
      ]),
    ).toEqual([
      { currency: 'EUR', micros: 2 },
      { currency: 'USD', micros: 4 },
    ]);
  });
});

describe('limitIncomplete', () => {
  it('keeps periods and counts, never accounts, files or amounts', () => {
    const marker = incompleteOf(
      [group({}), group({ accountId: '2', refusedRows: 4 })],
      [{ from: '2026-11-01', to: '2026-11-30', forecast: true }],
    )!;
    expect(limitIncomplete(marker)).toEqual({
      groups: [
        {
          source: '',
          file: '',
          billingPeriod: '2026-11',
          accountId: '',
          rows: 0,
          refusedRows: 5,
          refusedCost: [],
          refusedWithoutCost: 0,
          notIncludedCost: [],
        },
      ],
      refusedRows: 5,
      refusedCost: [],
      notIncludedCost: [],
      forecast: true,
      limited: true,
    });
  });
});
