import { ConfigReader } from '@backstage/config';
import { addDays } from '@runway/plugin-aws-cost-common';
import { AwsCostConfig, readAwsCostConfig } from '../config';
import { OrgIndex } from '../service/OrgIndex';
import { ReportContext } from '../service/reports/context';
import { ReportQueries } from '../service/reports/ReportQueries';
import { CostStore, DailyCostRow } from '../store/CostStore';
import { component, group } from './entities';
import { dailyRow } from './store';

/*
 * A small organisation with figures simple enough to check by hand. Every
 * day from 2026-08-01 to 2026-11-10 (the last day with data):
 *
 *   svc-a (team-a)        EC2 BoxUsage        5 a day, 10 a day in November
 *   svc-b (team-b)        RDS InstanceUsage   5 a day
 *   service=shared        EKS Cluster-Hours   3 a day
 *   team=team-b, no svc   S3 TimedStorage     2 a day
 *   untagged (account 2)  EC2 NatGateway      6 a day, November only
 *
 * November so far: 100 + 50 + 30 + 20 + 60 = 260; October: 465; the last 7
 * days run at 26 a day with 20 days left, so the linear month end is 780.
 * Budgets: org 1000 and team-a 150 in config (team-a's annotation says
 * 100: config wins), team-b 60 from its annotation.
 */

/** The last day with data. */
export const AS_OF = '2026-11-10';

/** Whole currency units as micros (bigint, as the store holds them). */
export const units = (n: number) => BigInt(n) * 1_000_000n;

/** Whole currency units as micros (number, as answers carry them). */
export const micros = (n: number) => n * 1_000_000;

export const EC2 = 'Amazon Elastic Compute Cloud';
export const RDS = 'Amazon Relational Database Service';

/** The small organisation's catalog. */
export const SMALL_ORG = [
  group('org', undefined, ['team-a', 'team-b']),
  group('team-a', 'org', [], { 'runway.io/cost-budget': '100' }),
  group('team-b', 'org', [], { 'runway.io/cost-budget': '60' }),
  component('svc-a', 'team-a'),
  component('svc-b', 'team-b'),
];

/** Writes the small organisation's spend and a successful sync record. */
export async function seedSmallOrg(store: CostStore): Promise<void> {
  const rows: DailyCostRow[] = [];
  for (let day = '2026-08-01'; day <= AS_OF; day = addDays(day, 1)) {
    const november = day >= '2026-11-01';
    rows.push(
      dailyRow({
        usageDate: day,
        service: 'svc-a',
        costMicros: units(november ? 10 : 5),
      }),
      dailyRow({
        usageDate: day,
        service: 'svc-b',
        awsService: RDS,
        usageType: 'InstanceUsage',
        costMicros: units(5),
      }),
      dailyRow({
        usageDate: day,
        service: 'shared',
        awsService: 'Amazon Elastic Kubernetes Service',
        usageType: 'Cluster-Hours',
        costMicros: units(3),
      }),
      dailyRow({
        usageDate: day,
        team: 'team-b',
        awsService: 'Amazon Simple Storage Service',
        usageType: 'TimedStorage',
        costMicros: units(2),
      }),
    );
    if (november) {
      rows.push(
        dailyRow({
          usageDate: day,
          accountId: '222222222222',
          usageType: 'NatGateway-Bytes',
          costMicros: units(6),
        }),
      );
    }
  }
  await store.upsertDaily(rows);
  await store.recordSync({
    source: 'test',
    type: 'focus',
    ok: true,
    lastDay: AS_OF,
    at: new Date('2026-11-11T06:00:00Z'),
  });
}

/** The small organisation's `awsCost` config, with overrides. */
export function smallOrgConfig(
  overrides: Partial<AwsCostConfig> = {},
): AwsCostConfig {
  return {
    ...readAwsCostConfig(
      new ConfigReader({
        awsCost: {
          budgets: [
            { entityRef: 'group:default/org', monthly: 1000 },
            { entityRef: 'group:default/team-a', monthly: 150 },
          ],
        },
      }),
    ),
    ...overrides,
  };
}

/** A report context over a store holding the small organisation. */
export function smallOrgContext(
  store: CostStore,
  overrides: Partial<AwsCostConfig> = {},
): ReportContext {
  const config = smallOrgConfig(overrides);
  const org = new OrgIndex(SMALL_ORG, config.tagKeys, config.sharedServices);
  return {
    queries: new ReportQueries({ store, config }),
    config,
    orgIndex: async () => org,
  };
}
