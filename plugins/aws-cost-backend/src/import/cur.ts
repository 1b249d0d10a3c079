import { TagKeys } from '@runway/plugin-aws-cost-common';
import {
  CsvRecord,
  currency,
  day,
  MappedRow,
  money,
  optionalMoney,
  required,
  RowError,
  tagsFrom,
  text,
} from './fields';
import { splitFields } from './split';

/** Columns a CUR 2.0 (Data Exports) header has. */
export const CUR_REQUIRED = [
  'line_item_usage_start_date',
  'bill_billing_period_start_date',
  'line_item_usage_account_id',
  'line_item_line_item_type',
  'line_item_unblended_cost',
  'line_item_currency_code',
];

const CUR_CHARGE: Record<string, string> = {
  Usage: 'Usage',
  DiscountedUsage: 'Usage',
  SavingsPlanCoveredUsage: 'Usage',
  Tax: 'Tax',
  Credit: 'Credit',
  Refund: 'Credit/Correction',
  BundledDiscount: 'Credit',
  EdpDiscount: 'Credit',
  PrivateRateDiscount: 'Credit',
  SavingsPlanNegation: 'Credit',
  RIFee: 'Purchase',
  Fee: 'Purchase',
  SavingsPlanRecurringFee: 'Purchase',
  SavingsPlanUpfrontFee: 'Purchase',
};

/** The amortised cost of a CUR 2.0 line, as the AWS "amortized cost" view. */
export function curAmortised(record: CsvRecord, type: string): bigint {
  switch (type) {
    case 'SavingsPlanCoveredUsage':
      return optionalMoney(record, 'savings_plan_savings_plan_effective_cost');
    case 'SavingsPlanNegation':
    case 'SavingsPlanUpfrontFee':
      return 0n;
    case 'SavingsPlanRecurringFee':
      return (
        optionalMoney(record, 'savings_plan_total_commitment_to_date') -
        optionalMoney(record, 'savings_plan_used_commitment')
      );
    case 'DiscountedUsage':
      return optionalMoney(record, 'reservation_effective_cost');
    case 'RIFee':
      return (
        optionalMoney(
          record,
          'reservation_unused_amortized_upfront_fee_for_billing_period',
        ) + optionalMoney(record, 'reservation_unused_recurring_fee')
      );
    case 'Fee':
      return text(record, 'reservation_reservation_a_r_n')
        ? 0n
        : money(record, 'line_item_unblended_cost');
    default:
      return money(record, 'line_item_unblended_cost');
  }
}

/**
 * The product name of a CUR 2.0 line: CUR 2.0 keeps it in the `product`
 * map column (`product_name`); an older layout has `product_product_name`.
 * The map is read only for this optional name, so one that is not a JSON
 * object is ignored, not refused.
 */
function productName(record: CsvRecord): string | undefined {
  const map = text(record, 'product');
  if (map !== undefined) {
    try {
      const name = (JSON.parse(map) as Record<string, unknown> | null)
        ?.product_name;
      if (typeof name === 'string' && name) return name;
    } catch {
      // fall through to the static columns
    }
  }
  return (
    text(record, 'product_product_name') ?? text(record, 'product_servicename')
  );
}

/**
 * Maps a CUR 2.0 line to the amortised view (Savings Plan covered usage at
 * its effective cost, negations and upfront fees 0, unused commitment and
 * RI fees amortised). Tags come from `resource_tags` (or the legacy
 * `resource_tags_user_<key>` columns). Null is an empty cell (or `NULL`).
 */
export function mapCur(record: CsvRecord, tagKeys: TagKeys): MappedRow {
  const type = required(record, 'line_item_line_item_type');
  const chargeType = CUR_CHARGE[type];
  if (!chargeType) {
    throw new RowError(
      'line_item_line_item_type',
      `line_item_line_item_type '${type}' is not a known line item type`,
    );
  }
  const tags = tagsFrom(record, 'resource_tags', 'user_');
  const split = splitFields(record, tagsFrom(record, 'resource_tags', ''));
  const legacy = (key: string) => text(record, `resource_tags_user_${key}`);
  return {
    usageDate: day(record, 'line_item_usage_start_date'),
    billingPeriod: day(record, 'bill_billing_period_start_date').slice(0, 7),
    accountId: required(record, 'line_item_usage_account_id'),
    accountName: text(record, 'line_item_usage_account_name') ?? '',
    awsService:
      productName(record) ?? required(record, 'line_item_product_code'),
    region:
      text(record, 'product_region_code') ??
      text(record, 'product_region') ??
      '',
    usageType: text(record, 'line_item_usage_type') ?? '',
    chargeType,
    team: tags[tagKeys.team] ?? legacy(tagKeys.team) ?? '',
    service: tags[tagKeys.service] ?? legacy(tagKeys.service) ?? '',
    environment: tags[tagKeys.environment] ?? legacy(tagKeys.environment) ?? '',
    currency: currency(record, 'line_item_currency_code'),
    costMicros: curAmortised(record, type),
    billedMicros: money(record, 'line_item_unblended_cost'),
    ...split,
  };
}
