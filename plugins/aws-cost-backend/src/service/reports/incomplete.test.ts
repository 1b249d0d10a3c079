import { IncompleteGroup } from '@runway/plugin-aws-cost-common';
import { component } from '../../__testUtils__/entities';
import {
  AS_OF,
  micros,
  seedSmallOrg,
  smallOrgContext,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { DefaultAwsCostService } from '../AwsCostService';

// Every answer that reads a billing period and account an import did not
// write carries the incomplete marker, whichever report built it; answers
// of other months, or narrowed to other accounts, do not.

const databases = costDatabases();
jest.setTimeout(60_000);

const group = (fields: Partial<IncompleteGroup>): IncompleteGroup => ({
  source: 'test',
  file: 'focus.csv',
  billingPeriod: '2026-11',
  accountId: '222222222222',
  rows: 50,
  refusedRows: 41,
  refusedCost: [{ currency: 'USD', micros: micros(3210) }],
  refusedWithoutCost: 0,
  notIncludedCost: [{ currency: 'USD', micros: micros(3300) }],
  ...fields,
});

const NOVEMBER = group({});
const AUGUST = group({
  billingPeriod: '2026-08',
  accountId: '111111111111',
  refusedRows: 1,
  refusedCost: [{ currency: 'EUR', micros: micros(2) }],
  notIncludedCost: [{ currency: 'EUR', micros: micros(2) }],
});

describe.each(databases.eachSupportedId())('incomplete answers on %p', id => {
  let store: CostStore;
  let service: DefaultAwsCostService;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
    await store.refused.replace({
      source: 'test',
      file: 'focus.csv',
      importedAt: '2026-11-11T06:00:00.000Z',
      refusedRows: 42,
      rows: [],
      groups: [AUGUST, NOVEMBER],
    });
    service = new DefaultAwsCostService(smallOrgContext(store));
  });

  it('marks the summary, its forecast included, and counts the refused rows in the status', async () => {
    const summary = await service.summary();
    expect(summary.monthToDate).toBe(micros(260));
    // the anomalies' baseline reaches back to August
    expect(summary.incomplete).toEqual({
      groups: [AUGUST, NOVEMBER],
      refusedRows: 42,
      refusedCost: [
        { currency: 'EUR', micros: micros(2) },
        { currency: 'USD', micros: micros(3210) },
      ],
      notIncludedCost: [
        { currency: 'EUR', micros: micros(2) },
        { currency: 'USD', micros: micros(3300) },
      ],
      forecast: true,
    });
    expect(summary.status.sources).toEqual([
      expect.objectContaining({ source: 'test', refusedRows: 42 }),
    ]);
  });

  it('marks breakdowns that cover the month, unless narrowed to another account', async () => {
    const november = {
      from: '2026-11-01',
      to: AS_OF,
      granularity: 'daily' as const,
      dimension: 'team' as const,
    };
    const all = await service.breakdown({ ...november, filter: {} });
    // the previous period (October) is complete; August is not read
    expect(all.incomplete).toMatchObject({
      groups: [NOVEMBER],
      refusedRows: 41,
      forecast: true,
    });
    const other = await service.breakdown({
      ...november,
      filter: { account: '111111111111' },
    });
    expect(other.incomplete).toBeUndefined();
    const same = await service.breakdown({
      ...november,
      dimension: 'awsService',
      filter: { account: '222222222222' },
    });
    expect(same.incomplete?.groups).toEqual([NOVEMBER]);
    const october = await service.breakdown({
      from: '2026-10-01',
      to: '2026-10-31',
      granularity: 'monthly',
      dimension: 'team',
      filter: {},
    });
    expect(october.incomplete).toBeUndefined();
  });

  it('marks movers, budgets and entity answers through the same layer', async () => {
    const movers = await service.movers({
      from: '2026-11-01',
      to: AS_OF,
      dimension: 'service',
      limit: 5,
      filter: {},
    });
    expect(movers.incomplete).toMatchObject({
      groups: [NOVEMBER],
      forecast: false,
    });
    const budgets = await service.budgets();
    expect(budgets.incomplete).toMatchObject({
      groups: [NOVEMBER],
      forecast: true,
    });
    const entity = await service.entityCost({
      entity: component('svc-a', 'team-a'),
      from: '2026-09-01',
      to: AS_OF,
      granularity: 'monthly',
    });
    // an owner learns the month and the count, not accounts or amounts
    // (refused rows hold any account's spend)
    expect(entity.incomplete).toEqual({
      groups: [
        expect.objectContaining({
          billingPeriod: '2026-11',
          accountId: '',
          file: '',
          refusedRows: 41,
          notIncludedCost: [],
        }),
      ],
      refusedRows: 41,
      refusedCost: [],
      notIncludedCost: [],
      forecast: true,
      limited: true,
    });
    const asOrgWide = await service.entityCost({
      entity: component('svc-a', 'team-a'),
      from: '2026-09-01',
      to: AS_OF,
      granularity: 'monthly',
      orgWide: true,
    });
    // svc-a's rows are all in account 1, but the unwritten rows may be its
    expect(asOrgWide.incomplete?.groups).toEqual([NOVEMBER]);
    const september = await service.movers({
      from: '2026-09-01',
      to: '2026-09-30',
      dimension: 'service',
      limit: 5,
      filter: {},
    });
    // the previous period (August) is read for the change
    expect(september.incomplete?.groups).toEqual([AUGUST]);
  });

  it('drops the marker once the file is imported without refused rows', async () => {
    await store.refused.replace({
      source: 'test',
      file: 'focus.csv',
      importedAt: '2026-11-12T06:00:00.000Z',
      refusedRows: 0,
      rows: [],
      groups: [],
    });
    expect((await service.summary()).incomplete).toBeUndefined();
    expect((await service.anomalies()).incomplete).toBeUndefined();
  });
});
