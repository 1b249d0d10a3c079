import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { ROOT, Service, startService } from './processes';

export type Backend = Service & {
  baseUrl: string;
  /** Resident set size of the backend process, in MiB. */
  rssMiB(): number;
};

/**
 * Starts the real Runway backend (packages/backend, transpiled on the fly
 * as `yarn start` does) with app-config.yaml plus `config` on top, and
 * waits for its readiness endpoint.
 */
export async function startBackend(options: {
  port: number;
  dir: string;
  config: Record<string, unknown>;
  /** Extra config files, applied after app-config.yaml and before `config`. */
  configFiles?: string[];
}): Promise<Backend> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const configFile = path.join(options.dir, 'app-config.test.yaml');
  fs.writeFileSync(configFile, stringify(options.config));
  const backendDir = path.join(ROOT, 'packages', 'backend');
  const configArgs = [
    path.join(ROOT, 'app-config.yaml'),
    ...(options.configFiles ?? []),
    configFile,
  ].flatMap(file => ['--config', file]);

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

/** A guest token from the backend (development sign-in). */
export async function guestToken(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/guest/refresh`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) {
    throw new Error(`guest sign-in failed: ${res.status} ${await res.text()}`);
  }
  const body = (await res.json()) as { backstageIdentity: { token: string } };
  return body.backstageIdentity.token;
}

/** GET/POST JSON with a bearer token; throws with the body on failure. */
export async function api<T>(
  baseUrl: string,
  token: string,
  pathname: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const res = await fetch(`${baseUrl}${pathname}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  if (!res.ok) {
    throw new Error(
      `${init.method ?? 'GET'} ${pathname}: ${res.status} ${await res.text()}`,
    );
  }
  return (await res.json()) as T;
}
