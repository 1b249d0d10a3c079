import { CostStore } from '../../store/CostStore';

/** What a source holds per billing period and account: sums in micros and stored rows. */
export async function storedTotals(store: CostStore, source: string) {
  const rows = (await store
    .knex('aws_cost_daily')
    .where({ source })
    .select('billing_period', 'account_id')
    .sum({ cost: 'cost_micros', billed: 'billed_micros' })
    .count({ n: '*' })
    .groupBy('billing_period', 'account_id')
    .orderBy(['billing_period', 'account_id'])) as any[];
  return rows.map(r => ({
    period: r.billing_period,
    account: r.account_id,
    cost: Number(r.cost),
    billed: Number(r.billed),
    rows: Number(r.n),
  }));
}
