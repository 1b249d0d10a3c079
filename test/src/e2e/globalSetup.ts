import fs from 'node:fs';
import path from 'node:path';
import { startBackend } from '../harness/backend';
import { ROOT, runDir } from '../harness/processes';

/**
 * Starts the backend that serves the built app (packages/app/dist) on
 * RUNWAY_E2E_PORT, with its own SQLite files and TechDocs output.
 * Returns the teardown.
 */
export default async function globalSetup() {
  if (
    !fs.existsSync(path.join(ROOT, 'packages', 'app', 'dist', 'index.html'))
  ) {
    throw new Error(
      'packages/app/dist is missing: build the app first (yarn workspace app build)',
    );
  }
  const port = Number(process.env.RUNWAY_E2E_PORT ?? 7017);
  const baseUrl = `http://127.0.0.1:${port}`;
  const dir = runDir('e2e-backend');
  const backend = await startBackend({
    port,
    dir,
    config: {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        cors: { origin: baseUrl },
        database: {
          client: 'better-sqlite3',
          connection: { directory: path.join(dir, 'sqlite') },
        },
      },
      techdocs: {
        publisher: {
          type: 'local',
          local: { publishDirectory: path.join(dir, 'techdocs') },
        },
      },
    },
  });
  return async () => {
    await backend.stop();
  };
}
