/*
 * Child process of the cost benchmark: imports one FOCUS file into a fresh
 * SQLite store and prints rows/s and peak RSS as JSON (its own process, so
 * the RSS is the importer's, not the test runner's).
 */
import knexFactory from 'knex';
import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { CostStore } from '../store/CostStore';
import { importCostFile } from '../import/importer';

async function main() {
  const [file, dbFile] = process.argv.slice(2);
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: dbFile },
    useNullAsDefault: true,
  });
  const store = await CostStore.create({
    database: { getClient: async () => knex },
  });
  const start = process.hrtime.bigint();
  const result = await importCostFile({
    store,
    source: 'bench',
    path: file,
    tagKeys: DEFAULT_TAG_KEYS,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const stored = await store.countRows();
  await knex.destroy();
  process.stdout.write(
    `${JSON.stringify({
      rows: result.rows,
      errors: result.errorCount,
      stored,
      seconds,
      rowsPerSecond: Math.round(result.rows / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    })}\n`,
  );
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
