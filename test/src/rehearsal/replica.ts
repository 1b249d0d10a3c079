import fs from 'node:fs';
import path from 'node:path';
import { Service, startService } from '../harness/processes';

export type Replica = Service & {
  name: string;
  port: number;
  url: string;
  /** Where this replica serves Prometheus metrics (RUNWAY_METRICS_PORT). */
  metricsUrl: string;
  rssMiB(): number;
  /** Kills the process at once (SIGKILL), as a node failure would. */
  kill(): Promise<void>;
  /** Starts the process again on the same ports with the same environment. */
  restart(): Promise<void>;
};

/**
 * One backend replica from the built image, started as the image's CMD:
 * `node packages/backend --config app-config.yaml --config
 * app-config.production.yaml` (then `configFiles`) in the image folder, with
 * NODE_ENV=production and `env` (only what the Deployment passes: no
 * variable of this process leaks in except PATH and HOME).
 */
export async function startReplica(options: {
  name: string;
  port: number;
  /** RUNWAY_METRICS_PORT: where Prometheus scrapes the replica. */
  metricsPort: number;
  image: string;
  dir: string;
  configFiles: string[];
  env: Record<string, string>;
}): Promise<Replica> {
  fs.mkdirSync(options.dir, { recursive: true });
  const url = `http://127.0.0.1:${options.port}`;
  const { metricsPort } = options;
  const args = [
    'packages/backend',
    '--config',
    'app-config.yaml',
    '--config',
    'app-config.production.yaml',
    ...options.configFiles.flatMap(file => ['--config', file]),
  ];
  const start = () =>
    startService({
      name: `Runway replica ${options.name}`,
      command: process.execPath,
      args,
      logFile: path.join(options.dir, 'backend.log'),
      spawnOptions: {
        cwd: options.image,
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'production',
          // every request is logged at info: the fault and fresh-start
          // checks read the replicas' logs
          LOG_LEVEL: 'info',
          RUNWAY_METRICS_PORT: String(metricsPort),
          RUNWAY_METRICS_HOST: '127.0.0.1',
          // the replica listens on 127.0.0.1 only (the image listens on :7007)
          APP_CONFIG_backend_listen: `127.0.0.1:${options.port}`,
          ...options.env,
        },
      },
      ready: async () =>
        (
          await fetch(`${url}/.backstage/health/v1/readiness`, {
            signal: AbortSignal.timeout(2000),
          })
        ).ok,
      timeoutMs: 240_000,
    });
  let service = await start();
  const replica: Replica = {
    name: options.name,
    port: options.port,
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    get child() {
      return service.child;
    },
    logFile: service.logFile,
    stop: () => service.stop(),
    rssMiB() {
      const status = fs.readFileSync(
        `/proc/${service.child.pid}/status`,
        'utf8',
      );
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024);
    },
    async kill() {
      const exited = new Promise(resolve =>
        service.child.once('exit', resolve),
      );
      service.child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      service = await start();
    },
  };
  return replica;
}
