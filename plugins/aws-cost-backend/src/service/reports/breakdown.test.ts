import {
  AS_OF,
  EC2,
  micros,
  seedSmallOrg,
  smallOrgContext,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { breakdownReport } from './breakdown';

const databases = costDatabases();
jest.setTimeout(60_000);

const NOVEMBER = { from: '2026-11-01', to: AS_OF } as const;

describe.each(databases.eachSupportedId())('breakdown report on %p', id => {
  let store: CostStore;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
  });

  it('rolls services up to their owning teams, with shared and unallocated buckets', async () => {
    const b = await breakdownReport(smallOrgContext(store), {
      ...NOVEMBER,
      dimension: 'team',
      granularity: 'monthly',
      filter: {},
    });
    expect(b.periods).toEqual(['2026-11']);
    expect(b.rows.map(r => [r.key, r.total, r.change.previous])).toEqual([
      // previous period: October 22-31
      ['team-a', micros(100), micros(50)],
      ['team-b', micros(70), micros(70)],
      ['(unallocated)', micros(60), 0],
      ['(shared)', micros(30), micros(30)],
    ]);
    expect(b.rows[0]).toMatchObject({
      label: 'team-a',
      entityRef: 'group:default/team-a',
    });
    expect(b.total).toBe(micros(260));
    // the range reaches the last day: the month end, linearly
    expect(b.forecast).toEqual([{ period: '2026-11', micros: micros(780) }]);
  });

  it('has no forecast for a past range', async () => {
    const b = await breakdownReport(smallOrgContext(store), {
      from: '2026-10-01',
      to: '2026-10-31',
      dimension: 'team',
      granularity: 'monthly',
      filter: {},
    });
    expect(b.total).toBe(micros(465));
    expect(b).not.toHaveProperty('forecast');
  });

  it('drills down: team -> service -> AWS service by day', async () => {
    const ctx = smallOrgContext(store);
    const services = await breakdownReport(ctx, {
      ...NOVEMBER,
      dimension: 'service',
      granularity: 'monthly',
      filter: { team: 'team-b' },
    });
    expect(services.rows.map(r => [r.key, r.total, r.entityRef])).toEqual([
      ['svc-b', micros(50), 'component:default/svc-b'],
      ['(team-b, no service)', micros(20), undefined],
    ]);
    const aws = await breakdownReport(ctx, {
      from: '2026-11-08',
      to: AS_OF,
      dimension: 'awsService',
      granularity: 'daily',
      filter: { service: 'svc-a' },
    });
    expect(aws.periods).toEqual(['2026-11-08', '2026-11-09', '2026-11-10']);
    expect(aws.rows.map(r => [r.key, r.series.map(p => p.micros)])).toEqual([
      [EC2, [micros(10), micros(10), micros(10)]],
    ]);
  });

  it('splits shared spend proportionally to direct spend, adding up exactly', async () => {
    const b = await breakdownReport(
      smallOrgContext(store, { sharedSplit: 'proportional' }),
      { ...NOVEMBER, dimension: 'team', granularity: 'monthly', filter: {} },
    );
    // 30 over team-a 100 : team-b 70; unallocated spend takes no share
    expect(b.rows.map(r => [r.key, r.total])).toEqual([
      ['team-a', 117_647_059],
      ['team-b', 82_352_941],
      ['(unallocated)', micros(60)],
    ]);
    expect(b.total).toBe(micros(260));
  });

  it('splits shared spend by declared weights', async () => {
    const b = await breakdownReport(
      smallOrgContext(store, {
        sharedSplit: 'weights',
        sharedWeights: { 'team-a': 1, 'team-b': 2 },
      }),
      { ...NOVEMBER, dimension: 'team', granularity: 'monthly', filter: {} },
    );
    expect(b.rows.map(r => [r.key, r.total])).toEqual([
      ['team-a', micros(110)],
      ['team-b', micros(90)],
      ['(unallocated)', micros(60)],
    ]);
  });
});
