import { addDays } from '@runway/plugin-aws-cost-common';
import {
  AS_OF,
  SMALL_ORG,
  seedSmallOrg,
  smallOrgConfig,
  units,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { OrgIndex } from '../OrgIndex';
import { dayOf, ReportQueries } from './ReportQueries';

const databases = costDatabases();
jest.setTimeout(60_000);

const config = smallOrgConfig();
const org = new OrgIndex(SMALL_ORG, config.tagKeys, config.sharedServices);

describe('report query helpers', () => {
  it('starts a monthly period on its first day, not before the range', () => {
    expect(dayOf('2026-11-07', '2026-11-01')).toBe('2026-11-07');
    expect(dayOf('2026-11', '2026-10-15')).toBe('2026-11-01');
    expect(dayOf('2026-10', '2026-10-15')).toBe('2026-10-15');
  });

  it('turns drill-down keys into store filters', () => {
    const queries = new ReportQueries({ store: {} as CostStore, config });
    expect(queries.storeFilter(org, { team: 'team-a' })).toEqual({
      resolvedTeam: { teams: ['team-a'], services: ['svc-a'] },
    });
    expect(queries.storeFilter(org, { team: 'not-a-group' })).toEqual({
      resolvedTeam: { teams: ['not-a-group'], services: [] },
    });
    expect(queries.storeFilter(org, { team: '(unallocated)' })).toEqual({
      team: '',
    });
    expect(queries.storeFilter(org, { team: '(shared)' })).toEqual({
      team: '',
      service: ['shared'],
    });
    expect(queries.storeFilter(org, { service: '(unallocated)' })).toEqual({
      service: '',
    });
    expect(queries.storeFilter(org, { service: '(shared)' })).toEqual({
      service: ['shared'],
    });
    expect(
      queries.storeFilter(org, {
        service: 'svc-b',
        awsService: 'Amazon MQ',
        account: '(none)',
        environment: 'production',
        region: 'eu-west-1',
        chargeType: 'Usage',
      }),
    ).toEqual({
      service: 'svc-b',
      aws_service: 'Amazon MQ',
      account_id: '',
      environment: 'production',
      region: 'eu-west-1',
      charge_type: 'Usage',
    });
  });
});

describe.each(databases.eachSupportedId())('report queries on %p', id => {
  let store: CostStore;
  let queries: ReportQueries;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
    queries = new ReportQueries({ store, config });
  });

  it('reports data age and sources', async () => {
    expect(await queries.asOf()).toBe(AS_OF);
    expect(await queries.status()).toEqual({
      currency: 'USD',
      sample: false,
      lastDay: AS_OF,
      lastSyncAt: '2026-11-11T06:00:00.000Z',
      sources: [
        {
          source: 'test',
          type: 'focus',
          sample: false,
          lastSuccessAt: '2026-11-11T06:00:00.000Z',
          lastAttemptAt: '2026-11-11T06:00:00.000Z',
          lastError: null,
          notices: [],
          refusedRows: 0,
          lastDay: AS_OF,
          callsToday: 0,
        },
      ],
    });
  });

  it('takes yesterday as the last day of an empty store', async () => {
    const empty = new ReportQueries({
      store: await newCostStore(databases, id),
      config,
    });
    expect(await empty.asOf()).toBe(
      addDays(new Date().toISOString().slice(0, 10), -1),
    );
  });

  it('keys rows by team, service or column value', async () => {
    const range = {
      org,
      from: '2026-11-01',
      to: AS_OF,
      granularity: 'total',
      filter: {},
    } as const;
    // one row per stored combination: a key may come back more than once
    const byKey = async (dimension: 'team' | 'service' | 'account') => {
      const sums: Record<string, bigint> = {};
      for (const r of await queries.keyedRows({ ...range, dimension })) {
        sums[r.key] = (sums[r.key] ?? 0n) + r.micros;
      }
      return sums;
    };
    expect(await byKey('team')).toEqual({
      'team-a': units(100),
      'team-b': units(50 + 20),
      '(shared)': units(30),
      '(unallocated)': units(60),
    });
    expect(await byKey('service')).toEqual({
      'svc-a': units(100),
      'svc-b': units(50),
      '(shared)': units(30),
      '(team-b, no service)': units(20),
      '(unallocated)': units(60),
    });
    expect(await byKey('account')).toEqual({
      '111111111111': units(200),
      '222222222222': units(60),
    });
    const environments = await queries.keyedRows({
      ...range,
      dimension: 'environment',
    });
    expect(environments).toEqual([
      { period: '', key: '(none)', micros: units(260) },
    ]);
  });

  it('forecasts the month end from the last 7 days', async () => {
    expect(await queries.forecastMonthEnd(AS_OF)).toEqual({
      monthToDate: units(260),
      forecast: units(260 + 26 * 20),
      dailyRate: units(26),
    });
    expect(await queries.forecastMonthEnd(AS_OF, { service: 'svc-a' })).toEqual(
      {
        monthToDate: units(100),
        forecast: units(300),
        dailyRate: units(10),
      },
    );
    expect(await queries.total('2026-10-01', '2026-10-31')).toBe(units(465));
  });
});
