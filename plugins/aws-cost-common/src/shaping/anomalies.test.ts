import fixture from '../__fixtures__/daily-by-service.json';
import { anomalyCauses, detectAnomalies } from './anomalies';

describe('anomalies', () => {
  it('detects the billing-worker anomaly (spend doubled this month)', () => {
    const anomalies = detectAnomalies({
      dimension: 'service',
      daily: fixture.daily,
      asOf: fixture.asOf,
    });
    expect(anomalies).toHaveLength(1);
    expect(anomalies[0]).toMatchObject({
      key: 'billing-worker',
      startDay: '2026-11-01',
      expected: 100_000_000,
      actual: 200_000_000,
      impact: 100_000_000,
      ratio: 2,
      status: 'open',
    });
  });

  it('reports new spend without a baseline only when asked', () => {
    const daily = [
      { day: '2026-11-02', key: 'nat', micros: 60_000_000 },
      { day: '2026-10-02', key: 'old', micros: 1_000_000 },
    ];
    expect(
      detectAnomalies({ dimension: 'service', daily, asOf: '2026-11-05' }),
    ).toEqual([]);
    const found = detectAnomalies({
      dimension: 'service',
      daily,
      asOf: '2026-11-05',
      allowNew: true,
    });
    expect(found.map(a => [a.key, a.ratio, a.impact])).toEqual([
      ['nat', null, 60_000_000],
    ]);
  });

  it('explains anomalies by the sub-keys that grew', () => {
    expect(
      anomalyCauses({
        dimension: 'awsService',
        current: [
          { key: 'NAT Gateway', micros: 90 },
          { key: 'EC2', micros: 20 },
        ],
        baseline: [{ key: 'EC2', micros: 60 }],
        scale: { numerator: 1, denominator: 3 },
      }),
    ).toEqual([{ dimension: 'awsService', key: 'NAT Gateway', impact: 90 }]);
  });
});
