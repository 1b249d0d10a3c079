import { TagKeys } from '@runway/plugin-aws-cost-common';
import {
  CsvRecord,
  currency,
  day,
  MappedRow,
  money,
  required,
  RowError,
  tagsFrom,
} from './fields';

/** Columns a FOCUS 1.0-1.2 header has. */
export const FOCUS_REQUIRED = [
  'BilledCost',
  'EffectiveCost',
  'BillingCurrency',
  'ChargePeriodStart',
  'BillingPeriodStart',
  'BillingAccountId',
  'ServiceName',
  'ChargeCategory',
];

const FOCUS_CHARGE_CATEGORIES = new Set([
  'Usage',
  'Purchase',
  'Tax',
  'Credit',
  'Adjustment',
]);

/**
 * Maps a FOCUS 1.0-1.2 row. The stored cost is EffectiveCost, which FOCUS
 * defines as amortised: commitment purchases carry 0 there (their cost shows
 * on the covered usage and on "Unused" commitment rows), credits and
 * refunds are negative, tax is its own ChargeCategory.
 */
export function mapFocus(record: CsvRecord, tagKeys: TagKeys): MappedRow {
  const category = required(record, 'ChargeCategory');
  if (!FOCUS_CHARGE_CATEGORIES.has(category)) {
    throw new RowError(
      'ChargeCategory',
      `ChargeCategory '${category}' is not one of ${[
        ...FOCUS_CHARGE_CATEGORIES,
      ].join(', ')}`,
    );
  }
  const tags = tagsFrom(record, 'Tags', 'user:');
  const correction = record.ChargeClass === 'Correction';
  const billingPeriodStart = day(record, 'BillingPeriodStart');
  return {
    usageDate: day(record, 'ChargePeriodStart'),
    billingPeriod: billingPeriodStart.slice(0, 7),
    accountId: record.SubAccountId || required(record, 'BillingAccountId'),
    accountName: record.SubAccountName || record.BillingAccountName || '',
    awsService: required(record, 'ServiceName'),
    region: record.RegionId ?? record.Region ?? '',
    usageType: record.x_UsageType ?? '',
    chargeType: correction ? `${category}/Correction` : category,
    team: tags[tagKeys.team] ?? '',
    service: tags[tagKeys.service] ?? '',
    environment: tags[tagKeys.environment] ?? '',
    currency: currency(record, 'BillingCurrency'),
    costMicros: money(record, 'EffectiveCost'),
    billedMicros: money(record, 'BilledCost'),
  };
}
