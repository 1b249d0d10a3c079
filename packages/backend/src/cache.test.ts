import { mockServices } from '@backstage/backend-test-utils';
import { CacheManager } from '@backstage/backend-defaults/cache';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { redisClientOf, watchRedisClient } from './cache';

const REDIS = '/usr/bin/redis-server';

async function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Starts redis-server on `port` (in memory) and waits until it answers. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    REDIS,
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--dir', dir],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>(resolve => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise(r => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

async function stopRedis(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise(r => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

async function eventually<T>(fn: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 100));
  }
}

const withRedis = fs.existsSync(REDIS) ? describe : describe.skip;

jest.setTimeout(60_000);

withRedis('the cache service on Redis (redis-server)', () => {
  let redis: ChildProcess | undefined;
  let dir: string;
  afterEach(async () => {
    if (redis) await stopRedis(redis);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reconnects after Redis went away and came back, without a restart', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-redis-'));
    const port = await freePort();
    redis = await startRedis(port, dir);
    const logger = mockServices.logger.mock();
    const manager = CacheManager.fromConfig(
      mockServices.rootConfig({
        data: {
          backend: {
            cache: { store: 'redis', connection: `redis://127.0.0.1:${port}` },
          },
        },
      }),
      { logger },
    );
    const cache = manager.forPlugin('aws-cost');
    const client = redisClientOf(manager, 'aws-cost');
    expect(client).toBeDefined();
    watchRedisClient(client!, { logger, pluginId: 'aws-cost' });

    await cache.set('k', 'before');
    await expect(cache.get('k')).resolves.toBe('before');

    // Redis goes away: the loss is logged (not thrown), the client reconnects
    await stopRedis(redis);
    await eventually(async () =>
      (logger.warn as jest.Mock).mock.calls.length > 0 ? true : undefined,
    );
    expect((logger.warn as jest.Mock).mock.calls[0][0]).toMatch(
      /^Redis cache of plugin aws-cost is unreachable, reconnecting: /,
    );

    // a new, empty Redis on the same address: the same cache works again
    redis = await startRedis(port, dir);
    await eventually(async () => {
      await cache.set('k', 'after');
      return (await cache.get('k')) === 'after' ? true : undefined;
    });
    expect(logger.info).toHaveBeenCalledWith(
      'Redis cache of plugin aws-cost is reachable again',
    );
    await (client as any).disconnect?.();
  });
});
