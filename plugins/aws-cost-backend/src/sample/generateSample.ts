import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

// The `.ts` extensions let scripts/generate-sample.mts run this module
// under Node's type stripping, which resolves no extensionless paths.
import { EC2, SAMPLE_ACCOUNTS, SAMPLE_LINES } from './sampleOrg.ts';

export { SAMPLE_ACCOUNTS, SAMPLE_SERVICES } from './sampleOrg.ts';
export type { SampleLine } from './sampleOrg.ts';

/**
 * The generated sample data set: 13 months of daily FOCUS 1.2 rows for the
 * sample organisation of Runway's design (services, teams, two accounts, two
 * environments), plus shared (EKS control planes, NAT gateways, tagged
 * `service=shared`) and untagged spend, tax, a credit and an amortised
 * Savings Plan. The story: billing-worker's spend doubled this month, and
 * untagged NAT gateway traffic appeared with it.
 *
 * Deterministic: the same seed and end day give byte-identical output.
 */

/** Bump when the generated data changes, so dev stores re-import it. */
export const SAMPLE_VERSION = 1;
/** The seed of the generated data set (any other gives other noise). */
export const SAMPLE_SEED = 20261127;

const HEADER = [
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodStart',
  'BillingPeriodEnd',
  'ChargePeriodStart',
  'ChargePeriodEnd',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'BilledCost',
  'EffectiveCost',
  'ListCost',
  'CommitmentDiscountId',
  'CommitmentDiscountStatus',
  'InvoiceIssuerName',
  'ProviderName',
  'PublisherName',
  'RegionId',
  'RegionName',
  'ServiceName',
  'SubAccountId',
  'SubAccountName',
  'Tags',
  'x_UsageType',
];

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};
const firstOfMonth = (day: string, offset = 0) => {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + offset);
  return iso(d);
};

/** micros to a FOCUS decimal string with 6 decimals */
function decimal(micros: number): string {
  const negative = micros < 0;
  const abs = Math.abs(micros);
  const units = Math.floor(abs / 1e6);
  const frac = String(abs % 1e6).padStart(6, '0');
  return `${negative ? '-' : ''}${units}.${frac}`;
}

function csv(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Yields the sample FOCUS CSV, line by line, for the 13 months ending on
 * `lastDay` (inclusive; the current month so far plus 12 full months).
 */
export function* sampleFocusLines(options: {
  lastDay: string;
  seed?: number;
}): Generator<string> {
  const random = mulberry32(options.seed ?? SAMPLE_SEED);
  const first = firstOfMonth(options.lastDay, -12);
  const currentMonth = options.lastDay.slice(0, 7);
  yield HEADER.join(',');
  const row = (fields: Record<string, string>) =>
    HEADER.map(h => csv(fields[h] ?? '')).join(',');

  for (let day = first; day <= options.lastDay; day = addDays(day, 1)) {
    const month = day.slice(0, 7);
    const periodStart = `${month}-01T00:00:00Z`;
    const periodEnd = `${firstOfMonth(day, 1)}T00:00:00Z`;
    const monthsAgo =
      (Number(currentMonth.slice(0, 4)) - Number(month.slice(0, 4))) * 12 +
      Number(currentMonth.slice(5, 7)) -
      Number(month.slice(5, 7));
    const growth = Math.pow(0.985, monthsAgo); // ~1.5 % a month
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    const weekly = weekday === 0 || weekday === 6 ? 0.9 : 1.04;
    const base = (accountName: keyof typeof SAMPLE_ACCOUNTS) => ({
      BillingAccountId: SAMPLE_ACCOUNTS['shared-services'],
      BillingAccountName: 'shared-services',
      BillingCurrency: 'USD',
      BillingPeriodStart: periodStart,
      BillingPeriodEnd: periodEnd,
      ChargePeriodStart: `${day}T00:00:00Z`,
      ChargePeriodEnd: `${addDays(day, 1)}T00:00:00Z`,
      InvoiceIssuerName: 'Amazon Web Services',
      ProviderName: 'AWS',
      PublisherName: 'Amazon Web Services',
      RegionId: 'eu-west-1',
      RegionName: 'Europe (Ireland)',
      SubAccountId: SAMPLE_ACCOUNTS[accountName],
      SubAccountName: accountName,
    });

    for (const line of SAMPLE_LINES) {
      for (const env of line.environments ?? ['production', 'staging']) {
        let factor = growth * weekly * (0.92 + random() * 0.16);
        if (env === 'staging') factor *= 0.3;
        if (line.service === 'billing-worker' && month === currentMonth) {
          factor *= 2; // the anomaly: spend doubled this month
        }
        const micros = Math.round(((line.monthly * 1e6) / 30.4) * factor);
        const tags: Record<string, string> = { 'user:environment': env };
        if (line.team) tags['user:team'] = line.team;
        if (line.service) tags['user:service'] = line.service;
        if (!line.team && !line.service) delete tags['user:environment'];
        yield row({
          ...base(line.account),
          ChargeCategory: 'Usage',
          ChargeDescription: `${line.usageType} (${env})`,
          BilledCost: decimal(micros),
          EffectiveCost: decimal(micros),
          ListCost: decimal(micros),
          ServiceName: line.awsService,
          Tags: JSON.stringify(tags),
          x_UsageType: line.usageType,
        });
      }
    }

    // billing-worker's new untagged NAT gateway traffic, this month only
    if (month === currentMonth) {
      const micros = Math.round((36 + random() * 8) * 1e6);
      yield row({
        ...base('workloads'),
        ChargeCategory: 'Usage',
        ChargeDescription: 'NAT gateway data processed (untagged)',
        BilledCost: decimal(micros),
        EffectiveCost: decimal(micros),
        ListCost: decimal(micros),
        ServiceName: EC2,
        Tags: '{}',
        x_UsageType: 'EU-NatGateway-Bytes',
      });
    }

    // Compute Savings Plan: the monthly fee is billed on the 1st; FOCUS
    // amortises it (EffectiveCost 0 on the purchase, the used part shows on
    // covered usage, the unused part on a daily "Unused" row).
    if (day.endsWith('-01')) {
      yield row({
        ...base('shared-services'),
        ChargeCategory: 'Purchase',
        ChargeDescription: 'Compute Savings Plan, 1 year, no upfront',
        BilledCost: decimal(300_000_000),
        EffectiveCost: decimal(0),
        ListCost: decimal(300_000_000),
        CommitmentDiscountId:
          'arn:aws:savingsplans::111111111111:savingsplan/sample',
        ServiceName: 'Savings Plans for AWS Compute usage',
        RegionId: '',
        RegionName: '',
        Tags: '{}',
        x_UsageType: 'ComputeSP:1yrNoUpfront',
      });
    }
    yield row({
      ...base('shared-services'),
      ChargeCategory: 'Usage',
      ChargeDescription: 'Unused Savings Plan commitment',
      BilledCost: decimal(0),
      EffectiveCost: decimal(Math.round(400_000 + random() * 200_000)),
      ListCost: decimal(0),
      CommitmentDiscountId:
        'arn:aws:savingsplans::111111111111:savingsplan/sample',
      CommitmentDiscountStatus: 'Unused',
      ServiceName: 'Savings Plans for AWS Compute usage',
      RegionId: '',
      RegionName: '',
      Tags: '{}',
      x_UsageType: 'ComputeSP:1yrNoUpfront',
    });

    // tax and a promotional credit, on the last day of each complete month
    if (addDays(day, 1).endsWith('-01')) {
      for (const account of ['shared-services', 'workloads'] as const) {
        yield row({
          ...base(account),
          ChargeCategory: 'Tax',
          ChargeDescription: 'VAT',
          BilledCost: decimal(
            account === 'workloads' ? 412_500_000 : 96_250_000,
          ),
          EffectiveCost: decimal(
            account === 'workloads' ? 412_500_000 : 96_250_000,
          ),
          ListCost: decimal(0),
          ServiceName: 'Tax',
          RegionId: '',
          RegionName: '',
          Tags: '{}',
          x_UsageType: 'Tax',
        });
      }
      yield row({
        ...base('workloads'),
        ChargeCategory: 'Credit',
        ChargeDescription: 'Promotional credit',
        BilledCost: decimal(-100_000_000),
        EffectiveCost: decimal(-100_000_000),
        ListCost: decimal(0),
        ServiceName: EC2,
        Tags: '{}',
        x_UsageType: 'Credit',
      });
    }
  }
}

/**
 * Writes the sample data set as a gzipped FOCUS CSV file: to a file of its
 * own first, then renamed over `path`, so that processes sharing the
 * directory (several backends on one machine) never read a file another
 * one is still writing.
 */
export async function writeSampleFile(options: {
  path: string;
  lastDay: string;
  seed?: number;
}): Promise<void> {
  await mkdir(dirname(options.path), { recursive: true });
  const lines = sampleFocusLines(options);
  const partial = `${options.path}.${randomUUID()}.partial`;
  try {
    await pipeline(
      Readable.from(
        (function* text() {
          for (const l of lines) yield `${l}\n`;
        })(),
      ),
      createGzip(),
      createWriteStream(partial),
    );
    await rename(partial, options.path);
  } finally {
    await rm(partial, { force: true });
  }
}
