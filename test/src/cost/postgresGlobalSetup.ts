import { startPostgres } from '../harness/postgres';

/**
 * Jest global setup for the aws-cost backend's store, importer and report
 * suites on PostgreSQL (scripts/test.d/20-cost.sh): starts a throwaway
 * PostgreSQL server and hands it to Backstage's TestDatabases through the
 * connection-string variable it reads, so the same suites that run on
 * SQLite run on a real PostgreSQL.
 */
export default async function setup() {
  const pg = await startPostgres();
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING = `postgresql://${pg.user}:${pg.password}@${pg.host}:${pg.port}/postgres`;
  (globalThis as any).__runwayCostPostgres = pg;
}
