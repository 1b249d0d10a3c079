import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { curAmortised, mapCur } from './cur';
import { RowError, tagsFrom } from './fields';
import { mapFocus } from './focus';

const focusRow = (fields: Record<string, string> = {}) => ({
  BilledCost: '1.50',
  EffectiveCost: '1.25',
  BillingCurrency: 'USD',
  ChargePeriodStart: '2026-10-03T00:00:00Z',
  BillingPeriodStart: '2026-10-01T00:00:00Z',
  BillingAccountId: '111111111111',
  BillingAccountName: 'payer',
  ServiceName: 'Amazon MQ',
  ChargeCategory: 'Usage',
  Tags: '{"user:team":"team-payments","user:service":"billing-worker","aws:createdBy":"x"}',
  ...fields,
});

const curRow = (fields: Record<string, string> = {}) => ({
  line_item_usage_start_date: '2026-10-03T00:00:00Z',
  bill_billing_period_start_date: '2026-10-01T00:00:00Z',
  line_item_usage_account_id: '222222222222',
  line_item_line_item_type: 'Usage',
  line_item_unblended_cost: '2.00',
  line_item_currency_code: 'USD',
  line_item_product_code: 'AmazonEC2',
  ...fields,
});

const failure = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { column: (e as RowError).column, message: (e as Error).message };
  }
  return undefined;
};

describe('FOCUS rows', () => {
  it('maps amortised cost, tags, the sub-account and corrections', () => {
    expect(mapFocus(focusRow(), DEFAULT_TAG_KEYS)).toEqual({
      usageDate: '2026-10-03',
      billingPeriod: '2026-10',
      accountId: '111111111111',
      accountName: 'payer',
      awsService: 'Amazon MQ',
      region: '',
      usageType: '',
      chargeType: 'Usage',
      team: 'team-payments',
      service: 'billing-worker',
      environment: '',
      currency: 'USD',
      costMicros: 1_250_000n,
      billedMicros: 1_500_000n,
    });
    expect(
      mapFocus(
        focusRow({
          SubAccountId: '222222222222',
          SubAccountName: 'workloads',
          ChargeCategory: 'Credit',
          ChargeClass: 'Correction',
          RegionId: 'eu-west-1',
          x_UsageType: 'EU-mq.m5.large',
        }),
        DEFAULT_TAG_KEYS,
      ),
    ).toMatchObject({
      accountId: '222222222222',
      accountName: 'workloads',
      chargeType: 'Credit/Correction',
      region: 'eu-west-1',
      usageType: 'EU-mq.m5.large',
    });
  });

  it('reads NULL, quoted or not, and empty cells as null in nullable columns', () => {
    for (const nothing of ['NULL', '']) {
      expect(
        mapFocus(
          focusRow({
            SubAccountId: nothing,
            SubAccountName: nothing,
            BillingAccountName: nothing,
            ChargeClass: nothing,
            RegionId: nothing,
            Tags: nothing,
            x_UsageType: nothing,
          }),
          DEFAULT_TAG_KEYS,
        ),
      ).toMatchObject({
        accountId: '111111111111',
        accountName: '',
        chargeType: 'Usage',
        region: '',
        usageType: '',
        team: '',
        service: '',
      });
    }
  });

  it.each([
    [{ ChargeCategory: 'Discount' }, 'ChargeCategory', /not one of/],
    [{ BillingCurrency: 'usd' }, 'BillingCurrency', /ISO 4217/],
    [{ EffectiveCost: 'n/a' }, 'EffectiveCost', /not a number/],
    [{ BilledCost: '' }, 'BilledCost', /is null/],
    [{ BilledCost: 'NULL' }, 'BilledCost', /is null/],
    [{ ServiceName: 'NULL' }, 'ServiceName', /ServiceName is null/],
    [
      { BillingAccountId: '', SubAccountId: '222222222222' },
      'BillingAccountId',
      /BillingAccountId is null/,
    ],
    [{ ChargeClass: 'Regular' }, 'ChargeClass', /neither null nor Correction/],
    [{ ChargePeriodStart: '03/10/2026' }, 'ChargePeriodStart', /not a date/],
    [{ Tags: '["team"]' }, 'Tags', /not a JSON object/],
  ])('names the column of a bad value: %p', (fields, column, message) => {
    expect(failure(() => mapFocus(focusRow(fields), DEFAULT_TAG_KEYS))).toEqual(
      { column, message: expect.stringMatching(message) },
    );
  });
});

describe('CUR 2.0 rows', () => {
  it('maps the product, region, usage type and legacy tag columns', () => {
    expect(
      mapCur(
        curRow({
          product_servicename: 'Amazon Elastic Compute Cloud',
          product_region_code: 'eu-west-1',
          line_item_usage_type: 'EU-BoxUsage:t3.large',
          resource_tags_user_service: 'checkout-api',
          resource_tags: '{"user_team":"team-checkout"}',
        }),
        DEFAULT_TAG_KEYS,
      ),
    ).toEqual({
      usageDate: '2026-10-03',
      billingPeriod: '2026-10',
      accountId: '222222222222',
      accountName: '',
      awsService: 'Amazon Elastic Compute Cloud',
      region: 'eu-west-1',
      usageType: 'EU-BoxUsage:t3.large',
      chargeType: 'Usage',
      team: 'team-checkout',
      service: 'checkout-api',
      environment: '',
      currency: 'USD',
      costMicros: 2_000_000n,
      billedMicros: 2_000_000n,
    });
  });

  it('takes the product name from the CUR 2.0 product map, else the product code', () => {
    const name = (fields: Record<string, string>) =>
      mapCur(curRow(fields), DEFAULT_TAG_KEYS).awsService;
    expect(
      name({ product: '{"product_name":"Amazon Elastic Compute Cloud"}' }),
    ).toBe('Amazon Elastic Compute Cloud');
    expect(name({ product: '{}' })).toBe('AmazonEC2');
    expect(name({ product: 'not json' })).toBe('AmazonEC2');
    expect(name({ product: '' })).toBe('AmazonEC2');
  });

  it.each([
    [
      'SavingsPlanCoveredUsage',
      { savings_plan_savings_plan_effective_cost: '1.20' },
      1_200_000n,
    ],
    ['SavingsPlanNegation', {}, 0n],
    ['SavingsPlanUpfrontFee', {}, 0n],
    [
      'SavingsPlanRecurringFee',
      {
        savings_plan_total_commitment_to_date: '10',
        savings_plan_used_commitment: '9.25',
      },
      750_000n,
    ],
    ['DiscountedUsage', { reservation_effective_cost: '0.40' }, 400_000n],
    [
      'RIFee',
      {
        reservation_unused_amortized_upfront_fee_for_billing_period: '1',
        reservation_unused_recurring_fee: '0.5',
      },
      1_500_000n,
    ],
    ['Fee', { reservation_reservation_a_r_n: 'arn:aws:ec2:ri' }, 0n],
    ['Fee', {}, 2_000_000n],
    ['Refund', { line_item_unblended_cost: '-2' }, -2_000_000n],
  ])('amortises %s', (type, fields, expected) => {
    expect(curAmortised(curRow(fields), type)).toBe(expected);
  });

  it('refuses an unknown line item type', () => {
    expect(
      failure(() =>
        mapCur(
          curRow({ line_item_line_item_type: 'Mystery' }),
          DEFAULT_TAG_KEYS,
        ),
      ),
    ).toEqual({
      column: 'line_item_line_item_type',
      message:
        "line_item_line_item_type 'Mystery' is not a known line item type",
    });
  });
});

describe('tag columns', () => {
  it('strips the prefix', () => {
    expect(
      tagsFrom(
        { Tags: '{"user:team":"a","count":3,"env":"b"}' },
        'Tags',
        'user:',
      ),
    ).toEqual({ team: 'a', count: '3', env: 'b' });
    expect(tagsFrom({}, 'Tags', 'user:')).toEqual({});
  });

  it('reads null, JSON null and FOCUS values: numbers as text, true (no value) left out', () => {
    for (const nothing of ['NULL', '', 'null']) {
      expect(tagsFrom({ Tags: nothing }, 'Tags', 'user:')).toEqual({});
    }
    expect(
      tagsFrom(
        { Tags: '{"team":"a","cost-center":4711,"hidden":true,"x":null}' },
        'Tags',
        'user:',
      ),
    ).toEqual({ team: 'a', 'cost-center': '4711' });
    expect(
      failure(() => tagsFrom({ Tags: '"team"' }, 'Tags', 'user:')),
    ).toEqual({ column: 'Tags', message: 'Tags is not a JSON object' });
  });
});
