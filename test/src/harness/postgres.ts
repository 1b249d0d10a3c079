import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  freePort,
  restartable,
  RestartableService,
  runDir,
  Service,
  startService,
} from './processes';

export type Postgres = RestartableService & {
  /** Stops the server (fast shutdown: clients are disconnected) and starts it again on its port and data. */
  restart(): Promise<void>;
  host: string;
  port: number;
  user: string;
  password: string;
};

/** The newest PostgreSQL server installed from Debian's packages. */
function pgBinDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter(v => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
    : [];
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL server not found under /usr/lib/postgresql; run scripts/bootstrap --test',
    );
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return path.join(base, versions[0], 'bin');
}

/**
 * Starts a throwaway PostgreSQL server: its own data folder in a new temp
 * folder, a free loopback port, password auth. As root, the server runs as
 * the `postgres` system user (initdb refuses root). The log and a marker
 * naming the data folder go to the run folder, so scripts/test can stop a
 * server that a crashed run left behind. `down()` stops the server as
 * `pg_ctl stop -m fast` does (open connections are closed), `up()` starts
 * it again on the same port and data folder, `restart()` does both, as
 * `pg_ctl restart` (or an RDS reboot) would.
 */
export async function startPostgres(): Promise<Postgres> {
  const bin = pgBinDir();
  const logDir = runDir(`postgres-${process.pid}-${Date.now()}`);
  // Outside the run folder: the postgres user must be able to reach it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-pg-'));
  const dataDir = path.join(dir, 'data');
  const password = 'runway-test-password';
  const user = 'runway';
  const asRoot = process.getuid?.() === 0;
  const wrap = (cmd: string, args: string[]): [string, string[]] =>
    asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];

  fs.writeFileSync(path.join(dir, 'pwfile'), `${password}\n`);
  if (asRoot) {
    execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  }
  const [initCmd, initArgs] = wrap(path.join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    user,
    '--pwfile',
    path.join(dir, 'pwfile'),
    '--auth',
    'scram-sha-256',
    '--encoding',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(initCmd, initArgs, { stdio: 'pipe' });
  // So that a run killed before afterAll can still be cleaned up by scripts/test.
  fs.writeFileSync(path.join(logDir, 'PGDATA'), dataDir);

  // The port is free when picked but another suite's service may take the
  // port before the server binds: then pick another and try again. A restart
  // keeps the port.
  let port = 0;
  let attempt = 0;
  const start = async (): Promise<Service> => {
    attempt++;
    const [cmd, args] = wrap(path.join(bin, 'postgres'), [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ]);
    return startService({
      name: 'PostgreSQL',
      command: cmd,
      args,
      logFile: path.join(logDir, `postgres-${attempt}.log`),
      ready: log =>
        log.includes('database system is ready to accept connections'),
      timeoutMs: 60_000,
    });
  };
  let first: Service | undefined;
  for (let tries = 1; !first; tries++) {
    port = await freePort();
    try {
      first = await start();
    } catch (error) {
      if (tries >= 3 || !/could not bind/.test(String(error))) {
        throw error;
      }
    }
  }
  // Fast shutdown through pg_ctl: SIGTERM would wait for clients to leave.
  const halt = async (started: Service) => {
    if (started.child.exitCode === null && started.child.signalCode === null) {
      const [stopCmd, stopArgs] = wrap(path.join(bin, 'pg_ctl'), [
        'stop',
        '-D',
        dataDir,
        '-m',
        'fast',
        '-w',
      ]);
      try {
        execFileSync(stopCmd, stopArgs, { stdio: 'pipe' });
      } catch {
        // already stopping; fall through to the signal-based stop
      }
    }
    await started.stop();
  };
  const service = restartable(first, start, halt);
  const stopService = service.stop;
  return Object.assign(service, {
    async stop() {
      await stopService();
      fs.rmSync(dir, { recursive: true, force: true });
    },
    async restart() {
      await service.down();
      await service.up();
    },
    host: '127.0.0.1',
    port,
    user,
    password,
  });
}
