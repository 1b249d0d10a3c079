import fs from 'node:fs';
import path from 'node:path';
import { freePort, ROOT, runDir, Service, startService } from './processes';

/** A running moto server (AWS on loopback) with its own run folder. */
export type Moto = Service & {
  /** `http://127.0.0.1:<port>`: the endpoint for every AWS SDK client. */
  url: string;
  port: number;
  dir: string;
  /**
   * Queues GetCostAndUsage results for one account (moto answers an
   * account's requests from its own queue: a request with new parameters
   * takes the next result, one with the same parameters gets the same one).
   */
  queueCostAndUsage(accountId: string, results: unknown[]): Promise<void>;
};

/**
 * moto's server installed by scripts/bootstrap.d/aws.sh:
 * `.runway/tools/moto-<MOTO_VERSION>/venv`, the version read from
 * scripts/versions.sh; RUNWAY_MOTO_VENV names another venv.
 */
export function motoVenv(): string {
  if (process.env.RUNWAY_MOTO_VENV) return process.env.RUNWAY_MOTO_VENV;
  const versions = fs.readFileSync(
    path.join(ROOT, 'scripts', 'versions.sh'),
    'utf8',
  );
  const version = /^MOTO_VERSION=(\S+)$/m.exec(versions)?.[1];
  if (!version) throw new Error('scripts/versions.sh sets no MOTO_VERSION');
  return path.join(ROOT, '.runway', 'tools', `moto-${version}`, 'venv');
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` and waits until it
 * answers. Its log goes to its own folder under RUNWAY_TEST_TMP. moto's
 * console script is run through a copy of its two lines in that folder, so
 * the process's command line names the folder and scripts/test can stop a
 * server that a crashed run left behind. Stop it with `stop()` (in afterAll).
 */
export async function startMoto(): Promise<Moto> {
  const venv = motoVenv();
  const python = path.join(venv, 'bin', 'python3');
  if (!fs.existsSync(path.join(venv, 'bin', 'moto_server'))) {
    throw new Error(
      `moto's server is not installed in ${venv}: run scripts/bootstrap --test`,
    );
  }
  const dir = runDir(`moto-${process.pid}-${Date.now()}`);
  const launcher = path.join(dir, 'moto_server.py');
  fs.writeFileSync(
    launcher,
    'import sys\nfrom moto.server import main\nsys.exit(main())\n',
  );
  // The port is free when picked but may be taken before moto binds it
  // (other suites start services too): pick another and retry.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    try {
      const service = await startService({
        name: 'moto',
        command: python,
        args: [launcher, '-H', '127.0.0.1', '-p', String(port)],
        logFile: path.join(dir, 'moto.log'),
        ready: async () =>
          (
            await fetch(`${url}/moto-api/data.json`, {
              signal: AbortSignal.timeout(1000),
            })
          ).ok,
        timeoutMs: 60_000,
      });
      return {
        ...service,
        url,
        port,
        dir,
        async queueCostAndUsage(accountId, results) {
          const res = await fetch(
            `${url}/moto-api/static/ce/cost-and-usage-results`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ account_id: accountId, results }),
            },
          );
          if (res.status !== 201) {
            throw new Error(`moto refused the queued results: ${res.status}`);
          }
        },
      };
    } catch (e) {
      const log = fs.readFileSync(path.join(dir, 'moto.log'), 'utf8');
      if (attempt >= 3 || !/Address already in use/.test(log)) throw e;
    }
  }
}
