import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

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
export const SAMPLE_SEED = 20261127;

export const SAMPLE_ACCOUNTS = {
  'shared-services': '111111111111',
  workloads: '222222222222',
} as const;

type Line = {
  service: string;
  team: string;
  awsService: string;
  usageType: string;
  /** monthly production cost in whole currency units */
  monthly: number;
  account: keyof typeof SAMPLE_ACCOUNTS;
  environments?: Array<'production' | 'staging'>;
};

const EC2 = 'Amazon Elastic Compute Cloud';
const RDS = 'Amazon Relational Database Service';
const SQS = 'Amazon Simple Queue Service';
const MQ = 'Amazon MQ';
const ELB = 'Elastic Load Balancing';
const S3 = 'Amazon Simple Storage Service';
const CF = 'Amazon CloudFront';
const CW = 'AmazonCloudWatch';
const EKS = 'Amazon Elastic Kubernetes Service';
const ECR = 'Amazon EC2 Container Registry (ECR)';
const EC = 'Amazon ElastiCache';

export const SAMPLE_SERVICES: Array<{ name: string; team: string }> = [
  { name: 'storefront-web', team: 'team-checkout' },
  { name: 'checkout-api', team: 'team-checkout' },
  { name: 'inventory-api', team: 'team-checkout' },
  { name: 'payments-api', team: 'team-payments' },
  { name: 'billing-worker', team: 'team-payments' },
  { name: 'runway', team: 'platform-ops' },
];

const LINES: Line[] = [
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 820,
    account: 'workloads',
  },
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: CF,
    usageType: 'EU-DataTransfer-Out-Bytes',
    monthly: 460,
    account: 'workloads',
    environments: ['production'],
  },
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: ELB,
    usageType: 'EU-LoadBalancerUsage',
    monthly: 130,
    account: 'workloads',
  },
  {
    service: 'storefront-web',
    team: 'team-checkout',
    awsService: S3,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 90,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 1240,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: RDS,
    usageType: 'EU-Multi-AZUsage:db.r6g.large',
    monthly: 1380,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: SQS,
    usageType: 'EU-Requests-Tier1',
    monthly: 110,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: EC,
    usageType: 'EU-NodeUsage:cache.t4g.medium',
    monthly: 240,
    account: 'workloads',
  },
  {
    service: 'checkout-api',
    team: 'team-checkout',
    awsService: ELB,
    usageType: 'EU-LoadBalancerUsage',
    monthly: 140,
    account: 'workloads',
  },
  {
    service: 'inventory-api',
    team: 'team-checkout',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 1060,
    account: 'workloads',
  },
  {
    service: 'inventory-api',
    team: 'team-checkout',
    awsService: RDS,
    usageType: 'EU-Multi-AZUsage:db.r6g.large',
    monthly: 990,
    account: 'workloads',
  },
  {
    service: 'inventory-api',
    team: 'team-checkout',
    awsService: CW,
    usageType: 'EU-CW:MetricMonitorUsage',
    monthly: 70,
    account: 'workloads',
  },
  {
    service: 'payments-api',
    team: 'team-payments',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 980,
    account: 'workloads',
  },
  {
    service: 'payments-api',
    team: 'team-payments',
    awsService: RDS,
    usageType: 'EU-Multi-AZUsage:db.r6g.xlarge',
    monthly: 1620,
    account: 'workloads',
  },
  {
    service: 'payments-api',
    team: 'team-payments',
    awsService: ELB,
    usageType: 'EU-LoadBalancerUsage',
    monthly: 120,
    account: 'workloads',
  },
  {
    service: 'billing-worker',
    team: 'team-payments',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 640,
    account: 'workloads',
  },
  {
    service: 'billing-worker',
    team: 'team-payments',
    awsService: MQ,
    usageType: 'EU-mq.m5.large',
    monthly: 520,
    account: 'workloads',
  },
  {
    service: 'billing-worker',
    team: 'team-payments',
    awsService: S3,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 160,
    account: 'workloads',
  },
  {
    service: 'runway',
    team: 'platform-ops',
    awsService: EC2,
    usageType: 'EU-BoxUsage:t3.large',
    monthly: 310,
    account: 'shared-services',
    environments: ['production'],
  },
  {
    service: 'runway',
    team: 'platform-ops',
    awsService: RDS,
    usageType: 'EU-InstanceUsage:db.t4g.medium',
    monthly: 190,
    account: 'shared-services',
    environments: ['production'],
  },
  {
    service: 'runway',
    team: 'platform-ops',
    awsService: S3,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 25,
    account: 'shared-services',
    environments: ['production'],
  },
  // shared platform spend: tagged service=shared, no team
  {
    service: 'shared',
    team: '',
    awsService: EKS,
    usageType: 'EU-AmazonEKS-Hours:perCluster',
    monthly: 73,
    account: 'shared-services',
  },
  {
    service: 'shared',
    team: '',
    awsService: EC2,
    usageType: 'EU-NatGateway-Hours',
    monthly: 98,
    account: 'shared-services',
  },
  {
    service: 'shared',
    team: '',
    awsService: EC2,
    usageType: 'EU-NatGateway-Bytes',
    monthly: 260,
    account: 'shared-services',
  },
  {
    service: 'shared',
    team: '',
    awsService: ECR,
    usageType: 'EU-TimedStorage-ByteHrs',
    monthly: 45,
    account: 'shared-services',
    environments: ['production'],
  },
  // untagged spend
  {
    service: '',
    team: '',
    awsService: CW,
    usageType: 'EU-CW:Logs-Ingestion',
    monthly: 210,
    account: 'workloads',
    environments: ['production'],
  },
  {
    service: '',
    team: '',
    awsService: S3,
    usageType: 'EU-Requests-Tier2',
    monthly: 55,
    account: 'shared-services',
    environments: ['production'],
  },
];

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

    for (const line of LINES) {
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

/** Writes the sample data set as a gzipped FOCUS CSV file. */
export async function writeSampleFile(options: {
  path: string;
  lastDay: string;
  seed?: number;
}): Promise<void> {
  await mkdir(dirname(options.path), { recursive: true });
  const lines = sampleFocusLines(options);
  await pipeline(
    Readable.from(
      (function* text() {
        for (const l of lines) yield `${l}\n`;
      })(),
    ),
    createGzip(),
    createWriteStream(options.path),
  );
}
