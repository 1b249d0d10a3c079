import {
  AS_OF,
  micros,
  seedSmallOrg,
  smallOrgContext,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { moversReport } from './movers';

const databases = costDatabases();
jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('movers report on %p', id => {
  let store: CostStore;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
  });

  it('lists the largest changes against the previous period of the same length', async () => {
    const m = await moversReport(smallOrgContext(store), {
      dimension: 'service',
      from: '2026-11-01',
      to: AS_OF,
      limit: 10,
      filter: {},
    });
    expect(m).toMatchObject({
      previousFrom: '2026-10-22',
      previousTo: '2026-10-31',
    });
    // unchanged keys are left out
    expect(m.movers.map(x => [x.key, x.change.delta, x.entityRef])).toEqual([
      ['(unallocated)', micros(60), undefined],
      ['svc-a', micros(50), 'component:default/svc-a'],
    ]);
  });

  it('keeps to the limit and the filter', async () => {
    const ctx = smallOrgContext(store);
    const limited = await moversReport(ctx, {
      dimension: 'service',
      from: '2026-11-01',
      to: AS_OF,
      limit: 1,
      filter: {},
    });
    expect(limited.movers.map(x => x.key)).toEqual(['(unallocated)']);
    const teamA = await moversReport(ctx, {
      dimension: 'awsService',
      from: '2026-11-01',
      to: AS_OF,
      limit: 10,
      filter: { team: 'team-a' },
    });
    expect(teamA.movers.map(x => [x.key, x.change.delta])).toEqual([
      ['Amazon Elastic Compute Cloud', micros(50)],
    ]);
  });
});
