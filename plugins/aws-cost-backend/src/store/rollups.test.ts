import { costDatabases, newCostStore } from '../__testUtils__/store';
import {
  expectRollupsEqualDaily,
  randomRows,
  sorted,
} from './__testUtils__/rollups';
import { CostStore, StoreColumn, StoreFilter } from './CostStore';
import { coveringRollup, splitRange, sumDaily, SumOptions } from './rollups';

// SQLite always; PostgreSQL when scripts/test.d/20-cost.sh provides one.
const databases = costDatabases();
jest.setTimeout(120_000);

const pods = [{ workload: 'w1' }, { workload: 'w2', namespace: 'n2' }];

/** The drill-down filters a breakdown or an entity can bring. */
const FILTERS: StoreFilter[] = [
  {},
  { team: '' },
  { team: '', service: ['a', 'b'] },
  { resolvedTeam: { teams: ['t1'], services: ['a'] } },
  { resolvedTeam: { teams: [], services: [] } },
  { service: 'a' },
  { service: '' },
  { service: 'a', team: 't1', environment: 'prod' },
  { environment: 'prod' },
  { account_id: '222222222222' },
  { account_id: '222222222222', region: 'us-east-1' },
  { aws_service: 'EC2' },
  { region: 'eu-west-1' },
  { charge_type: 'Usage' },
  { cluster: 'c1' },
  { namespace: 'n1' },
  { cluster: 'c2', namespace: '' },
  { service: 'a', kubernetes: pods },
  { resolvedTeam: { teams: ['t2'], services: ['b'] }, kubernetes: pods },
  { kubernetes: pods },
];

/** Column sets the reports group by (plain and with pods routed). */
const COLUMNS: StoreColumn[][] = [
  [],
  ['team', 'service'],
  ['aws_service'],
  ['account_id'],
  ['environment'],
  ['region'],
  ['charge_type'],
  ['cluster'],
  ['namespace'],
  ['team', 'service', 'cluster', 'namespace', 'workload'],
  ['aws_service', 'team', 'service', 'cluster', 'namespace', 'workload'],
  ['region', 'team', 'service', 'cluster', 'namespace', 'workload'],
];

/** Queries of single reports beyond column x filter. */
const SPECIAL: Array<[StoreColumn[], StoreFilter]> = [
  [['aws_service', 'usage_type'], { service: 'a', charge_type: 'Usage' }],
  [
    ['account_id', 'aws_service', 'usage_type'],
    { team: '', service: '', charge_type: 'Usage' },
  ],
  [['cluster', 'namespace', 'workload'], { kubernetes: pods }],
];

const RANGES: Array<[string, string]> = [
  ['2025-11-01', '2027-01-31'],
  ['2026-01-01', '2026-12-31'],
  ['2026-02-10', '2026-05-20'],
  ['2026-03-01', '2026-03-31'],
  ['2026-03-05', '2026-03-05'],
  ['2026-04-30', '2026-05-01'],
  ['2026-02-01', '2026-02-27'],
  ['2026-12-20', '2027-01-05'],
  ['2027-03-01', '2027-04-30'],
  ['2026-06-01', '2026-05-01'],
];

describe('splitRange', () => {
  it('splits a range into whole months and the days around them', () => {
    expect(splitRange('2026-02-10', '2026-05-20')).toEqual({
      months: ['2026-03', '2026-04'],
      days: [
        ['2026-02-10', '2026-02-28'],
        ['2026-05-01', '2026-05-20'],
      ],
    });
    expect(splitRange('2026-03-01', '2026-03-31')).toEqual({
      months: ['2026-03', '2026-03'],
      days: [],
    });
    expect(splitRange('2026-03-02', '2026-04-30')).toEqual({
      months: ['2026-04', '2026-04'],
      days: [['2026-03-02', '2026-03-31']],
    });
    for (const [from, to] of [
      ['2026-03-01', '2026-03-30'],
      ['2026-05-01', '2026-04-01'],
      ['2026-02-30', '2026-04-30'],
      ['x', '2026-04-30'],
    ]) {
      expect(splitRange(from, to)).toEqual({ days: [[from, to]] });
    }
  });

  it('reads every column set and drill-down of the reports from a rollup', () => {
    for (const columns of COLUMNS) {
      for (const filter of FILTERS) {
        expect({
          columns,
          filter,
          rollup: !!coveringRollup(columns, filter),
        }).toEqual({ columns, filter, rollup: true });
      }
    }
    for (const [columns, filter] of SPECIAL) {
      expect(coveringRollup(columns, filter)).toBeDefined();
    }
    expect(coveringRollup(['team', 'service'], {})?.name).toBe('owner');
    expect(coveringRollup(['usage_type'], { cluster: 'c1' })).toBeUndefined();
  });
});

describe.each(databases.eachSupportedId())('cost rollups on %p', id => {
  let store: CostStore;

  beforeEach(async () => {
    store = await newCostStore(databases, id);
  });

  it('sums from the rollups exactly as from the daily rows', async () => {
    await store.upsertDaily([
      ...randomRows(1, 3000),
      ...randomRows(2, 300, 'b'),
    ]);
    await expectRollupsEqualDaily(store.knex);
    const queries: SumOptions[] = [];
    for (const [from, to] of RANGES) {
      for (const granularity of ['daily', 'monthly', 'total'] as const) {
        for (const columns of COLUMNS) {
          for (const filter of FILTERS) {
            queries.push({ from, to, granularity, columns, filter });
          }
        }
        for (const [columns, filter] of SPECIAL) {
          queries.push({ from, to, granularity, columns, filter });
        }
      }
    }
    let nonEmpty = 0;
    for (const q of queries) {
      const fromRollups = await store.sumBy(q);
      const fromDaily = await sumDaily(store.knex, q);
      expect({ q, rows: sorted(fromRollups) }).toEqual({
        q,
        rows: sorted(fromDaily),
      });
      if (fromDaily.some(r => r.micros !== 0n)) nonEmpty++;
    }
    expect(nonEmpty).toBeGreaterThan(queries.length / 2);
  });
});
