/*
 * One replica starts at a time.
 *
 * Every plugin runs its database migrations while it starts, and knex fails
 * a migration at once ("Migration table is already locked") when another
 * process holds the migration lock. Two replicas starting on the same
 * database (a fresh install with `replicas: 2`, a rollout that brings new
 * migrations, a scale-up during a rollout) then each fail some plugin and
 * never become ready.
 *
 * On PostgreSQL this root service, initialised before any plugin, waits for
 * a session-level advisory lock and holds it until every plugin has started
 * (the root lifecycle's startup hook), so replicas start one after the
 * other; the lock goes with the session, so a replica that dies while
 * starting never leaves it behind. On SQLite (development, one process) it
 * does nothing.
 */
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { Client } from 'pg';

/** The advisory lock's key, hashed by PostgreSQL (`hashtext`). */
export const STARTUP_LOCK_NAME = 'runway:backend-startup';

/** How long a replica waits for another one to finish starting. */
const WAIT_LIMIT_MS = 10 * 60_000;

const startupLockServiceRef = createServiceRef<void>({
  id: 'runway.startup-lock',
  scope: 'root',
});

/** The `pg` client settings of `backend.database` (connecting to its `postgres` database). */
export function lockConnection(config: Config) {
  const connection = config.getOptional('backend.database.connection');
  if (typeof connection === 'string') return { connectionString: connection };
  const c = (connection ?? {}) as Record<string, unknown>;
  return {
    host: c.host as string | undefined,
    port: c.port === undefined ? undefined : Number(c.port),
    user: c.user as string | undefined,
    password: c.password as string | undefined,
    database: (c.database as string | undefined) ?? 'postgres',
    ...(c.ssl !== undefined ? { ssl: c.ssl as any } : {}),
  };
}

/** Waits for the lock on `client`, polling once a second; false when `limitMs` passed. */
export async function acquireStartupLock(
  client: Pick<Client, 'query'>,
  options: { limitMs: number; onWait?: () => void },
): Promise<boolean> {
  const deadline = Date.now() + options.limitMs;
  for (;;) {
    const { rows } = await client.query(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS locked',
      [STARTUP_LOCK_NAME],
    );
    if (rows[0].locked) return true;
    if (Date.now() > deadline) return false;
    options.onWait?.();
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}

export const startupLockServiceFactory = createServiceFactory({
  service: startupLockServiceRef,
  initialization: 'always',
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.rootLifecycle,
    logger: coreServices.rootLogger,
  },
  async factory({ config, lifecycle, logger }) {
    if (config.getOptionalString('backend.database.client') !== 'pg') return;
    const client = new Client(lockConnection(config));
    await client.connect();
    let waited = false;
    const locked = await acquireStartupLock(client, {
      limitMs: WAIT_LIMIT_MS,
      onWait() {
        if (!waited) {
          logger.info(
            'Another replica is starting on this database; waiting for it to finish its migrations',
          );
        }
        waited = true;
      },
    });
    if (!locked) {
      await client.end();
      throw new Error(
        `Another replica held the start-up lock (${STARTUP_LOCK_NAME}) for more than ${
          WAIT_LIMIT_MS / 60_000
        } minutes`,
      );
    }
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await client.end().catch(() => undefined);
    };
    lifecycle.addStartupHook(release);
    lifecycle.addShutdownHook(release);
  },
});
