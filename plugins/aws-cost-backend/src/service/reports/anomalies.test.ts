import {
  AS_OF,
  EC2,
  micros,
  seedSmallOrg,
  smallOrgContext,
  units,
} from '../../__testUtils__/smallOrg';
import { costDatabases, newCostStore } from '../../__testUtils__/store';
import { CostStore } from '../../store/CostStore';
import { anomaliesReport } from './anomalies';

const databases = costDatabases();
jest.setTimeout(60_000);

describe.each(databases.eachSupportedId())('anomalies report on %p', id => {
  let store: CostStore;

  beforeAll(async () => {
    store = await newCostStore(databases, id);
    await seedSmallOrg(store);
  });

  it('detects a service that doubled and new untagged spend', async () => {
    const { anomalies } = await anomaliesReport(smallOrgContext(store));
    expect(anomalies).toEqual([
      {
        id: `detected:untagged:222222222222|${EC2}|NatGateway-Bytes:2026-11`,
        source: 'detected',
        dimension: 'service',
        key: '(unallocated)',
        label: `Untagged NatGateway-Bytes (${EC2}) in account 222222222222`,
        startDay: '2026-11-01',
        lastDay: AS_OF,
        expected: 0,
        actual: micros(60),
        impact: micros(60),
        ratio: null,
        status: 'open',
        causes: [
          {
            dimension: 'awsService',
            key: `${EC2} / NatGateway-Bytes`,
            impact: micros(60),
          },
        ],
      },
      {
        // baseline: 5 a day over August-October, so 50 expected by the 10th
        id: 'detected:service:svc-a:2026-11',
        source: 'detected',
        dimension: 'service',
        key: 'svc-a',
        label: 'svc-a',
        entityRef: 'component:default/svc-a',
        startDay: '2026-11-01',
        lastDay: AS_OF,
        expected: micros(50),
        actual: micros(100),
        impact: micros(50),
        ratio: 2,
        status: 'open',
        causes: [
          {
            dimension: 'awsService',
            key: `${EC2} / BoxUsage`,
            impact: micros(50),
          },
        ],
      },
    ]);
  });

  it('keeps to the configured threshold and minimum impact', async () => {
    const strict = await anomaliesReport(
      smallOrgContext(store, { anomalyThreshold: 2.5 }),
    );
    expect(strict.anomalies.map(a => a.key)).toEqual(['(unallocated)']);
    const large = await anomaliesReport(
      smallOrgContext(store, { anomalyMinImpactMicros: units(61) }),
    );
    expect(large.anomalies).toEqual([]);
  });

  it("adds Cost Explorer's anomalies, open or closed, largest impact first", async () => {
    await store.putAnomalies('cost-explorer:111111111111', [
      {
        id: '111111111111:a1',
        source: 'cost-explorer',
        accountId: '111111111111',
        dimensionValue: 'svc-b',
        startDay: '2026-10-01',
        endDay: '2026-10-05',
        expectedMicros: units(10),
        actualMicros: units(25),
        impactMicros: units(15),
        causes: [{ dimension: 'awsService', key: 'RDS / InstanceUsage' }],
      },
      {
        id: '111111111111:a2',
        source: 'cost-explorer',
        accountId: '111111111111',
        dimensionValue: '',
        startDay: '2026-11-09',
        endDay: null,
        expectedMicros: 0n,
        actualMicros: units(70),
        impactMicros: units(70),
        causes: [],
      },
    ]);
    try {
      const { anomalies } = await anomaliesReport(smallOrgContext(store));
      expect(
        anomalies.map(a => [a.id, a.key, a.status, a.ratio, a.lastDay]),
      ).toEqual([
        ['111111111111:a2', '111111111111', 'open', null, AS_OF],
        [
          `detected:untagged:222222222222|${EC2}|NatGateway-Bytes:2026-11`,
          '(unallocated)',
          'open',
          null,
          AS_OF,
        ],
        ['detected:service:svc-a:2026-11', 'svc-a', 'open', 2, AS_OF],
        ['111111111111:a1', 'svc-b', 'closed', 2.5, '2026-10-05'],
      ]);
      expect(anomalies[3]).toMatchObject({
        source: 'cost-explorer',
        entityRef: 'component:default/svc-b',
        impact: micros(15),
        causes: [
          { dimension: 'awsService', key: 'RDS / InstanceUsage', impact: 0 },
        ],
      });
    } finally {
      await store.putAnomalies('cost-explorer:111111111111', []);
    }
  });
});
