import fs from 'node:fs';
import path from 'node:path';
import { freePort, runDir, Service, startService } from './processes';

export type LoadBalancer = Service & {
  url: string;
  port: number;
  /** haproxy's view of each server: `UP` or `DOWN`, from its stats socket. */
  serverStates(): Promise<Record<string, string>>;
};

/**
 * Debian's haproxy on 127.0.0.1 in front of `servers`, as an ALB target
 * group is: round robin, each server checked every second on the backend's
 * readiness endpoint (down after 2 failures, up after 1 success), and a
 * request that could not reach a server is retried on another.
 */
export async function startLoadBalancer(options: {
  servers: { name: string; port: number }[];
  port?: number;
}): Promise<LoadBalancer> {
  if (!fs.existsSync('/usr/sbin/haproxy')) {
    throw new Error('haproxy is not installed: run scripts/bootstrap --test');
  }
  const dir = runDir(`haproxy-${process.pid}-${Date.now()}`);
  const port = options.port ?? (await freePort());
  const statsPort = await freePort();
  const config = [
    'global',
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 120s',
    '  timeout server 120s',
    '  option redispatch',
    '  retries 2',
    '  retry-on conn-failure empty-response response-timeout',
    `frontend runway`,
    `  bind 127.0.0.1:${port}`,
    '  default_backend replicas',
    `frontend stats`,
    `  bind 127.0.0.1:${statsPort}`,
    '  http-request use-service prometheus-exporter if { path /metrics }',
    '  stats enable',
    '  stats uri /stats',
    'backend replicas',
    '  balance roundrobin',
    '  option httpchk GET /.backstage/health/v1/readiness',
    '  http-check expect status 200',
    '  default-server inter 1s fall 2 rise 1',
    ...options.servers.map(s => `  server ${s.name} 127.0.0.1:${s.port} check`),
    '',
  ].join('\n');
  const configFile = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(configFile, config);
  const url = `http://127.0.0.1:${port}`;
  const service = await startService({
    name: 'haproxy',
    command: '/usr/sbin/haproxy',
    args: ['-db', '-f', configFile],
    logFile: path.join(dir, 'haproxy.log'),
    ready: async () =>
      (
        await fetch(`http://127.0.0.1:${statsPort}/stats;csv`, {
          signal: AbortSignal.timeout(1000),
        })
      ).ok,
    timeoutMs: 30_000,
  });
  return {
    ...service,
    url,
    port,
    async serverStates() {
      const csv = await (
        await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)
      ).text();
      const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
      const columns = header.split(',');
      const at = (name: string) => columns.indexOf(name);
      const states: Record<string, string> = {};
      for (const row of rows.map(r => r.split(','))) {
        if (row[at('pxname')] === 'replicas' && row[at('type')] === '2') {
          states[row[at('svname')]] = row[at('status')];
        }
      }
      return states;
    },
  };
}
