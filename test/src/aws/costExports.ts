/**
 * FOCUS 1.2 and CUR 2.0 (Data Exports) files as AWS writes them, generated
 * from a fixed seed, with the totals the cost store must hold afterwards in
 * integer micro-units.
 */
export const PERIOD = '2026-10';
export const TAG_KEYS = {
  team: 'team',
  service: 'service',
  environment: 'environment',
};
export const ACCOUNTS = {
  '111111111111': 'shared-services',
  '222222222222': 'workloads',
};
const SERVICES = [
  ['Amazon Elastic Compute Cloud', 'checkout-api', 'team-checkout'],
  ['Amazon Relational Database Service', 'payments-api', 'team-payments'],
  ['Amazon Simple Queue Service', 'billing-worker', 'team-payments'],
  ['Amazon Elastic Kubernetes Service', 'runway', 'platform-ops'],
] as const;

/** A fixed-seed generator of amounts in micro-units. */
function amounts(seed: number) {
  let state = seed;
  return (max: number): bigint => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return BigInt(state % max);
  };
}

/**
 * A micro-unit amount as an export writes it: six decimals, trailing zeros
 * dropped, or padded to ten decimals (both exact).
 */
function decimal(micros: bigint, padded: boolean): string {
  const sign = micros < 0n ? '-' : '';
  const abs = micros < 0n ? -micros : micros;
  const whole = abs / 1_000_000n;
  const frac = (abs % 1_000_000n).toString().padStart(6, '0');
  if (padded) return `${sign}${whole}.${frac}0000`;
  const trimmed = frac.replace(/0+$/, '');
  return trimmed ? `${sign}${whole}.${trimmed}` : `${sign}${whole}`;
}

function csvLine(values: string[]): string {
  return values
    .map(v => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v))
    .join(',');
}

export type Expected = {
  rows: number;
  /** Per account: amortised and billed totals. */
  totals: Record<string, { cost: bigint; billed: bigint }>;
  /** Distinct store keys (hourly lines of one day add up to one row). */
  keys: Set<string>;
};

function expectedFor(): Expected {
  return {
    rows: 0,
    totals: Object.fromEntries(
      Object.keys(ACCOUNTS).map(a => [a, { cost: 0n, billed: 0n }]),
    ),
    keys: new Set(),
  };
}

/**
 * A FOCUS 1.2 export of one month: every account, day, service and 16
 * usage types, two hourly lines each (the importer sums them into one daily
 * row), and one credit per account. About 2 MB, so S3 streams it in
 * several chunks.
 */
export function focusExport(): { csv: string; expected: Expected } {
  const next = amounts(7);
  const expected = expectedFor();
  const lines = [
    'BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,BilledCost,EffectiveCost,RegionId,ServiceName,SubAccountId,SubAccountName,Tags,x_UsageType',
  ];
  const add = (
    account: string,
    day: string,
    hour: string,
    category: string,
    [awsService, service, team]: readonly string[],
    usageType: string,
    billed: bigint,
    cost: bigint,
  ) => {
    expected.rows++;
    expected.totals[account].cost += cost;
    expected.totals[account].billed += billed;
    expected.keys.add(
      [account, day, awsService, usageType, category].join('|'),
    );
    lines.push(
      csvLine([
        '999999999999',
        'payer',
        'USD',
        `${PERIOD}-01T00:00:00Z`,
        '2026-11-01T00:00:00Z',
        `${day}T${hour}:00:00Z`,
        `${day}T${hour}:59:59Z`,
        category,
        '',
        decimal(billed, expected.rows % 3 === 0),
        decimal(cost, expected.rows % 5 === 0),
        'eu-west-1',
        awsService,
        account,
        ACCOUNTS[account as keyof typeof ACCOUNTS],
        JSON.stringify({
          'user:service': service,
          'user:team': team,
          'user:environment': 'production',
        }),
        usageType,
      ]),
    );
  };
  for (const account of Object.keys(ACCOUNTS)) {
    for (let d = 1; d <= 31; d++) {
      const day = `${PERIOD}-${String(d).padStart(2, '0')}`;
      for (const service of SERVICES) {
        for (let u = 0; u < 16; u++) {
          for (const hour of ['03', '15']) {
            const billed = next(25_000_000);
            const cost = (billed * 9n) / 10n;
            add(
              account,
              day,
              hour,
              'Usage',
              service,
              `EU-Usage-${u}`,
              billed,
              cost,
            );
          }
        }
      }
    }
    const credit = -next(40_000_000);
    add(
      account,
      `${PERIOD}-15`,
      '00',
      'Credit',
      SERVICES[0],
      'EU-Credit',
      credit,
      credit,
    );
  }
  return { csv: `${lines.join('\n')}\n`, expected };
}

/**
 * A CUR 2.0 (Data Exports) file of the same month: usage billed as is and
 * usage covered by a Savings Plan (amortised at its effective cost).
 */
export function curExport(seed = 11): { csv: string; expected: Expected } {
  const next = amounts(seed);
  const expected = expectedFor();
  const lines = [
    'bill_billing_period_start_date,line_item_usage_start_date,line_item_usage_account_id,line_item_usage_account_name,line_item_line_item_type,line_item_product_code,product_product_name,product_region_code,line_item_usage_type,line_item_unblended_cost,line_item_currency_code,savings_plan_savings_plan_effective_cost,resource_tags',
  ];
  for (const [account, name] of Object.entries(ACCOUNTS)) {
    for (let d = 1; d <= 31; d++) {
      const day = `${PERIOD}-${String(d).padStart(2, '0')}`;
      for (const [awsService, service] of SERVICES) {
        const covered = d % 2 === 0;
        const billed = next(30_000_000);
        const cost = covered ? (billed * 7n) / 10n : billed;
        expected.rows++;
        expected.totals[account].cost += cost;
        expected.totals[account].billed += billed;
        expected.keys.add([account, day, awsService].join('|'));
        lines.push(
          csvLine([
            `${PERIOD}-01T00:00:00Z`,
            `${day}T00:00:00Z`,
            account,
            name,
            covered ? 'SavingsPlanCoveredUsage' : 'Usage',
            'Amazon',
            awsService,
            'eu-west-1',
            'EU-BoxUsage:t3.large',
            decimal(billed, false),
            'USD',
            covered ? decimal(cost, true) : '',
            JSON.stringify({ user_service: service }),
          ]),
        );
      }
    }
  }
  return { csv: `${lines.join('\n')}\n`, expected };
}

/**
 * What the store must hold per account after importing an export: the
 * amortised and billed totals and the number of daily rows (hourly lines
 * of one day add up to one row).
 */
export function expectedTotals(expected: Expected) {
  return Object.fromEntries(
    Object.entries(expected.totals).map(([account, t]) => [
      account,
      {
        ...t,
        rows: [...expected.keys].filter(k => k.startsWith(`${account}|`))
          .length,
      },
    ]),
  );
}
