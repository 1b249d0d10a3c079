import fs from 'node:fs';
import path from 'node:path';
import { freePort, runDir, Service, startService } from './processes';

export type LoadBalancer = Service & {
  url: string;
  port: number;
  /** haproxy's view of each server (not the fail-open backups): `UP` or `DOWN`, from its stats socket. */
  serverStates(): Promise<Record<string, string>>;
  /** Per server: requests sent to it, retries, redispatches, checks failed, status. */
  serverStats(): Promise<Record<string, Record<string, string>>>;
};

/**
 * Debian's haproxy on 127.0.0.1 in front of `servers`, as an ALB target
 * group is: each request to the server with the fewest requests in flight
 * (`leastconn`, the ALB's least outstanding requests), each server checked
 * every second on the backend's readiness endpoint with 5 s to answer (the
 * ALB's and the readiness probe's timeout in k8s/base), down after 3 failed
 * checks, up after 1.
 * - A request that could not reach a server, or whose connection closed
 *   without an answer (a replica killed mid-request), is retried at once on
 *   another server (`option redispatch 1`: every retry goes elsewhere, so
 *   none waits out haproxy's one-second turn-around on a dead server).
 * - A server that refuses connections is marked down at once, without
 *   waiting for its checks (`observe layer4`).
 * - When every server is down, requests go to all of them anyway (each
 *   server again as an unchecked backup, `option allbackups`), as an ALB
 *   fails open when no target is healthy.
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
    '  timeout check 5s',
    '  option redispatch 1',
    '  retries 3',
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
    '  balance leastconn',
    '  option httpchk GET /.backstage/health/v1/readiness',
    '  http-check expect status 200',
    '  option allbackups',
    '  default-server inter 1s fall 3 rise 1',
    ...options.servers.map(
      s =>
        `  server ${s.name} 127.0.0.1:${s.port} check observe layer4 error-limit 3 on-error mark-down`,
    ),
    ...options.servers.map(
      s => `  server ${s.name}-failopen 127.0.0.1:${s.port} backup`,
    ),
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
  /** The stats CSV's rows of the replicas' servers, keyed by server name. */
  const servers = async () => {
    const csv = await (
      await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)
    ).text();
    const [header, ...rows] = csv.replace(/^# /, '').trim().split('\n');
    const columns = header.split(',');
    const out: Record<string, Record<string, string>> = {};
    for (const row of rows.map(r => r.split(','))) {
      const get = (name: string) => row[columns.indexOf(name)];
      if (get('pxname') === 'replicas' && get('type') === '2') {
        out[get('svname')] = Object.fromEntries(
          columns.map((c, i) => [c, row[i]]),
        );
      }
    }
    return out;
  };
  return {
    ...service,
    url,
    port,
    async serverStates() {
      const rows = await servers();
      return Object.fromEntries(
        Object.entries(rows)
          .filter(([, row]) => row.bck !== '1')
          .map(([name, row]) => [name, row.status]),
      );
    },
    async serverStats() {
      const rows = await servers();
      const keep = ['status', 'stot', 'wretr', 'wredis', 'chkfail', 'hrsp_5xx'];
      return Object.fromEntries(
        Object.entries(rows).map(([name, row]) => [
          name,
          Object.fromEntries(keep.map(k => [k, row[k]])),
        ]),
      );
    },
  };
}
