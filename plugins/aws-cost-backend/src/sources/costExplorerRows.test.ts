import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { isThrottling, retryDelayMs } from './costExplorerCalls';
import { costAndUsageRows, storedAnomalies } from './costExplorerRows';

const group = (keys: string[], amortised: string, unblended = amortised) => ({
  Keys: keys,
  Metrics: {
    AmortizedCost: { Amount: amortised, Unit: 'USD' },
    UnblendedCost: { Amount: unblended, Unit: 'USD' },
  },
});

describe('Cost Explorer rows', () => {
  it('maps group keys to store columns and sums groups that share a key', () => {
    const rows = costAndUsageRows({
      source: 'cost-explorer',
      account: { accountId: '111111111111', name: 'payer' },
      groupBy: [
        { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
        { Type: 'TAG', Key: 'team' },
      ],
      tagKeys: DEFAULT_TAG_KEYS,
      pages: [
        {
          ResultsByTime: [
            {
              TimePeriod: { Start: '2026-11-01', End: '2026-11-02' },
              Groups: [
                group(['222222222222', 'team$team-a'], '1.5', '2'),
                group(['222222222222', 'team$team-a'], '0.25', '0.5'),
                group(['222222222222', 'team$'], '3'),
              ],
            },
          ],
          $metadata: {},
        },
      ],
    });
    expect(rows).toEqual([
      expect.objectContaining({
        source: 'cost-explorer',
        usageDate: '2026-11-01',
        billingPeriod: '2026-11',
        accountId: '222222222222',
        accountName: 'payer',
        awsService: '(all)',
        chargeType: 'Usage',
        team: 'team-a',
        costMicros: 1_750_000n,
        billedMicros: 2_500_000n,
      }),
      expect.objectContaining({ team: '', costMicros: 3_000_000n }),
    ]);
  });

  it('maps anomalies with their impact and root causes', () => {
    expect(
      storedAnomalies({
        source: 'cost-explorer',
        account: { accountId: '111111111111' },
        today: '2026-11-20',
        anomalies: [
          {
            AnomalyId: 'a1',
            DimensionValue: 'Amazon MQ',
            AnomalyStartDate: '2026-11-02T00:00:00Z',
            Impact: {
              TotalExpectedSpend: 10,
              TotalActualSpend: 30.5,
              MaxImpact: 20.5,
            },
            RootCauses: [{ Service: 'Amazon MQ', Region: 'eu-west-1' }],
          },
        ],
      }),
    ).toEqual([
      {
        id: '111111111111:a1',
        source: 'cost-explorer',
        accountId: '111111111111',
        dimensionValue: 'Amazon MQ',
        startDay: '2026-11-02',
        endDay: null,
        expectedMicros: 10_000_000n,
        actualMicros: 30_500_000n,
        impactMicros: 20_500_000n,
        causes: [{ dimension: 'awsService', key: 'Amazon MQ / eu-west-1' }],
      },
    ]);
  });
});

describe('Cost Explorer call retries', () => {
  it('retries throttling only', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(isThrottling(named('LimitExceededException'))).toBe(true);
    expect(isThrottling(named('ThrottlingException'))).toBe(true);
    expect(
      isThrottling(
        Object.assign(new Error('x'), { $metadata: { httpStatusCode: 429 } }),
      ),
    ).toBe(true);
    expect(isThrottling(named('AccessDeniedException'))).toBe(false);
  });

  it('waits a full-jitter delay, capped at 20 s', () => {
    expect(retryDelayMs(1, () => 0.5)).toBe(500);
    expect(retryDelayMs(3, () => 0.999)).toBe(3996);
    expect(retryDelayMs(10, () => 1)).toBe(20_000);
    expect(retryDelayMs(2, () => 0)).toBe(0);
  });
});
