import { TestDatabases } from '@backstage/backend-test-utils';
import { DiscoveredClusterStore } from '../store/DiscoveredClusterStore';

/**
 * SQLite always; PostgreSQL too when the test run provides one
 * (BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING, e.g. with the
 * global setup of test/src/cost/postgresGlobalSetup.ts).
 */
export function eksDatabases(): TestDatabases {
  return TestDatabases.create({
    ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
      ? ['SQLITE_3', 'POSTGRES_17']
      : ['SQLITE_3'],
  });
}

/** A migrated, empty store on one of the test databases. */
export async function newClusterStore(
  databases: TestDatabases,
  id: Parameters<TestDatabases['init']>[0],
): Promise<DiscoveredClusterStore> {
  const knex = await databases.init(id);
  return DiscoveredClusterStore.create({
    database: { getClient: async () => knex },
  });
}
