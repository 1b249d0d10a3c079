import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { component, group } from '../__testUtils__/entities';
import {
  costDatabases,
  newCostStore,
  sampleDirectory,
} from '../__testUtils__/store';
import { readAwsCostConfig } from '../config';
import { ensureSampleData } from '../sources/fileSources';
import { AwsCostService, DefaultAwsCostService } from './AwsCostService';
import { OrgIndex } from './OrgIndex';

// Every use case end to end on the generated sample data set, with exact
// figures: the same answers from SQLite and PostgreSQL (PostgreSQL when
// scripts/test.d/20-cost.sh provides a server; the unit stage runs SQLite
// only). Each use case has its own unit tests under reports/.
const databases = costDatabases();

jest.setTimeout(120_000);

const ENTITIES = [
  group('runway-org', undefined, [
    'platform-ops',
    'team-payments',
    'team-checkout',
  ]),
  group('platform-ops', 'runway-org'),
  group('team-payments', 'runway-org'),
  group('team-checkout', 'runway-org', [], {
    'runway.io/cost-budget': '12000.50',
  }),
  component('storefront-web', 'team-checkout'),
  component('checkout-api', 'team-checkout'),
  component('inventory-api', 'team-checkout'),
  component('payments-api', 'team-payments'),
  component('billing-worker', 'team-payments'),
  component('runway', 'platform-ops'),
];

describe.each(databases.eachSupportedId())(
  'reports from the store on %p',
  id => {
    let reports: AwsCostService;
    let splitReports: AwsCostService;

    beforeAll(async () => {
      const store = await newCostStore(databases, id);
      const config = readAwsCostConfig(
        new ConfigReader({
          awsCost: {
            sources: {
              sample: { enabled: true, directory: sampleDirectory() },
            },
            budgets: [
              { entityRef: 'group:default/team-payments', monthly: 4000 },
            ],
          },
        }),
      );
      await ensureSampleData({
        store,
        config,
        logger: mockServices.logger.mock(),
        now: new Date('2026-11-27T12:00:00Z'),
      });
      const org = new OrgIndex(ENTITIES, config.tagKeys, config.sharedServices);
      reports = DefaultAwsCostService.fromConfig(config, {
        store,
        orgIndex: async () => org,
      });
      splitReports = DefaultAwsCostService.fromConfig(
        { ...config, sharedSplit: 'proportional' },
        { store, orgIndex: async () => org },
      );
    });

    it('summarises the month with exact integer micros', async () => {
      const s = await reports.summary();
      expect({ ...s, status: undefined }).toEqual({
        status: undefined,
        asOf: '2026-11-26',
        monthToDate: 15_654_279_470,
        lastMonth: 15_755_496_683,
        change: {
          current: 15_654_279_470,
          previous: 12_843_735_318,
          delta: 2_810_544_152,
          ratio: expect.closeTo(0.218826, 6),
        },
        forecastMonthEnd: 18_052_582_598,
        forecastSource: 'linear',
        unallocatedMonthToDate: 1_296_155_073,
        openAnomalies: 2,
      });
      expect(s.status).toMatchObject({
        currency: 'USD',
        sample: true,
        lastDay: '2026-11-26',
      });
    });

    it('breaks down by team with shared spend split proportionally, adding up exactly', async () => {
      const plain = await reports.breakdown({
        dimension: 'team',
        from: '2026-10-01',
        to: '2026-10-31',
        granularity: 'monthly',
        filter: {},
      });
      const split = await splitReports.breakdown({
        dimension: 'team',
        from: '2026-10-01',
        to: '2026-10-31',
        granularity: 'monthly',
        filter: {},
      });
      expect(split.total).toBe(plain.total);
      expect(split.rows.map(r => r.key)).not.toContain('(shared)');
      const shared = plain.rows.find(r => r.key === '(shared)')!.total;
      const teams = ['team-checkout', 'team-payments', 'platform-ops'];
      const direct = teams.map(t => plain.rows.find(r => r.key === t)!.total);
      const withShare = teams.map(
        t => split.rows.find(r => r.key === t)!.total,
      );
      expect(withShare.reduce((a, b) => a + b, 0)).toBe(
        direct.reduce((a, b) => a + b, 0) + shared,
      );
      expect(plain.rows.map(r => [r.key, r.total])).toEqual([
        ['team-checkout', 8_655_060_021],
        ['team-payments', 5_281_333_707],
        ['(unallocated)', 687_428_186],
        ['(shared)', 607_543_041],
        ['platform-ops', 524_131_728],
      ]);
      expect(plain.total).toBe(15_755_496_683);
    });

    it('finds the billing-worker anomaly and the untagged NAT traffic', async () => {
      const { anomalies } = await reports.anomalies();
      expect(anomalies.map(a => a.key).sort()).toEqual([
        '(unallocated)',
        'billing-worker',
      ]);
      const bw = anomalies.find(a => a.key === 'billing-worker')!;
      expect(bw.ratio).toBeGreaterThan(1.9);
      expect(bw.ratio).toBeLessThan(2.2);
      expect(
        anomalies.map(a => [a.key, a.expected, a.actual, a.impact]),
      ).toEqual([
        ['billing-worker', 1_419_349_038, 2_955_511_138, 1_536_162_100],
        ['(unallocated)', 0, 1_056_099_675, 1_056_099_675],
      ]);
      expect(anomalies[1].label).toBe(
        'Untagged EU-NatGateway-Bytes (Amazon Elastic Compute Cloud) in account 222222222222',
      );
    });

    it('rolls a group up through its hierarchy and reports its budget', async () => {
      const org = await reports.entityCost({
        entity: ENTITIES[0],
        from: '2026-10-01',
        to: '2026-10-31',
        granularity: 'monthly',
      });
      const payments = await reports.entityCost({
        entity: ENTITIES[2],
        from: '2026-10-01',
        to: '2026-10-31',
        granularity: 'monthly',
      });
      const worker = await reports.entityCost({
        entity: ENTITIES[8],
        from: '2026-10-01',
        to: '2026-10-31',
        granularity: 'monthly',
      });
      expect(org.includes).toEqual(
        expect.arrayContaining([
          'group:default/team-payments',
          'component:default/billing-worker',
        ]),
      );
      expect(payments.series[0].micros).toBeGreaterThan(
        worker.series[0].micros,
      );
      expect(org.series[0].micros).toBeGreaterThan(payments.series[0].micros);
      const { budgets } = await reports.budgets();
      expect(budgets[0]).toMatchObject({
        entityRef: 'group:default/team-payments',
        budget: 4_000_000_000,
        state: 'over',
      });
      expect([org, payments, worker].map(c => c.series)).toEqual([
        [{ period: '2026-10', micros: 14_460_525_456 }],
        [{ period: '2026-10', micros: 5_281_333_707 }],
        [{ period: '2026-10', micros: 1_714_355_069 }],
      ]);
      expect(budgets[0]).toMatchObject({
        actual: 6_005_735_847,
        forecast: 6_930_371_511,
      });
      // from the runway.io/cost-budget annotation on the Group
      expect(budgets[1]).toMatchObject({
        entityRef: 'group:default/team-checkout',
        budget: 12_000_500_000,
      });
      expect(budgets).toHaveLength(2);
    });
  },
);
