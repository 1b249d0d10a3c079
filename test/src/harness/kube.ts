import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import https from 'node:https';
import net from 'node:net';
import { freePort, ROOT, runDir } from './processes';

const run = promisify(execFile);

/** One local control plane (scripts/k8s/cluster.sh) with the sample fixtures loaded. */
export type LocalCluster = {
  name: string;
  url: string;
  dir: string;
  caFile: string;
  readerToken: string;
  adminToken: string;
  /** GET/PATCH/DELETE as admin (fixtures, assertions); returns status and JSON body. */
  request(
    method: string,
    p: string,
    body?: unknown,
    contentType?: string,
  ): Promise<{ status: number; body: any }>;
  /** The same with another bearer token. */
  requestAs(
    token: string,
    method: string,
    p: string,
  ): Promise<{ status: number; body: any }>;
  /** Sum of apiserver_request_total for a verb (and resources), from the apiserver's /metrics. */
  requestCount(verb: string, resources?: string[]): Promise<number>;
  /**
   * LIST requests of `resources` made by `user`, from the audit log (only
   * for a cluster started with `audit: true`): unlike `requestCount`, the
   * controllers' own relists do not count.
   */
  auditedLists(user: string, resources: string[]): number;
  /**
   * Black-holes the cluster: freezes its kube-apiserver (SIGSTOP), so
   * connections are still accepted by the kernel but nothing answers, open
   * watches go silent and requests hang, as behind a dropped network path.
   */
  pause(): void;
  /** Lets the frozen kube-apiserver run again (SIGCONT). */
  resume(): void;
  stop(): Promise<void>;
};

const VERSIONS = fs.readFileSync(
  path.join(ROOT, 'scripts/k8s/versions.sh'),
  'utf8',
);
/** A variable of scripts/k8s/versions.sh, as written (quotes removed). */
const version = (name: string) => {
  const m = VERSIONS.match(new RegExp(`^${name}="?([^"\\n]+)"?$`, 'm'));
  if (!m) throw new Error(`scripts/k8s/versions.sh sets no ${name}`);
  return m[1];
};
const KUBE_VERSION = version('KUBE_VERSION');

/**
 * TEMPLATE_CRDS_DIR of scripts/k8s/versions.sh: the folder
 * scripts/bootstrap.d/template-crds.sh fills (under --test) with the upstream
 * CRDs the generated services use, keyed by the versions of the modules they
 * come from. The template suite installs all of them; the EKS suite the Argo
 * CD Application and Argo Rollouts Rollout (ARGO_CRDS_DIR, the same folder).
 */
export const TEMPLATE_CRDS_DIR = version('TEMPLATE_CRDS_DIR')
  .replace(/^\$\{TOOLS_DIR:-\$ROOT\/\.runway\/tools\}/, () =>
    path.join(ROOT, '.runway/tools'),
  )
  .replace(/\$(\w+)/g, (_, name: string) => version(name));

export const ARGO_CRDS_DIR = TEMPLATE_CRDS_DIR;

/** Why the Argo CRDs cannot be installed, or undefined when they can. */
export function argoCrdsAvailable(): string | undefined {
  return fs.existsSync(path.join(ARGO_CRDS_DIR, '.complete'))
    ? undefined
    : `the Argo CRDs are missing: ${ARGO_CRDS_DIR} (scripts/bootstrap --test, scripts/bootstrap.d/template-crds.sh)`;
}

/** Whether scripts/k8s/build.sh has built the control plane and etcd is installed. */
export function controlPlaneAvailable(): string | undefined {
  const done = path.join(
    ROOT,
    '.runway/tools',
    `kube-v${KUBE_VERSION}`,
    '.complete',
  );
  if (!fs.existsSync(done))
    return `the local control plane is not built (scripts/k8s/build.sh): ${done} is missing`;
  if (!['/usr/bin/etcd', '/usr/local/bin/etcd'].some(p => fs.existsSync(p)))
    return 'etcd is not installed (Debian etcd-server)';
  return undefined;
}

/**
 * Starts a cluster on free loopback ports and loads the sample fixtures for
 * `name`; with `argo`, also the Argo CD and Argo Rollouts CRDs and the Argo
 * samples (scripts/k8s/argo-samples.mjs).
 */
export async function startLocalCluster(
  name: string,
  options: { audit?: boolean; fixtures?: boolean; argo?: boolean } = {},
): Promise<LocalCluster> {
  // one folder per process: concurrent runs (e2e, suites, bench) must not
  // share a cluster's state folder, or one run's `down` stops another's cluster
  const dir = runDir(`kube-${name}-${process.pid}`);
  const script = path.join(ROOT, 'scripts/k8s/cluster.sh');
  // A port chosen free can be taken by another process before etcd or the
  // apiserver binds it: one more attempt with new ports before giving up.
  let port = 0;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    let etcdPort = await freePort();
    // etcd needs two consecutive free ports (client, peer)
    for (let i = 0; i < 20 && (await portTaken(etcdPort + 1)); i++)
      etcdPort = await freePort();
    // kwok's kubelet API (container logs)
    const kubeletPort = await freePort();
    try {
      await run(
        script,
        ['up', dir, String(port), String(etcdPort), String(kubeletPort)],
        {
          timeout: 180_000,
          env: {
            ...process.env,
            RUNWAY_K8S_AUDIT: options.audit ? '1' : '0',
          },
        },
      );
      break;
    } catch (e) {
      await run(script, ['down', dir]).catch(() => {});
      if (attempt < 2) continue;
      const err = e as { stderr?: string; message: string };
      throw new Error(
        `local cluster ${name} failed to start: ${err.message}\n${
          err.stderr ?? ''
        }`,
      );
    }
  }
  if (options.fixtures !== false) {
    try {
      await run(
        process.execPath,
        [path.join(ROOT, 'scripts/k8s/fixtures.mjs'), dir, name],
        {
          timeout: 180_000,
          env: {
            ...process.env,
            RUNWAY_K8S_ARGO_CRDS: options.argo ? ARGO_CRDS_DIR : '',
          },
        },
      );
    } catch (e) {
      await run(script, ['down', dir]).catch(() => {});
      const err = e as { stderr?: string; message: string };
      throw new Error(
        `local cluster ${name}: fixtures failed: ${err.message}\n${
          err.stderr ?? ''
        }`,
      );
    }
  }
  return attachLocalCluster(name, dir, `https://127.0.0.1:${port}`);
}

/**
 * A client for a cluster already started by scripts/k8s/cluster.sh in `dir`
 * (bench/eks.sh starts them outside Jest); `stop()` stops it.
 */
export function attachLocalCluster(
  name: string,
  dir: string,
  url: string,
): LocalCluster {
  const script = path.join(ROOT, 'scripts/k8s/cluster.sh');
  const caFile = path.join(dir, 'ca.crt');
  const agent = new https.Agent({
    ca: fs.readFileSync(caFile),
    keepAlive: false,
  });
  const adminToken = fs
    .readFileSync(path.join(dir, 'admin.token'), 'utf8')
    .trim();
  const requestAs = (
    token: string,
    method: string,
    p: string,
    body?: unknown,
    contentType = 'application/json',
  ) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = https.request(
        new URL(p, url),
        {
          method,
          agent,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': contentType } : {}),
          },
        },
        res => {
          let data = '';
          res.on('data', c => (data += c));
          res.on('end', () => {
            let parsed: any = data;
            try {
              parsed = JSON.parse(data);
            } catch {
              // text (metrics)
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      if (body) req.write(JSON.stringify(body));
      req.end();
    });
  return {
    name,
    url,
    dir,
    caFile,
    adminToken,
    readerToken: fs.readFileSync(path.join(dir, 'reader.token'), 'utf8').trim(),
    request: (method, p, body, contentType) =>
      requestAs(adminToken, method, p, body, contentType),
    requestAs: (token, method, p) => requestAs(token, method, p),
    auditedLists(user, resources) {
      const file = path.join(dir, 'audit.log');
      if (!fs.existsSync(file)) {
        throw new Error(`${name} was not started with audit: true`);
      }
      return fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line))
        .filter(
          e =>
            e.stage === 'ResponseComplete' &&
            e.verb === 'list' &&
            e.user?.username === user &&
            resources.includes(e.objectRef?.resource ?? ''),
        ).length;
    },
    async requestCount(verb, resources) {
      const { body } = await requestAs(adminToken, 'GET', '/metrics');
      let sum = 0;
      for (const line of String(body).split('\n')) {
        if (!line.startsWith('apiserver_request_total{')) continue;
        if (!line.includes(`verb="${verb}"`)) continue;
        const resource = /resource="([^"]*)"/.exec(line)?.[1] ?? '';
        if (resources && !resources.includes(resource)) continue;
        sum += Number(line.split(' ').pop());
      }
      return sum;
    },
    pause() {
      process.kill(apiserverPid(dir), 'SIGSTOP');
    },
    resume() {
      process.kill(apiserverPid(dir), 'SIGCONT');
    },
    async stop() {
      // a frozen apiserver would not stop until cluster.sh's SIGKILL
      try {
        process.kill(apiserverPid(dir), 'SIGCONT');
      } catch {
        // not running
      }
      await run(script, ['down', dir]);
    },
  };
}

/** The kube-apiserver's pid: the second process cluster.sh started (after etcd). */
function apiserverPid(dir: string): number {
  const pids = fs
    .readFileSync(path.join(dir, 'pids'), 'utf8')
    .trim()
    .split('\n');
  const pid = Number(pids[1]);
  if (!Number.isInteger(pid) || pid <= 0) {
    throw new Error(`${dir}/pids names no kube-apiserver`);
  }
  return pid;
}

async function portTaken(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const s = net.createServer();
    s.once('error', () => resolve(true));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(false)));
  });
}

/** The `eks` config a backend needs to read these local clusters (service-account tokens). */
export function eksConfigFor(clusters: LocalCluster[]) {
  return {
    sampleEksData: true,
    requestTimeoutMs: 3000,
    clusters: clusters.map(c => ({
      name: c.name,
      url: c.url,
      region: 'eu-west-1',
      caFile: c.caFile,
      auth: { type: 'serviceAccount', token: c.readerToken },
    })),
  };
}
