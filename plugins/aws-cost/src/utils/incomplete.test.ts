import {
  CostIncomplete,
  IncompleteGroup,
} from '@runway/plugin-aws-cost-common';
import {
  amountsText,
  forecastIncompleteText,
  incompleteGroupText,
  incompleteSources,
} from './incomplete';

const group = (fields: Partial<IncompleteGroup> = {}): IncompleteGroup => ({
  source: 'focus',
  file: 'focus.csv',
  billingPeriod: '2026-11',
  accountId: '123456789012',
  rows: 60,
  refusedRows: 41,
  refusedCost: [{ currency: 'USD', micros: 3_210_000_000 }],
  refusedWithoutCost: 0,
  notIncludedCost: [{ currency: 'USD', micros: 3_300_000_000 }],
  ...fields,
});

describe('incomplete labels', () => {
  it('names the month, account, refused rows and what is not included', () => {
    expect(incompleteGroupText(group())).toBe(
      'Incomplete: 2026-11 account 123456789012 — 41 refused rows, $3,300.00 not included (refused rows $3,210.00)',
    );
    expect(
      incompleteGroupText(
        group({
          refusedRows: 1,
          refusedCost: [],
          refusedWithoutCost: 1,
          notIncludedCost: [],
        }),
      ),
    ).toBe(
      'Incomplete: 2026-11 account 123456789012 — 1 refused row, no readable cost not included; 1 refused row without a readable cost',
    );
  });

  it('keeps currencies apart and names a file that was not read whole', () => {
    expect(
      amountsText([
        { currency: 'EUR', micros: 2_000_000 },
        { currency: 'USD', micros: 1_500_000 },
      ]),
    ).toBe('€2.00 + $1.50');
    expect(
      incompleteGroupText(
        group({
          billingPeriod: '',
          accountId: '',
          rows: 0,
          refusedRows: 1,
          refusedCost: [],
          refusedWithoutCost: 1,
          notIncludedCost: [],
        }),
      ),
    ).toMatch(/^Incomplete: focus\.csv \(not read whole\) — 1 refused row/);
  });

  it('gives an entity owner the month and count only', () => {
    expect(incompleteGroupText(group(), true)).toBe(
      'Incomplete: 2026-11 — 41 refused rows not imported',
    );
  });

  it('lists each source once and flags forecasts', () => {
    const marker: CostIncomplete = {
      groups: [group(), group({ source: 'exports' }), group()],
      refusedRows: 123,
      refusedCost: [],
      notIncludedCost: [],
      forecast: false,
    };
    expect(incompleteSources(marker)).toEqual(['exports', 'focus']);
    expect(forecastIncompleteText(marker)).toBeUndefined();
    expect(forecastIncompleteText({ ...marker, forecast: true })).toBe(
      'Based on incomplete data: refused rows are not included',
    );
  });
});
