import { costDatabases, dailyRow, newCostStore } from '../__testUtils__/store';
import { CostStore } from './CostStore';

const databases = costDatabases();
jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('cost store on %p', id => {
  let store: CostStore;

  beforeEach(async () => {
    store = await newCostStore(databases, id);
  });

  it('sums by period and column, filtered by value, list or resolved team', async () => {
    await store.upsertDaily([
      dailyRow({ usageDate: '2026-10-31', service: 'a', costMicros: 1n }),
      dailyRow({ usageDate: '2026-11-01', service: 'a', costMicros: 2n }),
      dailyRow({ usageDate: '2026-11-02', service: 'b', costMicros: 4n }),
      dailyRow({ usageDate: '2026-11-02', team: 't', costMicros: 8n }),
      dailyRow({
        usageDate: '2026-11-02',
        team: 'u',
        service: 'a',
        costMicros: 16n,
      }),
    ]);
    const monthly = await store.sumBy({
      from: '2026-10-01',
      to: '2026-11-30',
      granularity: 'monthly',
      columns: [],
    });
    expect(monthly.map(r => [r.period, r.micros])).toEqual([
      ['2026-10', 1n],
      ['2026-11', 30n],
    ]);
    const byService = await store.sumBy({
      from: '2026-11-01',
      to: '2026-11-30',
      granularity: 'total',
      columns: ['service'],
      filter: { service: ['a', 'b'] },
    });
    expect(
      byService
        .map(r => [r.service, r.micros])
        .sort((x, y) => (x < y ? -1 : 1)),
    ).toEqual([
      ['a', 18n],
      ['b', 4n],
    ]);
    // team t: tagged t, or untagged by team with one of t's services (a);
    // a row tagged with another team stays that team's
    const team = await store.sumBy({
      from: '2026-10-01',
      to: '2026-11-30',
      granularity: 'total',
      columns: [],
      filter: { resolvedTeam: { teams: ['t'], services: ['a'] } },
    });
    expect(team.map(r => r.micros)).toEqual([11n]);
  });

  it('replaces a day range of one account and leaves the rest', async () => {
    await store.upsertDaily([
      dailyRow({ usageDate: '2026-11-01', costMicros: 1n }),
      dailyRow({ usageDate: '2026-11-02', costMicros: 2n }),
      dailyRow({
        usageDate: '2026-11-02',
        accountId: '222222222222',
        costMicros: 4n,
      }),
    ]);
    await store.replaceDays({
      source: 'test',
      accountId: '111111111111',
      from: '2026-11-02',
      to: '2026-11-03',
      rows: [dailyRow({ usageDate: '2026-11-03', costMicros: 8n })],
    });
    const rows = await store.sumBy({
      from: '2026-11-01',
      to: '2026-11-30',
      granularity: 'daily',
      columns: ['account_id'],
    });
    expect(rows.map(r => [r.period, r.account_id, r.micros]).sort()).toEqual([
      ['2026-11-01', '111111111111', 1n],
      ['2026-11-02', '222222222222', 4n],
      ['2026-11-03', '111111111111', 8n],
    ]);
    expect(await store.lastDay()).toBe('2026-11-03');
    expect(await store.countRows('test')).toBe(3);
  });

  it('counts paid calls up to the daily cap, per day', async () => {
    const takes = [];
    for (let i = 0; i < 3; i++) {
      takes.push(await store.takeCall('cost-explorer', '2026-11-20', 2));
    }
    expect(takes).toEqual([true, true, false]);
    expect(await store.takeCall('cost-explorer', '2026-11-21', 2)).toBe(true);
    const [status] = await store.getSyncStatus();
    expect(status).toMatchObject({ callsDay: '2026-11-21', callsToday: 1 });
  });

  it('keeps the last success when a later sync fails', async () => {
    await store.recordSync({
      source: 'focus',
      type: 'focus',
      ok: true,
      lastDay: '2026-11-19',
      currency: 'EUR',
      at: new Date('2026-11-20T01:00:00Z'),
    });
    await store.recordSync({
      source: 'focus',
      type: 'focus',
      ok: false,
      error: 'bad row',
      at: new Date('2026-11-21T01:00:00Z'),
    });
    expect(await store.getSyncStatus()).toEqual([
      {
        source: 'focus',
        type: 'focus',
        sample: false,
        currency: 'EUR',
        lastSuccessAt: '2026-11-20T01:00:00.000Z',
        lastAttemptAt: '2026-11-21T01:00:00.000Z',
        lastError: 'bad row',
        notices: [],
        lastDay: '2026-11-19',
        callsDay: null,
        callsToday: 0,
      },
    ]);
  });

  it("sums a month's forecasts over accounts and replaces a source's anomalies", async () => {
    expect(await store.forecastFor('2026-11')).toBeUndefined();
    for (const accountId of ['111111111111', '222222222222']) {
      await store.putForecast({
        source: 'cost-explorer',
        month: '2026-11',
        accountId,
        currency: 'USD',
        amountMicros: 1_500_000n,
      });
    }
    expect(await store.forecastFor('2026-11')).toBe(3_000_000n);
    const anomaly = {
      id: '111111111111:a',
      source: 'cost-explorer',
      accountId: '111111111111',
      dimensionValue: 'svc',
      startDay: '2026-11-01',
      endDay: null,
      expectedMicros: 1n,
      actualMicros: 3n,
      impactMicros: 2n,
      causes: [{ dimension: 'awsService', key: 'EC2' }],
    };
    await store.putAnomalies('cost-explorer:111111111111', [anomaly]);
    expect(await store.anomalies()).toEqual([
      { ...anomaly, source: 'cost-explorer:111111111111' },
    ]);
    await store.putAnomalies('cost-explorer:111111111111', []);
    expect(await store.anomalies()).toEqual([]);
  });
});
