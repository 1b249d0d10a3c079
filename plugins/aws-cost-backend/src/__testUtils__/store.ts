import { TestDatabases } from '@backstage/backend-test-utils';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CostStore, DailyCostRow } from '../store/CostStore';

/**
 * A new folder for the generated sample file, so test files (and other
 * runs) working side by side never write the same file.
 */
export const sampleDirectory = () =>
  mkdtempSync(join(tmpdir(), 'runway-cost-sample-'));

/**
 * SQLite always; PostgreSQL too when scripts/test.d/20-cost.sh provides one
 * (BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING).
 */
export function costDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
      ? ['SQLITE_3', 'POSTGRES_17']
      : ['SQLITE_3'],
  });
}

/** A migrated, empty cost store on one of the test databases. */
export async function newCostStore(
  databases: TestDatabases,
  id: Parameters<TestDatabases['init']>[0],
): Promise<CostStore> {
  const knex = await databases.init(id);
  return CostStore.create({ database: { getClient: async () => knex } });
}

/** A daily row with test defaults (one account, USD, usage, no tags). */
export function dailyRow(
  fields: Partial<DailyCostRow> & { usageDate: string; costMicros: bigint },
): DailyCostRow {
  return {
    source: 'test',
    billingPeriod: fields.usageDate.slice(0, 7),
    accountId: '111111111111',
    accountName: 'workloads',
    awsService: 'Amazon Elastic Compute Cloud',
    region: 'eu-west-1',
    usageType: 'BoxUsage',
    chargeType: 'Usage',
    team: '',
    service: '',
    environment: '',
    currency: 'USD',
    billedMicros: fields.costMicros,
    ...fields,
  };
}
