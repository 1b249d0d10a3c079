import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../../..');

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Folder for this run's logs and temporary state (test-results/ by default). */
export function runDir(name: string): string {
  const base =
    process.env.RUNWAY_TEST_TMP ?? path.join(ROOT, 'test-results', 'tmp');
  const dir = path.join(base, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export type Service = {
  child: ChildProcess;
  logFile: string;
  /** Stops the process: SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
};

/**
 * Spawns a long-running process with its output in `logFile` and waits
 * until `ready()` resolves true, or fails with the log's tail. `ready()`
 * reads what this process wrote (a restarted process appends to the log of
 * the one before).
 */
export async function startService(options: {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  spawnOptions?: SpawnOptions;
  ready: (log: string) => Promise<boolean> | boolean;
  timeoutMs: number;
}): Promise<Service> {
  const offset = fs.existsSync(options.logFile)
    ? fs.statSync(options.logFile).size
    : 0;
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(options.command, options.args, {
    stdio: ['ignore', out, out],
    ...options.spawnOptions,
  });
  fs.closeSync(out);
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? code}`;
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const done = new Promise<void>(resolve =>
      child.once('exit', () => resolve()),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(timer);
  };

  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const log = fs.readFileSync(options.logFile).subarray(offset).toString();
    if (exited) {
      throw new Error(
        `${options.name} ${exited} before it was ready:\n${tail(log)}`,
      );
    }
    if (
      await Promise.resolve()
        .then(() => options.ready(log))
        .catch(() => false)
    ) {
      return { child, logFile: options.logFile, stop };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${options.name} was not ready within ${
          options.timeoutMs / 1000
        }s:\n${tail(log)}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

function tail(log: string, lines = 40): string {
  return log.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * A service that a fault test can take down and bring back: `down()` stops
 * the current process (its port and data stay), `up()` starts it again with
 * `start` (the same port and data), `stop()` stops whichever process runs.
 */
export type RestartableService = Service & {
  /** Whether the process is running (false between `down()` and `up()`). */
  readonly running: boolean;
  down(): Promise<void>;
  up(): Promise<void>;
};

/**
 * Wraps a started service so it can be stopped and started again:
 * `start()` starts a new process like the first (`first`); `halt` stops one
 * (default: its `stop()`).
 */
export function restartable(
  first: Service,
  start: () => Promise<Service>,
  halt: (service: Service) => Promise<void> = s => s.stop(),
): RestartableService {
  let current: Service | undefined = first;
  return {
    get child() {
      return (current ?? first).child;
    },
    get logFile() {
      return (current ?? first).logFile;
    },
    get running() {
      return current !== undefined;
    },
    async down() {
      if (!current) return;
      const service = current;
      current = undefined;
      await halt(service);
    },
    async up() {
      if (current) return;
      current = await start();
    },
    async stop() {
      if (!current) return;
      const service = current;
      current = undefined;
      await halt(service);
    },
  };
}
