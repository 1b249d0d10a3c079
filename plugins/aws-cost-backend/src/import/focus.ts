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
  text,
} from './fields';
import { AWS_PROVIDER } from './exclusions';
import { placeOf } from './split';

/**
 * Columns every FOCUS 1.0-1.3 cost and usage dataset has (each is
 * mandatory and not nullable in all four versions).
 */
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

/** ChargeCategory's allowed values, the same in FOCUS 1.0 to 1.3. */
const FOCUS_CHARGE_CATEGORIES = new Set([
  'Usage',
  'Purchase',
  'Tax',
  'Credit',
  'Adjustment',
]);

/**
 * The columns that name who provides or invoices a row: ServiceProviderName
 * (1.3), ProviderName (1.0-1.2, deprecated in 1.3), Provider (1.0-preview),
 * InvoiceIssuerName (InvoiceIssuer in 1.0-preview). FOCUS declares each
 * not nullable.
 */
const PROVIDER_COLUMNS = [
  'ServiceProviderName',
  'ProviderName',
  'Provider',
  'InvoiceIssuerName',
  'InvoiceIssuer',
];

/** `AWS`, `AWS EMEA SARL`, `Amazon Web Services, Inc.`, any case. */
const AWS_NAME = /^(aws|amazon web services)\b/i;

/**
 * The provider of a FOCUS row: `AWS` when any provider column names AWS
 * (in FOCUS 1.3 an AWS Marketplace row names its seller as the service
 * provider and AWS as the invoice issuer: it is on the AWS bill), else the
 * first provider column that is not null (ServiceProviderName first). A
 * file without any provider column is an AWS export (Runway's sample data
 * set, CUR 2.0). A row whose provider columns are all null is refused.
 */
export function focusProvider(record: CsvRecord): string {
  const present = PROVIDER_COLUMNS.filter(c => c in record);
  if (present.length === 0) return AWS_PROVIDER;
  const names = present
    .map(c => text(record, c))
    .filter((n): n is string => n !== undefined);
  if (names.length === 0) {
    throw new RowError(present[0], `${present[0]} is null`);
  }
  return names.some(n => AWS_NAME.test(n.trim())) ? AWS_PROVIDER : names[0];
}

/** The account a FOCUS row belongs to: its sub account, else its billing account. */
export function focusAccount(record: CsvRecord): string | undefined {
  return text(record, 'SubAccountId') ?? text(record, 'BillingAccountId');
}

/**
 * Maps a FOCUS 1.0-1.3 row. The stored cost is EffectiveCost, which FOCUS
 * defines as amortised: commitment purchases carry 0 there (their cost shows
 * on the covered usage and on "Unused" commitment rows), credits and
 * refunds are negative, tax is its own ChargeCategory. Null is an empty
 * cell or the literal `NULL`; nullable columns may be null, the others are
 * refused when null. Columns Runway does not read, `x_` columns among them,
 * are ignored.
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
  const chargeClass = text(record, 'ChargeClass');
  if (chargeClass !== undefined && chargeClass !== 'Correction') {
    throw new RowError(
      'ChargeClass',
      `ChargeClass '${chargeClass}' is neither null nor Correction`,
    );
  }
  const allocation = allocatedCharge(record);
  // a pod's charge carries its node's Tags (FOCUS: dimensions match the
  // origin charge); it is attributed by the pod's own tags instead
  const tags = allocation?.pod
    ? allocation.tags
    : { ...tagsFrom(record, 'Tags', 'user:'), ...allocation?.tags };
  const billingPeriodStart = day(record, 'BillingPeriodStart');
  const billingAccount = required(record, 'BillingAccountId');
  return {
    ...allocation?.place,
    usageDate: day(record, 'ChargePeriodStart'),
    billingPeriod: billingPeriodStart.slice(0, 7),
    accountId: text(record, 'SubAccountId') ?? billingAccount,
    accountName:
      text(record, 'SubAccountName') ??
      text(record, 'BillingAccountName') ??
      '',
    awsService: required(record, 'ServiceName'),
    region: text(record, 'RegionId') ?? text(record, 'Region') ?? '',
    usageType: text(record, 'x_UsageType') ?? '',
    chargeType: chargeClass ? `${category}/Correction` : category,
    team: tags[tagKeys.team] ?? '',
    service: tags[tagKeys.service] ?? '',
    environment: tags[tagKeys.environment] ?? '',
    currency: currency(record, 'BillingCurrency'),
    costMicros: money(record, 'EffectiveCost'),
    billedMicros: money(record, 'BilledCost'),
  };
}

/**
 * A FOCUS 1.3 allocated charge (data generator-calculated split cost
 * allocation, `AllocatedMethodId` not null): the origin charge, a node's
 * say, is replaced in the dataset by its allocated charges, whose costs add
 * up to it, so each is stored as it is and nothing is taken off another row.
 * A charge allocated to a pod (`AllocatedResourceId` its ARN, or the EKS
 * tags in `AllocatedTags` or `Tags`) gets the pod's cluster, namespace and
 * workload; the unallocated portion (`AllocatedResourceId` null) stays with
 * the node, under its cluster when the tags name one. A pod's charge is
 * attributed by its own user tags in `AllocatedTags` (activated Kubernetes
 * labels) and by the workload's claim, not by the node's `Tags` it repeats;
 * the unallocated portion by `Tags`. Undefined for any other row, and in
 * FOCUS 1.0-1.2 files.
 */
function allocatedCharge(record: CsvRecord):
  | {
      place?: { cluster: string; namespace: string; workload: string };
      tags: Record<string, string>;
      pod: boolean;
    }
  | undefined {
  if (text(record, 'AllocatedMethodId') === undefined) return undefined;
  const raw = {
    ...tagsFrom(record, 'Tags', ''),
    ...tagsFrom(record, 'AllocatedTags', ''),
  };
  const resource = text(record, 'AllocatedResourceId');
  const place = placeOf(resource, raw);
  const unallocated = place && resource === undefined;
  return {
    place: unallocated
      ? { cluster: place.cluster, namespace: '', workload: '' }
      : place,
    tags: tagsFrom(record, 'AllocatedTags', 'user:'),
    pod: resource !== undefined && place !== undefined,
  };
}
