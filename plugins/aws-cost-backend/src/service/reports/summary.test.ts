import {
  AS_OF,
  micros,
  seedSmallOrg,
  smallOrgContext,
  units,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { summaryReport } from './summary';

const databases = costDatabases();
jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('summary report on %p', id => {
  let store: CostStore;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
  });

  it('summarises the month against the same days of last month', async () => {
    const summary = await summaryReport(smallOrgContext(store));
    expect({ ...summary, status: undefined }).toEqual({
      status: undefined,
      asOf: AS_OF,
      monthToDate: micros(260),
      lastMonth: micros(465),
      // October 1-10: 15 a day
      change: {
        current: micros(260),
        previous: micros(150),
        delta: micros(110),
        ratio: expect.closeTo(110 / 150, 9),
      },
      // 260 so far + 26 a day x 20 days left
      forecastMonthEnd: micros(780),
      forecastSource: 'linear',
      // the untagged NAT gateway traffic
      unallocatedMonthToDate: micros(60),
      // svc-a doubled; the untagged NAT traffic is new
      openAnomalies: 2,
    });
    expect(summary.status).toMatchObject({ lastDay: AS_OF, sample: false });
  });

  it("prefers Cost Explorer's forecast over every account when synced", async () => {
    for (const [accountId, amount] of [
      ['111111111111', 500],
      ['222222222222', 400],
    ] as const) {
      await store.putForecast({
        source: 'cost-explorer',
        month: '2026-11',
        accountId,
        currency: 'USD',
        amountMicros: units(amount),
      });
    }
    try {
      const summary = await summaryReport(smallOrgContext(store));
      expect(summary.forecastMonthEnd).toBe(micros(900));
      expect(summary.forecastSource).toBe('cost-explorer');
    } finally {
      await store.knex('aws_cost_forecast').delete();
    }
  });
});
