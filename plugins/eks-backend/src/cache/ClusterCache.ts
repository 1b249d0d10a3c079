import { ListWatch, KubernetesObject } from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterError, ClusterSnapshot } from '@runway/plugin-eks-common';
import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import { ClusterRequestError, KubeClient } from './KubeClient';
import { pagedList } from './pagedList';
import { RESOURCE_TYPES, ResourceKey, slim } from './resources';

type ResourceState = {
  informer: ListWatch<KubernetesObject>;
  synced: boolean;
  absent: boolean;
  error?: ClusterRequestError;
  retry?: NodeJS.Timeout;
  attempt: number;
};

/**
 * The watch-backed cache of one cluster: per resource type a
 * @kubernetes/client-node ListWatch (LIST once in pages of `listPageSize`,
 * then WATCH from the list's
 * resourceVersion with bookmarks; a 410 Gone re-LISTs), over a transport
 * with the cluster's timeout, a server-side watch timeout and an idle
 * watchdog. Failed watches reconnect with capped, jittered backoff from
 * their last resourceVersion, so a cluster that comes back is picked up
 * without a restart and without a new LIST unless the apiserver says 410.
 * Every `probeSeconds` a GET /version (within the cluster's timeout) checks
 * that the cluster still answers: an open watch on a cluster that stopped
 * answering (a black-holed network path, a frozen apiserver) only goes
 * silent, so without the probe the cache would be served as current for
 * minutes. A cluster that does not answer the probe is reported unreachable
 * until it answers again. Reads never touch the network.
 */
export class ClusterCache {
  private readonly resources = new Map<ResourceKey, ResourceState>();
  private stopped = false;
  /** bumped on every change: health results are memoised per revision */
  revision = 0;
  changedAt?: number;
  gitVersion?: string;
  private probeTimer?: NodeJS.Timeout;
  /** Set while the cluster does not answer the liveness probe. */
  private probeError?: ClusterRequestError;

  constructor(
    readonly client: KubeClient,
    private readonly options: {
      logger: LoggerService;
      watchTimeoutSeconds: number;
      /** objects per LIST page (`limit`) */
      listPageSize: number;
      /** seconds between liveness probes (GET /version); default 15 */
      probeSeconds?: number;
    },
  ) {}

  get name(): string {
    return this.client.cluster.name;
  }

  start(): void {
    this.stopped = false;
    void this.probe();
    for (const type of RESOURCE_TYPES) {
      const state = {} as ResourceState;
      const listFn = async () => {
        this.client.refreshCa();
        try {
          const list = await pagedList(this.client, type.path, {
            resource: type.key,
            pageSize: this.options.listPageSize,
            logger: this.options.logger,
            transform: slim,
          });
          state.absent = false;
          return list as any;
        } catch (e) {
          if (
            'optional' in type &&
            (e as ClusterRequestError).statusCode === 404
          ) {
            state.absent = true;
            return { metadata: {}, items: [] } as any;
          }
          throw e;
        }
      };
      const transport = { watch: this.watch.bind(this, type.key, state) };
      state.informer = new ListWatch<KubernetesObject>(
        type.path,
        transport as any,
        listFn,
        false,
      );
      state.synced = false;
      state.attempt = 0;
      state.informer.on('add', () => this.touch(state));
      state.informer.on('update', () => this.touch(state));
      state.informer.on('delete', () => this.touch(state));
      state.informer.on('error', (err: unknown) =>
        this.onError(type.key, state, err),
      );
      this.resources.set(type.key, state);
      void state.informer.start();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.probeTimer);
    for (const state of this.resources.values()) {
      clearTimeout(state.retry);
      await state.informer.stop();
    }
  }

  /**
   * The liveness probe: GET /version within the cluster's timeout (it also
   * reads the version), then again in `probeSeconds`. No answer (a timeout,
   * a refused or reset connection) marks the cluster unreachable; an answer
   * clears it. Other failures (401, 403) are the watches' to report.
   */
  private async probe(): Promise<void> {
    try {
      const v = await this.client.get<{ gitVersion?: string }>('/version', {
        resource: 'version',
      });
      if (v.gitVersion) this.gitVersion = v.gitVersion;
      if (this.probeError) {
        this.probeError = undefined;
        this.touch();
        this.options.logger.info(`Cluster ${this.name} answers again`);
      }
    } catch (e) {
      const kind = (e as ClusterRequestError).kind;
      if (
        e instanceof ClusterRequestError &&
        (kind === 'timeout' || kind === 'unreachable')
      ) {
        if (!this.probeError) {
          this.options.logger.warn(
            `Cluster ${this.name} does not answer: ${e.message}`,
          );
        }
        this.probeError = e;
        this.revision++;
      }
    } finally {
      if (!this.stopped) {
        clearTimeout(this.probeTimer);
        this.probeTimer = setTimeout(
          () => void this.probe(),
          (this.options.probeSeconds ?? 15) * 1000,
        );
        this.probeTimer.unref?.();
      }
    }
  }

  private touch(state?: ResourceState) {
    if (state) state.error = undefined;
    this.revision++;
    this.changedAt = Date.now();
  }

  private onError(key: ResourceKey, state: ResourceState, err: unknown) {
    const e =
      err instanceof ClusterRequestError
        ? err
        : new ClusterRequestError(
            `${this.name}: ${(err as Error)?.message ?? String(err)}`,
            'unreachable',
          );
    if (!state.error) {
      this.options.logger.warn(
        `Cluster ${this.name} ${key}: ${e.message}; retrying`,
      );
    }
    state.error = e;
    this.revision++;
    if (this.stopped) return;
    // capped exponential backoff with jitter: 1 s, 2 s, 4 s ... 30 s
    const delay =
      Math.min(30_000, 1000 * 2 ** state.attempt) * (0.5 + Math.random() / 2);
    state.attempt = Math.min(state.attempt + 1, 5);
    clearTimeout(state.retry);
    state.retry = setTimeout(() => {
      if (!this.stopped) void state.informer.start();
    }, delay);
    state.retry.unref?.();
  }

  /**
   * The watch transport ListWatch calls: GET ?watch=true from a
   * resourceVersion, with bookmarks and a server-side timeout; fails when
   * the cluster does not answer within its timeout or goes silent.
   */
  private async watch(
    key: ResourceKey,
    state: ResourceState,
    path: string,
    params: Record<string, string>,
    callback: (phase: string, obj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<{ abort(): void }> {
    if (state.absent) {
      // an optional CRD that is not installed: nothing to watch; check again later
      state.synced = true;
      const t = setTimeout(() => done(null), 10 * 60_000);
      t.unref?.();
      return { abort: () => clearTimeout(t) };
    }
    const client = this.client;
    const url = new URL(client.cluster.url + path);
    url.searchParams.set('watch', 'true');
    url.searchParams.set('allowWatchBookmarks', 'true');
    url.searchParams.set(
      'timeoutSeconds',
      String(this.options.watchTimeoutSeconds),
    );
    for (const [k, v] of Object.entries(params))
      if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const opts: https.RequestOptions = {
      headers: { Accept: 'application/json' },
    };
    let finished = false;
    let idle: NodeJS.Timeout | undefined;
    const current: { req?: http.ClientRequest } = {};
    const finish = (err: any) => {
      if (finished) return;
      finished = true;
      clearTimeout(idle);
      current.req?.destroy();
      done(err);
    };
    try {
      await client.kubeConfig.applyToHTTPSOptions(opts);
    } catch (e) {
      setImmediate(() => finish(e));
      return { abort: () => finish(null) };
    }
    const idleMs = (this.options.watchTimeoutSeconds + 60) * 1000;
    const arm = (
      ms: number,
      message: string,
      kind: 'timeout' | 'unreachable',
    ) => {
      clearTimeout(idle);
      idle = setTimeout(
        () => finish(new ClusterRequestError(message, kind)),
        ms,
      );
      idle.unref?.();
    };
    this.onWatchRequest?.(this.name, key);
    const mod = url.protocol === 'http:' ? http : https;
    arm(
      client.cluster.timeoutMs,
      `${this.name} did not answer a watch within ${client.cluster.timeoutMs} ms`,
      'timeout',
    );
    const req = mod.request(url, { ...opts, method: 'GET' }, res => {
      if (res.statusCode !== 200) {
        const status = res.statusCode ?? 0;
        res.resume();
        const kind =
          status === 401 || status === 403 ? 'unauthorized' : 'error';
        const err = new ClusterRequestError(
          `${this.name}: watch ${key} HTTP ${status}`,
          kind,
          status,
        ) as any;
        err.statusCode = status;
        finish(err);
        return;
      }
      state.synced = true;
      state.attempt = 0;
      if (state.error) {
        state.error = undefined;
        this.touch();
        this.options.logger.info(`Cluster ${this.name} ${key}: watching again`);
      }
      arm(idleMs, `${this.name}: watch ${key} went silent`, 'unreachable');
      const lines = createInterface(res);
      // a destroyed request also errors its line reader: finish() handled it
      lines.on('error', () => {});
      lines.on('line', line => {
        arm(idleMs, `${this.name}: watch ${key} went silent`, 'unreachable');
        try {
          const ev = JSON.parse(line);
          if (ev.type === 'ERROR' && ev.object?.code === 410) {
            // ListWatch clears its resourceVersion; the next start re-LISTs
            callback('ERROR', ev.object, ev);
            finish(null);
            return;
          }
          callback(
            ev.type,
            ev.type === 'BOOKMARK' ? ev.object : slim(ev.object),
            ev,
          );
        } catch {
          // ignore a malformed line
        }
      });
      res.on('error', e =>
        finish(
          new ClusterRequestError(`${this.name}: ${e.message}`, 'unreachable'),
        ),
      );
      res.on('end', () => finish(null));
    });
    current.req = req;
    req.on('error', e =>
      finish(
        new ClusterRequestError(
          `${this.name} is unreachable: ${e.message}`,
          'unreachable',
        ),
      ),
    );
    req.end();
    return { abort: () => finish(null) };
  }

  /** Set by the owner to count watch requests. */
  onWatchRequest?: (cluster: string, resource: string) => void;

  /** Whether the cluster answers, every resource type has been listed and no watch is failing. */
  status(): { ready: boolean; error?: ClusterError } {
    if (this.probeError) {
      return {
        ready: false,
        error: {
          cluster: this.name,
          kind: this.probeError.kind,
          message: this.probeError.message,
        },
      };
    }
    const states = [...this.resources.values()];
    const failing = states.find(s => s.error);
    if (failing?.error) {
      return {
        ready: false,
        error: {
          cluster: this.name,
          kind: failing.error.kind,
          message: failing.error.message,
        },
      };
    }
    if (states.length === 0 || !states.every(s => s.synced)) {
      return {
        ready: false,
        error: {
          cluster: this.name,
          kind: 'not-synced',
          message: `${this.name} is still being loaded`,
        },
      };
    }
    return { ready: true };
  }

  /** The cached objects: no request to the cluster. */
  snapshot(): ClusterSnapshot {
    const items = (key: ResourceKey) =>
      (this.resources.get(key)?.informer.list() ?? []) as any[];
    return {
      name: this.name,
      gitVersion: this.gitVersion,
      nodes: items('nodes'),
      pods: items('pods'),
      events: items('events'),
      deployments: items('deployments'),
      replicaSets: items('replicaSets'),
      hpas: items('hpas'),
      pdbs: items('pdbs'),
      networkPolicies: items('networkPolicies'),
      serviceMonitors: items('serviceMonitors'),
    };
  }
}
