import { unitCostRows } from './unitCost';

describe('unitCostRows', () => {
  it('divides each month by its thousands of requests, skipping months without requests', () => {
    expect(
      unitCostRows(
        [
          { period: '2026-09', micros: 3_000_000_000 },
          { period: '2026-10', micros: 3_100_000_000 },
          { period: '2026-11', micros: 1_000_000_000 },
          { period: '2026-12', micros: 500_000_000 },
        ],
        [
          { month: '2026-09', requests: 1_500_000 },
          { month: '2026-10', requests: 3 },
          { month: '2026-11' },
          { month: '2026-12', requests: 0 },
        ],
      ),
    ).toEqual([
      // $3,000 for 1.5 M requests: $2 per 1,000
      {
        month: '2026-09',
        micros: 3_000_000_000,
        requests: 1_500_000,
        perThousandMicros: 2_000_000,
      },
      {
        month: '2026-10',
        micros: 3_100_000_000,
        requests: 3,
        perThousandMicros: 1_033_333_333_333,
      },
    ]);
  });
});
