import { ListWatch, KubernetesObject } from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterError,
  ClusterSnapshot,
  ClusterWarning,
} from '@runway/plugin-eks-common';
import { ClusterRequestError, KubeClient } from './KubeClient';
import { pagedList } from './pagedList';
import { groupAndResource } from './requiredAccess';
import { RESOURCE_TYPES, ResourceKey, slimFor } from './resources';
import { watchRequest } from './watchRequest';

type ResourceType = (typeof RESOURCE_TYPES)[number];

type ResourceState = {
  type: ResourceType;
  informer: ListWatch<KubernetesObject>;
  synced: boolean;
  /**
   * An optional type (a CRD) the cluster does not serve (404) or does not
   * let Runway list (403): it is empty, nothing is watched, and it is LISTed
   * again every `optionalRecheckSeconds`.
   */
  skipped?: 'absent' | 'forbidden';
  /** why a forbidden optional type is empty */
  warning?: string;
  error?: ClusterRequestError;
  retry?: NodeJS.Timeout;
  attempt: number;
};

/** Whether a failed request to an optional type says it is not there (404) or not allowed (403). */
function skipReason(e: unknown): ResourceState['skipped'] {
  const status = (e as { statusCode?: number })?.statusCode;
  if (status === 404) return 'absent';
  if (status === 403) return 'forbidden';
  return undefined;
}

/** `argoproj.io/applications`, `core/pods`: a resource type in messages. */
function resourceName(type: ResourceType): string {
  const { group, resource } = groupAndResource(type.path);
  return `${group || 'core'}/${resource}`;
}

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
 * until it answers again. Optional types (CRDs: ServiceMonitors, Argo CD
 * Applications, Argo Rollouts) never make a cluster unready: not served
 * (404) they are empty, refused (403) or failing they are empty with a
 * warning. Reads never touch the network.
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
      /** seconds between LISTs of an optional type found absent or forbidden; default 600 */
      optionalRecheckSeconds?: number;
    },
  ) {}

  get name(): string {
    return this.client.cluster.name;
  }

  start(): void {
    this.stopped = false;
    void this.probe();
    for (const type of RESOURCE_TYPES) {
      const state = { type, synced: false, attempt: 0 } as ResourceState;
      const listFn = async () => {
        this.client.refreshCa();
        try {
          const list = await pagedList(this.client, type.path, {
            resource: type.key,
            pageSize: this.options.listPageSize,
            logger: this.options.logger,
            transform: slimFor(type.key),
          });
          this.skip(state, undefined);
          return list as any;
        } catch (e) {
          const reason = 'optional' in type ? skipReason(e) : undefined;
          if (!reason) throw e;
          this.skip(state, reason, (e as Error).message);
          return { metadata: {}, items: [] } as any;
        }
      };
      const transport = { watch: this.watch.bind(this, state) };
      state.informer = new ListWatch<KubernetesObject>(
        type.path,
        transport as any,
        listFn,
        false,
      );
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

  /**
   * Records whether an optional type is skipped (absent: not served;
   * forbidden: not allowed), logging a change once.
   */
  private skip(
    state: ResourceState,
    reason: ResourceState['skipped'],
    message?: string,
  ): void {
    if (state.skipped === reason) return;
    const what = `Cluster ${this.name} ${resourceName(state.type)}`;
    if (reason === 'forbidden') {
      state.warning = `${this.name} does not let Runway list ${resourceName(
        state.type,
      )} (${message}): grant list and watch (k8s/cluster-reader/clusterrole.yaml)`;
      this.options.logger.warn(`${what}: ${state.warning}; read without them`);
    } else {
      state.warning = undefined;
      if (reason === 'absent') {
        this.options.logger.info(`${what}: not served (no such CRD); empty`);
      } else if (state.skipped) {
        this.options.logger.info(`${what}: served again; watching`);
      }
    }
    state.skipped = reason;
    this.revision++;
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
   * The watch transport ListWatch calls (`watchRequest`). An optional type
   * that is skipped is not watched: it "ends" after
   * `optionalRecheckSeconds`, so ListWatch LISTs it again and picks up a
   * CRD installed (or a grant given) since. A watched optional type whose
   * watch answers 404 or 403 (the CRD was deleted, the grant withdrawn) is
   * LISTed again at once, which tells which.
   */
  private async watch(
    state: ResourceState,
    path: string,
    params: Record<string, string>,
    callback: (phase: string, obj: any, watchObj?: any) => void,
    done: (err: any) => void,
  ): Promise<{ abort(): void }> {
    if (state.skipped) {
      state.synced = true;
      state.error = undefined;
      state.attempt = 0;
      const t = setTimeout(
        () => done(null),
        (this.options.optionalRecheckSeconds ?? 600) * 1000,
      );
      t.unref?.();
      return { abort: () => clearTimeout(t) };
    }
    const key = state.type.key;
    this.onWatchRequest?.(this.name, key);
    return watchRequest({
      client: this.client,
      resource: key,
      path,
      params,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds,
      transform: slimFor(key),
      onOpen: () => {
        state.synced = true;
        state.attempt = 0;
        if (state.error) {
          state.error = undefined;
          this.touch();
          this.options.logger.info(
            `Cluster ${this.name} ${key}: watching again`,
          );
        }
      },
      callback,
      done: err => {
        if (err && 'optional' in state.type && skipReason(err)) {
          // as for 410 Gone: ListWatch forgets its resourceVersion and LISTs
          done({ statusCode: 410 });
          return;
        }
        done(err);
      },
    });
  }

  /** Set by the owner to count watch requests. */
  onWatchRequest?: (cluster: string, resource: string) => void;

  /**
   * Whether the cluster answers, every required resource type has been
   * listed and none is failing. Optional types only hold readiness until
   * their first LIST has answered (or failed); after that their failures
   * are `warnings()`.
   */
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
    const failing = states.find(s => s.error && !('optional' in s.type));
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
    const settled = (s: ResourceState) =>
      s.synced || ('optional' in s.type && !!s.error);
    if (states.length === 0 || !states.every(settled)) {
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

  /**
   * Optional types that are empty for a reason someone should fix: refused
   * (403: the reader role lacks the grant) or failing (any other error).
   * A type the cluster does not serve (404) is simply empty.
   */
  warnings(): ClusterWarning[] {
    const out: ClusterWarning[] = [];
    for (const s of this.resources.values()) {
      if (!('optional' in s.type)) continue;
      const message = s.warning ?? s.error?.message;
      if (message) {
        out.push({
          cluster: this.name,
          resource: resourceName(s.type),
          message,
        });
      }
    }
    return out;
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
      applications: items('applications'),
      rollouts: items('rollouts'),
    };
  }
}
