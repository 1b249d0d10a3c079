import fixture from '../__fixtures__/daily-by-service.json';
import { breakdownTree, buildBreakdownRows, topMovers } from './breakdown';

describe('breakdowns', () => {
  it('builds monthly series per key with totals and change', () => {
    const { periods, rows, total } = buildBreakdownRows({
      rows: fixture.daily,
      previous: [
        { key: 'checkout-api', micros: 100_000_000 },
        { key: 'gone-service', micros: 1_000_000 },
      ],
      from: '2026-10-01',
      to: '2026-11-20',
      granularity: 'monthly',
    });
    expect(periods).toEqual(['2026-10', '2026-11']);
    const checkout = rows.find(r => r.key === 'checkout-api')!;
    expect(checkout.series).toEqual([
      { period: '2026-10', micros: 31 * 12_340_000 },
      { period: '2026-11', micros: 20 * 12_340_000 },
    ]);
    expect(checkout.change.previous).toBe(100_000_000);
    const gone = rows.find(r => r.key === 'gone-service')!;
    expect(gone.total).toBe(0);
    expect(gone.change.delta).toBe(-1_000_000);
    expect(total).toBe(51 * 12_340_000 + 31 * 5_000_000 + 20 * 10_000_000);
    expect(rows[0].key).toBe('checkout-api');
  });

  it('finds top movers by absolute delta', () => {
    const movers = topMovers({
      current: [
        { key: 'a', micros: 10 },
        { key: 'b', micros: 100 },
        { key: 'c', micros: 5 },
      ],
      previous: [
        { key: 'a', micros: 50 },
        { key: 'b', micros: 90 },
        { key: 'c', micros: 5 },
      ],
      limit: 5,
    });
    expect(movers.map(m => [m.key, m.change.delta])).toEqual([
      ['a', -40],
      ['b', 10],
    ]);
  });

  it('builds the team -> service -> AWS service tree', () => {
    const tree = breakdownTree([
      { path: ['team-payments', 'billing-worker', 'EC2'], micros: 5 },
      { path: ['team-payments', 'billing-worker', 'NAT'], micros: 7 },
      { path: ['team-payments', 'payments-api', 'RDS'], micros: 3 },
      { path: ['team-checkout', 'checkout-api', 'RDS'], micros: 4 },
    ]);
    expect(tree.map(n => [n.key, n.total])).toEqual([
      ['team-payments', 15],
      ['team-checkout', 4],
    ]);
    expect(tree[0].children[0].children.map(n => n.key)).toEqual([
      'NAT',
      'EC2',
    ]);
  });
});
