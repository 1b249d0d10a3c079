import { component } from '../../__testUtils__/entities';
import {
  AS_OF,
  EC2,
  micros,
  RDS,
  seedSmallOrg,
  SMALL_ORG,
  smallOrgConfig,
  smallOrgContext,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { OrgIndex } from '../OrgIndex';
import { entityCostReport, entityScope } from './entityCost';

const databases = costDatabases();
jest.setTimeout(60_000);

const [org, , teamB, svcA] = SMALL_ORG;

describe('entityScope', () => {
  const config = smallOrgConfig();
  const index = new OrgIndex(SMALL_ORG, config.tagKeys, config.sharedServices);

  it('covers a group, its sub-groups and what they own', () => {
    expect(
      entityScope(
        org,
        'group:default/org',
        [{ tag: 'team', value: 'org' }],
        index,
        config.tagKeys,
      ),
    ).toEqual({
      filter: {
        resolvedTeam: {
          teams: ['org', 'team-a', 'team-b'],
          services: ['svc-a', 'svc-b'],
        },
      },
      includes: [
        'group:default/org',
        'group:default/team-a',
        'group:default/team-b',
        'component:default/svc-a',
        'component:default/svc-b',
      ],
    });
  });

  it('narrows a Component to its allocation tags, or to nothing when it has none it knows', () => {
    expect(
      entityScope(
        svcA,
        'component:default/svc-a',
        [
          { tag: 'service', value: 'svc-a' },
          { tag: 'environment', value: 'production' },
        ],
        index,
        config.tagKeys,
      ),
    ).toEqual({
      filter: { service: 'svc-a', environment: 'production' },
      includes: ['component:default/svc-a'],
    });
    expect(
      entityScope(
        svcA,
        'component:default/svc-a',
        [{ tag: 'cost-centre', value: '42' }],
        index,
        config.tagKeys,
      ).filter,
    ).toEqual({ service: '\u0000' });
  });
});

describe.each(databases.eachSupportedId())('entity cost report on %p', id => {
  let store: CostStore;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
  });

  it("reports a Component's days, month, change and forecast", async () => {
    const cost = await entityCostReport(smallOrgContext(store), {
      entity: svcA,
      from: '2026-11-01',
      to: AS_OF,
      granularity: 'daily',
    });
    expect({ ...cost, status: undefined }).toEqual({
      status: undefined,
      entityRef: 'component:default/svc-a',
      allocation: [{ tag: 'service', value: 'svc-a' }],
      granularity: 'daily',
      from: '2026-11-01',
      to: AS_OF,
      monthToDate: micros(100),
      lastMonth: micros(155),
      change: {
        current: micros(100),
        previous: micros(50),
        delta: micros(50),
        ratio: 1,
      },
      forecastMonthEnd: micros(300),
      series: Array.from({ length: 10 }, (_, i) => ({
        period: `2026-11-${String(i + 1).padStart(2, '0')}`,
        micros: micros(10),
      })),
      topAwsServices: [{ key: EC2, total: micros(100) }],
      includes: ['component:default/svc-a'],
    });
  });

  it("rolls a Group's own tag and its services up by month", async () => {
    const cost = await entityCostReport(smallOrgContext(store), {
      entity: teamB,
      from: '2026-10-01',
      to: AS_OF,
      granularity: 'monthly',
    });
    expect(cost.series).toEqual([
      { period: '2026-10', micros: micros(217) },
      { period: '2026-11', micros: micros(70) },
    ]);
    expect(cost.topAwsServices).toEqual([
      { key: RDS, total: micros(205) },
      { key: 'Amazon Simple Storage Service', total: micros(82) },
    ]);
    expect(cost.includes).toEqual([
      'group:default/team-b',
      'component:default/svc-b',
    ]);
  });

  it('gives zeros for an entity with no spend', async () => {
    const cost = await entityCostReport(smallOrgContext(store), {
      entity: component('svc-z', 'team-a'),
      from: '2026-11-01',
      to: AS_OF,
      granularity: 'monthly',
    });
    expect(cost).toMatchObject({
      monthToDate: 0,
      series: [{ period: '2026-11', micros: 0 }],
      topAwsServices: [],
    });
  });
});
