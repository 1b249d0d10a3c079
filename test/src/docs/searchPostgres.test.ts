/*
 * Search in the production setup: with PostgreSQL as the database, the
 * PostgreSQL search engine (search-backend-module-pg) indexes TechDocs, and a
 * runbook is found by a phrase in it. (Development's Lunr engine is covered by
 * the browser test test/src/e2e/docs.spec.ts.)
 */
import { Client } from 'pg';
import path from 'node:path';
import { api, Backend, guestToken, startBackend, waitForEntities } from '../harness/backend';
import { Postgres, startPostgres } from '../harness/postgres';
import { freePort, runDir } from '../harness/processes';

jest.setTimeout(300_000);

const workDir = runDir('docs-search-postgres');
let postgres: Postgres | undefined;
let backend: Backend | undefined;

afterAll(async () => {
  await backend?.stop();
  await postgres?.stop();
});

type SearchResponse = {
  results: { type: string; document: { location: string; title: string } }[];
};

describe('search on PostgreSQL', () => {
  it('finds a runbook section by a phrase in it, indexed by the PostgreSQL engine', async () => {
    postgres = await startPostgres();
    const connection = {
      host: postgres.host,
      port: postgres.port,
      user: postgres.user,
      password: postgres.password,
    };
    backend = await startBackend({
      port: await freePort(),
      dir: path.join(workDir, 'backend'),
      database: { client: 'pg', connection },
      config: {
        search: {
          collators: {
            techdocs: {
              schedule: { frequency: 'PT5S', timeout: 'PT5M', initialDelay: 'PT5S' },
            },
          },
        },
      },
    });
    await waitForEntities(backend.baseUrl, 'kind=component,metadata.name=inventory-api', {
      count: 1,
    });
    const token = await guestToken(backend.baseUrl);
    const sync = await fetch(
      `${backend.baseUrl}/api/techdocs/sync/default/component/inventory-api`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    await sync.text();
    expect(sync.status).toBeLessThan(400);

    const phrase = 'HPA at maximum replicas';
    const expected = '/docs/default/component/inventory-api/runbook/#hpa-at-maximum-replicas';
    const deadline = Date.now() + 120_000;
    let locations: string[] = [];
    while (!locations.includes(expected) && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 2000));
      try {
        const res = await api<SearchResponse>(
          backend.baseUrl,
          token,
          `/api/search/query?term=${encodeURIComponent(phrase)}&types%5B0%5D=techdocs`,
        );
        locations = res.results.map(r => r.document.location);
      } catch {
        // no techdocs index yet
      }
    }
    expect(locations).toContain(expected);

    // the documents live in PostgreSQL: the PG engine, not Lunr, answered
    const client = new Client({ ...connection, database: 'backstage_plugin_search' });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM documents WHERE type = 'techdocs' AND document->>'location' = $1",
        [expected],
      );
      expect(rows[0].n).toBe(1);
    } finally {
      await client.end();
    }
  });
});
