import fs from 'node:fs';
import path from 'node:path';
import { startBackend, waitForEntities } from '../harness/backend';
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
  const backend = await startBackend({ port, dir: runDir('e2e-backend') });
  try {
    await waitForEntities(
      backend.baseUrl,
      'kind=component,metadata.name=runway',
      { count: 1 },
    );
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return async () => {
    await backend.stop();
  };
}
