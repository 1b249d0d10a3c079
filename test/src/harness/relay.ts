import net from 'node:net';
import { freePort } from './processes';

/**
 * A loopback TCP relay in front of a service that keeps its state in memory
 * (moto): clients connect to `url`, which forwards every byte to the
 * target. `down()` closes the listener and every open connection, so the
 * service is unreachable (connections refused) while it keeps its state, as
 * AWS keeps its data behind a broken network path; `up()` listens again on
 * the same port.
 */
export type Relay = {
  url: string;
  port: number;
  readonly running: boolean;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
};

/** Starts a relay on a free loopback port to `127.0.0.1:<targetPort>`. */
export async function startRelay(options: {
  targetPort: number;
  /** `http` (default): the scheme of `url`. */
  scheme?: string;
}): Promise<Relay> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const listen = async () => {
    const s = net.createServer(client => {
      const upstream = net.connect(options.targetPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        // either side failing closes both
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    server = s;
  };
  const close = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    const closed = new Promise<void>(resolve => s.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await closed;
  };
  await listen();
  return {
    url: `${options.scheme ?? 'http'}://127.0.0.1:${port}`,
    port,
    get running() {
      return server !== undefined;
    },
    down: close,
    async up() {
      if (!server) await listen();
    },
    stop: close,
  };
}
