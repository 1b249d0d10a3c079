/** Stops the PostgreSQL server of postgresGlobalSetup.ts. */
export default async function teardown() {
  await (globalThis as any).__runwayCostPostgres?.stop();
}
