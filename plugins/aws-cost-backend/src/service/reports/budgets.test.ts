import {
  micros,
  seedSmallOrg,
  SMALL_ORG,
  smallOrgConfig,
  smallOrgContext,
  units,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { OrgIndex } from '../OrgIndex';
import { budgetsOf, budgetsReport } from './budgets';

const databases = costDatabases();
jest.setTimeout(60_000);

describe('budgetsOf', () => {
  it('takes config budgets first; annotations fill in the rest', () => {
    const config = smallOrgConfig();
    const org = new OrgIndex(SMALL_ORG, config.tagKeys, config.sharedServices);
    expect(budgetsOf(config.budgets, org)).toEqual([
      { entityRef: 'group:default/org', monthlyMicros: units(1000) },
      // team-a's annotation (100) loses to config
      { entityRef: 'group:default/team-a', monthlyMicros: units(150) },
      { entityRef: 'group:default/team-b', monthlyMicros: units(60) },
    ]);
  });
});

describe.each(databases.eachSupportedId())('budgets report on %p', id => {
  let store: CostStore;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
  });

  it('compares each budget with actual and the linear month end', async () => {
    const { budgets } = await budgetsReport(smallOrgContext(store));
    expect(budgets).toEqual([
      // the root group is measured on all spend, allocated or not
      {
        entityRef: 'group:default/org',
        label: 'org',
        month: '2026-11',
        budget: micros(1000),
        actual: micros(260),
        forecast: micros(780),
        state: 'ok',
      },
      // svc-a: 10 a day
      {
        entityRef: 'group:default/team-a',
        label: 'team-a',
        month: '2026-11',
        budget: micros(150),
        actual: micros(100),
        forecast: micros(300),
        state: 'at-risk',
      },
      // svc-b 5 a day and team-b's own S3 2 a day
      {
        entityRef: 'group:default/team-b',
        label: 'team-b',
        month: '2026-11',
        budget: micros(60),
        actual: micros(70),
        forecast: micros(210),
        state: 'over',
      },
    ]);
  });

  it("measures a Component's budget on its service tag", async () => {
    const { budgets } = await budgetsReport(
      smallOrgContext(store, {
        budgets: [
          { entityRef: 'component:default/svc-b', monthlyMicros: units(200) },
        ],
      }),
    );
    expect(budgets[0]).toMatchObject({
      entityRef: 'component:default/svc-b',
      actual: micros(50),
      forecast: micros(150),
      state: 'ok',
    });
  });
});
