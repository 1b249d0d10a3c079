/**
 * Faults on the running rehearsal, for 5-faults.spec.ts: the process that
 * owns the dependencies (the suite's global setup, or `make rehearse`)
 * serves a small control API on loopback, so a spec (another process) can
 * take a dependency down and bring it back, and the owner still stops
 * whatever runs at the end.
 *
 *   POST /redis/down|up             stop redis-server, start it again (empty)
 *   POST /postgres/down|up|restart  fast shutdown, start again, both
 *   POST /aws/down|up               AWS (moto behind its relay) unreachable, back
 *   POST /cluster/<name>/pause|resume  SIGSTOP / SIGCONT the cluster's kube-apiserver
 *   POST /prometheus/down|up        stop Prometheus, start it again on its data
 *   POST /restore                   everything up and running again
 */
import http from 'node:http';
import { AddressInfo } from 'node:net';
import type { LocalCluster } from '../harness/kube';

/** A dependency a fault can take down: `down()` and `up()` may be repeated. */
type Switch = { down(): Promise<void> | void; up(): Promise<void> | void };

export type FaultControl = {
  url: string;
  /** Brings every dependency back (POST /restore). */
  restore(): Promise<void>;
  stop(): Promise<void>;
};

/** The fault names a spec may ask for. */
export type FaultTarget =
  | 'redis'
  | 'postgres'
  | 'aws'
  | 'prometheus'
  | `cluster/${string}`;

export async function startFaultControl(deps: {
  redis: Switch;
  postgres: Switch & { restart(): Promise<void> };
  aws: Switch;
  prometheus: Switch;
  clusters: LocalCluster[];
}): Promise<FaultControl> {
  const switches = new Map<string, Switch>([
    ['redis', deps.redis],
    ['postgres', deps.postgres],
    ['aws', deps.aws],
    ['prometheus', deps.prometheus],
    ...deps.clusters.map(
      c =>
        [
          `cluster/${c.name}`,
          { down: () => c.pause(), up: () => c.resume() },
        ] as [string, Switch],
    ),
  ]);
  const faulted = new Set<string>();
  // one change at a time: a restart must not interleave with another
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  const restore = () =>
    serial(async () => {
      for (const name of [...faulted]) {
        await switches.get(name)!.up();
        faulted.delete(name);
      }
    });

  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').replace(/^\/+|\/+$/g, '');
    if (req.method === 'GET' && path === '') {
      reply(200, { faulted: [...faulted], targets: [...switches.keys()] });
      return;
    }
    if (req.method !== 'POST') {
      reply(405, { error: 'POST /<target>/<action>' });
      return;
    }
    if (path === 'restore') {
      restore().then(
        () => reply(200, { faulted: [] }),
        e => reply(500, { error: String(e) }),
      );
      return;
    }
    const action = path.slice(path.lastIndexOf('/') + 1);
    const target = path.slice(0, path.lastIndexOf('/'));
    const s = switches.get(target);
    const run: Record<string, (() => Promise<void>) | undefined> = {
      down: async () => {
        await s!.down();
        faulted.add(target);
      },
      pause: async () => {
        await s!.down();
        faulted.add(target);
      },
      up: async () => {
        await s!.up();
        faulted.delete(target);
      },
      resume: async () => {
        await s!.up();
        faulted.delete(target);
      },
      restart:
        target === 'postgres'
          ? async () => {
              await deps.postgres.restart();
              faulted.delete(target);
            }
          : undefined,
    };
    const fn = s ? run[action] : undefined;
    if (!fn) {
      reply(404, { error: `no fault ${action} for ${target}` });
      return;
    }
    const started = Date.now();
    serial(fn).then(
      () => reply(200, { target, action, ms: Date.now() - started }),
      e => reply(500, { target, action, error: String(e) }),
    );
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    restore,
    async stop() {
      await new Promise(r => server.close(r));
    },
  };
}

/** Asks the rehearsal's owner for a fault (or its end): `fault('redis', 'down')`. */
export async function fault(
  faultsUrl: string,
  target: FaultTarget | 'restore',
  action?: 'down' | 'up' | 'restart' | 'pause' | 'resume',
): Promise<void> {
  const res = await fetch(
    `${faultsUrl}/${target}${action ? `/${action}` : ''}`,
    {
      method: 'POST',
      signal: AbortSignal.timeout(120_000),
    },
  );
  if (!res.ok) {
    throw new Error(
      `fault ${target} ${action ?? ''}: ${res.status} ${await res.text()}`,
    );
  }
}
