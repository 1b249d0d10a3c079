/**
 * Cost Explorer with AssumeRole per account, against moto's server.
 *
 * The aws-cost backend plugin runs as production runs it (config only:
 * `aws.accounts` with a role per account, `awsCost.sources.costExplorer`),
 * its scheduled sync task is triggered once, and every AWS request goes
 * through a recording proxy in front of moto (`AWS_ENDPOINT_URL`). moto
 * answers GetCostAndUsage from a queue per account, chosen by the account
 * of the credentials that signed the request, so a row lands in the right
 * account only when the call was signed with that account's assumed role.
 */
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import awsCostPlugin, { CostStore } from '@runway/plugin-aws-cost-backend';
import { AwsCall, startAwsRecorder } from '../harness/awsRecorder';
import { Moto, startMoto } from '../harness/moto';
import { MAIN_CREDENTIALS, useAwsEndpoint } from './awsEnv';

jest.setTimeout(120_000);

const ROLE = 'runway-cost-reader';
const SHARED = '111111111111';
const WORKLOADS = '222222222222';
/** Listed for Cost Explorer but without a role under `aws.accounts`. */
const UNLISTED = '333333333333';
const SYNC_TASK = 'aws-cost-explorer-sync';

const TODAY = new Date().toISOString().slice(0, 10);
/** Day `n` of last month: inside the two-month lookback, before today. */
function lastMonth(n: number): string {
  const d = new Date(`${TODAY.slice(0, 8)}01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 1, n);
  return d.toISOString().slice(0, 10);
}
const [D1, D2, D3] = [1, 2, 3].map(lastMonth);

/**
 * What each account's Cost Explorer answers, page by page, grouped by
 * SERVICE and the `service` tag (the plugin's default group-by), and the
 * integer micro-units each amount must be stored as (Cost Explorer sends
 * up to ten decimals; the store rounds half up to micro-units).
 */
type Group = {
  day: string;
  awsService: string;
  service: string;
  amortized: string;
  unblended: string;
  costMicros: bigint;
  billedMicros: bigint;
};
const PAGES: Record<string, Group[][]> = {
  [SHARED]: [
    [
      g(
        D1,
        'Amazon Elastic Kubernetes Service',
        'runway',
        '12.345678',
        '12.345678',
        12_345_678n,
        12_345_678n,
      ),
      g(D1, 'EC2 - Other', '', '0.1', '0.1', 100_000n, 100_000n),
      g(
        D2,
        'Amazon Elastic Kubernetes Service',
        'runway',
        '3.1415926535',
        '3.14',
        3_141_593n,
        3_140_000n,
      ),
    ],
    [g(D2, 'EC2 - Other', '', '0.2', '0.2', 200_000n, 200_000n)],
  ],
  [WORKLOADS]: [
    [
      g(
        D1,
        'Amazon Elastic Compute Cloud - Compute',
        'checkout-api',
        '1234.567891',
        '1300.00',
        1_234_567_891n,
        1_300_000_000n,
      ),
      g(
        D1,
        'Amazon Relational Database Service',
        'checkout-api',
        '0.000001',
        '0.000001',
        1n,
        1n,
      ),
    ],
    [
      g(
        D2,
        'Amazon Simple Queue Service',
        'billing-worker',
        '98.76',
        '98.76',
        98_760_000n,
        98_760_000n,
      ),
      g(
        D3,
        'Amazon Elastic Compute Cloud - Compute',
        'billing-worker',
        '7.0000005',
        '7.0000004',
        7_000_001n,
        7_000_000n,
      ),
    ],
  ],
};
const NAMES: Record<string, string> = {
  [SHARED]: 'shared-services',
  [WORKLOADS]: 'workloads',
};

function g(
  day: string,
  awsService: string,
  service: string,
  amortized: string,
  unblended: string,
  costMicros: bigint,
  billedMicros: bigint,
): Group {
  return {
    day,
    awsService,
    service,
    amortized,
    unblended,
    costMicros,
    billedMicros,
  };
}

/** GetCostAndUsage answers as Cost Explorer shapes them, one per page. */
function costAndUsageResults(accountId: string) {
  const pages = PAGES[accountId];
  return pages.map((groups, i) => {
    const days = [...new Set(groups.map(x => x.day))].sort();
    return {
      GroupDefinitions: [
        { Type: 'DIMENSION', Key: 'SERVICE' },
        { Type: 'TAG', Key: 'service' },
      ],
      ResultsByTime: days.map(day => ({
        TimePeriod: { Start: day, End: day },
        Total: {},
        Groups: groups
          .filter(x => x.day === day)
          .map(x => ({
            Keys: [x.awsService, `service$${x.service}`],
            Metrics: {
              AmortizedCost: { Amount: x.amortized, Unit: 'USD' },
              UnblendedCost: { Amount: x.unblended, Unit: 'USD' },
            },
          })),
        Estimated: false,
      })),
      ...(i < pages.length - 1
        ? { NextPageToken: `${NAMES[accountId]}-page-${i + 2}` }
        : {}),
      DimensionValueAttributes: [],
    };
  });
}

describe('Cost Explorer sync with AssumeRole per account (moto)', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let moto: Moto | undefined;
  let recorder: Awaited<ReturnType<typeof startAwsRecorder>> | undefined;
  let backend: Awaited<ReturnType<typeof startTestBackend>> | undefined;
  let store: CostStore;
  let calls: AwsCall[];

  beforeAll(async () => {
    moto = await startMoto();
    recorder = await startAwsRecorder(moto.url);
    calls = recorder.calls;
    useAwsEndpoint(recorder.url, moto.dir);
    for (const accountId of [SHARED, WORKLOADS]) {
      await moto.queueCostAndUsage(accountId, costAndUsageResults(accountId));
    }

    const knex = await databases.init('SQLITE_3');
    const scheduler = mockServices.scheduler.mock();
    backend = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            aws: {
              accounts: [
                { accountId: SHARED, roleName: ROLE },
                { accountId: WORKLOADS, roleName: ROLE },
              ],
            },
            awsCost: {
              sources: {
                costExplorer: {
                  accounts: [
                    { accountId: SHARED, name: NAMES[SHARED] },
                    { accountId: WORKLOADS, name: NAMES[WORKLOADS] },
                    { accountId: UNLISTED, name: 'unlisted' },
                  ],
                  lookbackMonths: 2,
                  // moto 5.2.5 does not implement GetCostForecast or
                  // GetAnomalies (it answers 500 with an HTML page)
                  forecast: false,
                  anomalies: false,
                  maxAttempts: 1,
                  timeoutMs: 10_000,
                },
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        scheduler.factory,
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    store = new CostStore(knex);

    // the plugin's scheduled sync, as one replica runs it
    const sync = scheduler.scheduleTask.mock.calls
      .map(([task]) => task)
      .find(task => task.id === SYNC_TASK);
    if (sync?.scope !== 'global') {
      throw new Error(
        `the cost sync must be a global task (once per cadence across replicas), got ${sync?.scope}`,
      );
    }
    await sync.fn(new AbortController().signal);
  });

  afterAll(async () => {
    await backend?.stop();
    await recorder?.close();
    await moto?.stop();
  });

  /** The account whose assumed-role credentials carry this access key. */
  function accountOfKey(accessKeyId: string): string | undefined {
    for (const call of calls.filter(c => c.action === 'AssumeRole')) {
      if (call.response.includes(`<AccessKeyId>${accessKeyId}</AccessKeyId>`)) {
        return /arn:aws:sts::(\d{12}):assumed-role\//.exec(call.response)?.[1];
      }
    }
    return undefined;
  }

  it('assumes each configured role once, signed with the main credentials', () => {
    const assumed = calls.filter(c => c.action === 'AssumeRole');
    expect(
      assumed.map(c => ({
        service: c.service,
        signedBy: c.accessKeyId,
        roleArn: c.params.RoleArn,
        session: c.params.RoleSessionName,
        status: c.status,
      })),
    ).toEqual(
      [SHARED, WORKLOADS].map(accountId => ({
        service: 'sts',
        signedBy: MAIN_CREDENTIALS.accessKeyId,
        roleArn: `arn:aws:iam::${accountId}:role/${ROLE}`,
        session: 'backstage',
        status: 200,
      })),
    );
    // moto names the account in the assumed-role ARN
    expect(
      assumed.map(c =>
        accountOfKey(/<AccessKeyId>(\w+)</.exec(c.response)![1]),
      ),
    ).toEqual([SHARED, WORKLOADS]);
  });

  it("reads every page of each account with that account's assumed role", () => {
    const reads = calls.filter(c => c.action === 'GetCostAndUsage');
    expect(reads.every(c => c.service === 'ce' && c.status === 200)).toBe(true);
    // never with the main account's own credentials
    expect(
      reads.filter(c => c.accessKeyId === MAIN_CREDENTIALS.accessKeyId),
    ).toEqual([]);
    for (const accountId of [SHARED, WORKLOADS]) {
      const mine = reads.filter(c => accountOfKey(c.accessKeyId) === accountId);
      expect(mine.map(c => c.params.NextPageToken)).toEqual([
        undefined,
        `${NAMES[accountId]}-page-2`,
      ]);
      expect(mine[0].params).toMatchObject({
        Granularity: 'DAILY',
        Metrics: ['AmortizedCost', 'UnblendedCost'],
        GroupBy: [
          { Type: 'DIMENSION', Key: 'SERVICE' },
          { Type: 'TAG', Key: 'service' },
        ],
        TimePeriod: { Start: D1, End: TODAY },
      });
    }
    expect(reads).toHaveLength(4);
  });

  it('stores exactly the queued rows, in integer micro-units, per account', async () => {
    const rows = await store
      .knex('aws_cost_daily')
      .where({ source: 'cost-explorer' })
      .select();
    const stored = rows
      .map(r => ({
        accountId: r.account_id,
        accountName: r.account_name,
        day: r.usage_date,
        billingPeriod: r.billing_period,
        awsService: r.aws_service,
        service: r.service,
        currency: r.currency,
        costMicros: BigInt(r.cost_micros),
        billedMicros: BigInt(r.billed_micros),
      }))
      .sort(byKey);
    const expected = [SHARED, WORKLOADS]
      .flatMap(accountId =>
        PAGES[accountId].flat().map(x => ({
          accountId,
          accountName: NAMES[accountId],
          day: x.day,
          billingPeriod: x.day.slice(0, 7),
          awsService: x.awsService,
          service: x.service,
          currency: 'USD',
          costMicros: x.costMicros,
          billedMicros: x.billedMicros,
        })),
      )
      .sort(byKey);
    expect(stored).toEqual(expected);

    // totals summed by the database, as the reports sum them
    const totals = (await store
      .knex('aws_cost_daily')
      .where({ source: 'cost-explorer' })
      .groupBy('account_id')
      .select('account_id')
      .sum({ micros: 'cost_micros' })) as Array<{
      account_id: string;
      micros: number | string;
    }>;
    expect(
      Object.fromEntries(totals.map(t => [t.account_id, BigInt(t.micros)])),
    ).toEqual({
      [SHARED]: 12_345_678n + 100_000n + 3_141_593n + 200_000n,
      [WORKLOADS]: 1_234_567_891n + 1n + 98_760_000n + 7_000_001n,
    });
  });

  it('records each account, and an account without a role fails alone', async () => {
    const status = Object.fromEntries(
      (await store.getSyncStatus()).map(s => [s.source, s]),
    );
    for (const accountId of [SHARED, WORKLOADS]) {
      expect(status[`cost-explorer:${accountId}`]).toMatchObject({
        type: 'cost-explorer',
        lastError: null,
      });
    }
    expect(status[`cost-explorer:${UNLISTED}`].lastError).toMatch(
      `There is no AWS integration that matches ${UNLISTED}`,
    );
    // the credentials manager asked who the main account is, and nothing
    // was read for the unlisted account
    expect(
      calls
        .filter(c => c.action === 'GetCallerIdentity')
        .map(c => c.accessKeyId),
    ).toEqual([MAIN_CREDENTIALS.accessKeyId]);
    // paid calls counted against the daily cap: two pages per account
    expect(status['cost-explorer'].callsToday).toBe(4);
  });
});

function byKey(
  a: { accountId: string; day: string; awsService: string },
  b: typeof a,
) {
  return `${a.accountId}|${a.day}|${a.awsService}`.localeCompare(
    `${b.accountId}|${b.day}|${b.awsService}`,
  );
}
