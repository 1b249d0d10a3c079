import { Knex } from 'knex';
import { dailyRow } from '../../__testUtils__/store';
import { DailyCostRow } from '../CostStore';
import { rollupTables } from '../rollups';

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` rows over Nov 2025 to Jan 2027 with every dimension varied, tagged
 * and untagged, pods' split rows, credits (negative) and zero amounts.
 */
export function randomRows(
  seed: number,
  n: number,
  source = 'a',
): DailyCostRow[] {
  const next = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const rows = new Map<string, DailyCostRow>();
  const start = Date.parse('2025-11-20T00:00:00Z');
  for (let i = 0; i < n; i++) {
    const usageDate = new Date(start + Math.floor(next() * 420) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const pod = next() < 0.2;
    const row = dailyRow({
      source,
      usageDate,
      accountId: pick(['111111111111', '222222222222', '333333333333']),
      awsService: pick(['EC2', 'S3', 'RDS', 'EKS']),
      region: pick(['eu-west-1', 'us-east-1']),
      usageType: pick(['BoxUsage', 'Storage', 'Requests']),
      chargeType: pick(['Usage', 'Usage', 'Credit', 'Tax']),
      team: pick(['', 't1', 't2']),
      service: pick(['', 'a', 'b', 'c']),
      environment: pick(['', 'prod', 'dev']),
      cluster: pod ? pick(['c1', 'c2']) : '',
      namespace: pod ? pick(['n1', 'n2']) : '',
      workload: pod ? pick(['w1', 'w2']) : '',
      costMicros: BigInt(
        pick([0, 1, -1, 1000]) * Math.floor(next() * 1_000_000_000),
      ),
    });
    rows.set(
      [
        row.source,
        row.usageDate,
        row.accountId,
        row.awsService,
        row.region,
        row.usageType,
        row.chargeType,
        row.team,
        row.service,
        row.environment,
        row.cluster,
        row.namespace,
        row.workload,
      ].join('|'),
      row,
    );
  }
  return [...rows.values()];
}

/** Rows of a sum in a comparable order, amounts as strings. */
export const sorted = (rows: Array<Record<string, unknown>>) =>
  rows
    .map(r =>
      JSON.stringify(
        Object.entries(r)
          .map(([k, v]) => [k, String(v)])
          .sort(),
      ),
    )
    .sort();

/** Each rollup table's rows next to the same sums of the daily rows. */
export async function rollupsAndDaily(knex: Knex) {
  const out = [];
  for (const { rollup, grain, table, period } of rollupTables()) {
    const day = grain === 'day' ? 'usage_date' : 'substr(usage_date, 1, 7)';
    const keys = [day, ...rollup.columns].join(', ');
    const expected = await knex('aws_cost_daily')
      .select(knex.raw(`${day} as ${period}`))
      .select(rollup.columns)
      .sum({ cost_micros: 'cost_micros' })
      .count({ row_count: '*' })
      .groupByRaw(keys);
    const actual = await knex(table).select();
    out.push({ table, actual: sorted(actual), expected: sorted(expected) });
  }
  return out;
}

/** Expects every rollup table to hold the sums of the daily rows. */
export async function expectRollupsEqualDaily(knex: Knex) {
  for (const t of await rollupsAndDaily(knex)) {
    expect({ table: t.table, rows: t.actual }).toEqual({
      table: t.table,
      rows: t.expected,
    });
  }
}
