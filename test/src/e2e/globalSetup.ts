import fs from 'node:fs';
import path from 'node:path';
import { startBackend, waitForEntities } from '../harness/backend';
import { ROOT, runDir } from '../harness/processes';
import type { E2eService } from './services/types';

type Config = Record<string, unknown>;

function isObject(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep-merges plain objects; arrays and scalars from `b` win. */
function merge(a: Config, b: Config): Config {
  const out: Config = { ...a };
  for (const [key, value] of Object.entries(b)) {
    out[key] =
      isObject(out[key]) && isObject(value)
        ? merge(out[key] as Config, value)
        : value;
  }
  return out;
}

/** The services under ./services, in file-name order. */
function services(): E2eService[] {
  const dir = path.join(__dirname, 'services');
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.ts') && file !== 'types.ts')
    .sort()
    .map(file => require(path.join(dir, file)).default as E2eService);
}

/**
 * Starts the local services of ./services, then the backend that serves the
 * built app (packages/app/dist) on RUNWAY_E2E_PORT, with its own SQLite
 * files and TechDocs output and the services' config. Returns the teardown.
 */
export default async function globalSetup() {
  if (
    !fs.existsSync(path.join(ROOT, 'packages', 'app', 'dist', 'index.html'))
  ) {
    throw new Error(
      'packages/app/dist is missing: build the app first (yarn workspace app build)',
    );
  }
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    for (const stop of stops.reverse()) {
      await stop().catch(error => console.error(error));
    }
  };
  try {
    let config: Config = {};
    const extraLocations: string[] = [];
    let replaceLocations: Record<string, string> = {};
    for (const service of services()) {
      const started = await service.start({
        dir: runDir(`e2e-${service.name}`),
      });
      stops.push(started.stop);
      config = merge(config, started.config ?? {});
      extraLocations.push(...(started.extraLocations ?? []));
      replaceLocations = { ...replaceLocations, ...started.replaceLocations };
    }
    const port = Number(process.env.RUNWAY_E2E_PORT ?? 7017);
    const backend = await startBackend({
      port,
      dir: runDir('e2e-backend'),
      config,
      extraLocations,
      replaceLocations,
    });
    stops.push(() => backend.stop());
    await waitForEntities(
      backend.baseUrl,
      'kind=component,metadata.name=runway',
      { count: 1 },
    );
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
