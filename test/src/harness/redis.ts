import fs from 'node:fs';
import path from 'node:path';
import {
  freePort,
  restartable,
  RestartableService,
  runDir,
  startService,
} from './processes';

export type Redis = RestartableService & {
  /** `redis://127.0.0.1:<port>`: `backend.cache.connection`. */
  url: string;
  port: number;
  dir: string;
};

/**
 * Starts Debian's redis-server on a free loopback port, in memory only (no
 * RDB or AOF files), its pid in `<dir>/redis.pid` under RUNWAY_TEST_TMP so
 * scripts/test can stop a server a crashed run left behind.
 * `port` restarts a server on the port of one stopped before; `down()` and
 * `up()` stop the server and start it again on its port (empty: it keeps
 * nothing), as a failed and replaced cache node would.
 */
export async function startRedis(
  options: { port?: number; dir?: string } = {},
): Promise<Redis> {
  if (!fs.existsSync('/usr/bin/redis-server')) {
    throw new Error(
      'redis-server is not installed: run scripts/bootstrap --test',
    );
  }
  const dir = options.dir ?? runDir(`redis-${process.pid}-${Date.now()}`);
  const port = options.port ?? (await freePort());
  const start = () =>
    startService({
      name: 'redis',
      command: '/usr/bin/redis-server',
      args: [
        '--bind',
        '127.0.0.1',
        '--port',
        String(port),
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        // redis-server renames its process, so scripts/test finds a server a
        // crashed run left behind by this file
        '--pidfile',
        path.join(dir, 'redis.pid'),
      ],
      logFile: path.join(dir, 'redis.log'),
      ready: log => log.includes('Ready to accept connections'),
      timeoutMs: 30_000,
    });
  const service = restartable(await start(), start);
  return Object.assign(service, {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
  });
}
