import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT, Service, startService } from './processes';

/**
 * The files `yarn start` loads (BACKSTAGE_ENV=development: app-config.yaml,
 * then app-config.<BACKSTAGE_ENV>.yaml), relative to the repository root.
 */
export const DEVELOPMENT_CONFIG = [
  'app-config.yaml',
  'app-config.development.yaml',
] as const;

export type Backend = Service & {
  baseUrl: string;
  /** Resident set size of the backend process, in MiB. */
  rssMiB(): number;
};

/**
 * Starts the real Runway backend (packages/backend, transpiled on the fly
 * as `yarn start` does) on 127.0.0.1:`port` with the development config
 * (`DEVELOPMENT_CONFIG`: app-config.yaml, app-config.development.yaml), then
 * the test's own settings: the app served from the backend's URL, SQLite files
 * and TechDocs output under `dir` (or the given `database`), and `config`
 * on top. Waits for the readiness endpoint.
 */
export async function startBackend(options: {
  port: number;
  dir: string;
  database?: Record<string, unknown>;
  config?: Record<string, unknown>;
  /** Files registered as plain locations, after those of the development config. */
  extraLocations?: string[];
  /**
   * Locations of the development config to read from another file, by the
   * repository path they name (`templates/microservice/template.yaml`):
   * a copy a test changes, in place of the repository's own.
   */
  replaceLocations?: Record<string, string>;
}): Promise<Backend> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const base = {
    catalog: {
      locations: [
        ...catalogLocations(options.dir, options.replaceLocations),
        ...(options.extraLocations ?? []).map(target => ({
          type: 'file',
          target,
        })),
      ],
    },
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { port: options.port, host: '127.0.0.1' },
      cors: { origin: baseUrl },
      database: options.database ?? {
        client: 'better-sqlite3',
        connection: { directory: path.join(options.dir, 'sqlite') },
      },
    },
    techdocs: {
      publisher: {
        type: 'local',
        local: { publishDirectory: path.join(options.dir, 'techdocs') },
      },
    },
  };
  const files = DEVELOPMENT_CONFIG.map(file => path.join(ROOT, file));
  for (const [name, config] of [
    ['app-config.test-base.yaml', base],
    ['app-config.test.yaml', options.config ?? {}],
  ] as const) {
    const file = path.join(options.dir, name);
    fs.writeFileSync(file, stringify(config));
    files.push(file);
  }
  const backendDir = path.join(ROOT, 'packages', 'backend');
  const configArgs = files.flatMap(file => ['--config', file]);

  const service = await startService({
    name: 'Runway backend',
    command: process.execPath,
    args: [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [require.resolve('@backstage/cli/package.json')],
      }),
      path.join(backendDir, 'src', 'index.ts'),
      ...configArgs,
    ],
    logFile: path.join(options.dir, 'backend.log'),
    spawnOptions: {
      cwd: backendDir,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
        ESBK_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
      },
    },
    ready: async () => {
      const res = await fetch(`${baseUrl}/.backstage/health/v1/readiness`, {
        signal: AbortSignal.timeout(2000),
      });
      return res.ok;
    },
    timeoutMs: 180_000,
  });

  return {
    ...service,
    baseUrl,
    rssMiB() {
      const status = fs.readFileSync(
        `/proc/${service.child.pid}/status`,
        'utf8',
      );
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return Math.round(kb / 1024);
    },
  };
}

/**
 * The catalog locations of app-config.development.yaml with absolute paths, except that
 * Runway's own catalog-info.yaml is replaced by a copy (with mkdocs.yml and
 * docs/) in `dir`: TechDocs rewrites mkdocs.yml in place when it builds, and
 * suites running side by side must not share the repo's copy.
 */
function catalogLocations(dir: string, replace: Record<string, string> = {}) {
  const appConfig = parse(
    fs.readFileSync(path.join(ROOT, 'app-config.development.yaml'), 'utf8'),
  );
  const docsCopy = path.join(dir, 'runway-docs');
  fs.mkdirSync(docsCopy, { recursive: true });
  // slo.yaml: Runway's own SLOs (runway.io/slo-ref: ./slo.yaml)
  for (const entry of ['catalog-info.yaml', 'mkdocs.yml', 'docs', 'slo.yaml']) {
    fs.cpSync(path.join(ROOT, entry), path.join(docsCopy, entry), {
      recursive: true,
    });
  }
  const backendDir = path.join(ROOT, 'packages', 'backend');
  return (
    appConfig.catalog.locations as { type: string; target: string }[]
  ).map(location => {
    const target = path.resolve(backendDir, location.target);
    const replaced = replace[path.relative(ROOT, target)];
    if (replaced) return { ...location, target: replaced };
    return {
      ...location,
      target:
        target === path.join(ROOT, 'catalog-info.yaml')
          ? path.join(docsCopy, 'catalog-info.yaml')
          : target,
    };
  });
}

export type GuestSession = {
  token: string;
  identity: { userEntityRef: string; ownershipEntityRefs: string[] };
};

/** Signs in as guest (development sign-in) and returns the session. */
export async function guestSession(baseUrl: string): Promise<GuestSession> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as { backstageIdentity: GuestSession };
  return body.backstageIdentity;
}

/** A guest token from the backend. */
export async function guestToken(baseUrl: string): Promise<string> {
  return (await guestSession(baseUrl)).token;
}

/** GET/POST JSON with a bearer token; throws with the body on failure. */
export async function api<T>(
  baseUrl: string,
  token: string,
  pathname: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const send = () =>
    fetch(`${baseUrl}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
  let res: Response;
  try {
    res = await send();
  } catch (error) {
    // A read sent on a kept-alive connection the server closed at the same
    // moment fails before the server saw it (both processes slowed by the
    // suites around them): a read is sent again once, on a new connection.
    if (method !== 'GET' || !closedConnection(error)) throw error;
    res = await send();
  }
  if (!res.ok) {
    throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** A fetch that failed because the other side closed the connection. */
function closedConnection(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return ['UND_ERR_SOCKET', 'ECONNRESET'].includes(cause?.code ?? '');
}

/**
 * Waits until the catalog, which ingests catalog/ in the background after
 * start-up, returns at least `count` entities for `filter` that pass `ok`.
 */
export async function waitForEntities<T extends object>(
  baseUrl: string,
  filter: string,
  options: { count: number; ok?: (entity: T) => boolean; timeoutMs?: number },
): Promise<void> {
  const token = await guestToken(baseUrl);
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    const found = await api<T[]>(
      baseUrl,
      token,
      `/api/catalog/entities?filter=${encodeURIComponent(filter)}`,
    );
    if (found.filter(options.ok ?? (() => true)).length >= options.count) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`the catalog had no ${filter} after start-up`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/**
 * Runs a plugin's scheduled task now (its `.backstage/scheduler` trigger;
 * guest holds the ops role in development) and waits until that run ended.
 */
export async function runScheduledTask(
  baseUrl: string,
  token: string,
  plugin: string,
  task: string,
  timeoutMs = 300_000,
): Promise<void> {
  const tasks = `/api/${plugin}/.backstage/scheduler/v1/tasks`;
  const state = async () => {
    const body = await api<{
      tasks: {
        taskId: string;
        taskState: { status: string; lastRunEndedAt?: string };
      }[];
    }>(baseUrl, token, tasks);
    return body.tasks.find(t => t.taskId === task)?.taskState;
  };
  const deadline = Date.now() + timeoutMs;
  const wait = async (what: string) => {
    if (Date.now() > deadline) {
      throw new Error(`${plugin} task ${task}: ${what} after ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 500));
  };
  let before: string | undefined;
  for (;;) {
    // the run before the trigger: the trigger answers 409 while one runs
    before = (await state())?.lastRunEndedAt;
    const res = await fetch(`${baseUrl}${tasks}/${task}/trigger`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status === 200) break;
    // 409: a run is in progress
    if (res.status !== 409) throw new Error(`trigger ${task}: ${res.status}`);
    await wait('still running before the trigger');
  }
  for (;;) {
    const now = await state();
    if (now?.status === 'idle' && now.lastRunEndedAt !== before) return;
    await wait('the triggered run did not end');
  }
}
