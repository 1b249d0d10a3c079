import { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  belongsTo,
  ApplicationSummary,
  ClusterError,
  ClusterHealth,
  clusterHealth,
  ClusterOverview,
  ClusterResponse,
  ClusterSnapshot,
  ClustersResponse,
  ClusterWarning,
  EksClusterInfo,
  LogsResponse,
  serviceApplications,
  serviceHealth,
  ServiceHealth,
  WorkloadHealth,
  workloadHealth,
} from '@runway/plugin-eks-common';
import { ClusterConfig } from '../config';
import { ClusterCache } from '../cache/ClusterCache';
import { LOGS_ACCESS } from '../cache/requiredAccess';
import {
  ClusterRequestError,
  KubeClient,
  TokenSource,
} from '../cache/KubeClient';
import { ClusterRegistry } from './ClusterRegistry';
import { EksService } from './EksService';
import { RequestCounts } from './RequestCounts';

/** The least time between two health computations of one cluster. */
const HEALTH_RECOMPUTE_MS = 1000;

const restricted = (namespace: string, what: string) =>
  `Namespace ${namespace} is restricted (eks.restrictedNamespaces): its ${what} need eks.restricted-namespace.read`;

/**
 * The snapshot without the objects of `hidden` namespaces (nodes stay), and
 * without the Argo CD Applications that deploy into one of them.
 */
function withoutNamespaces(
  snapshot: ClusterSnapshot,
  hidden: Set<string>,
): ClusterSnapshot {
  if (hidden.size === 0) return snapshot;
  const keep = <T extends { metadata?: { namespace?: string } }>(items: T[]) =>
    items.filter(o => !hidden.has(o.metadata?.namespace ?? ''));
  return {
    ...snapshot,
    pods: keep(snapshot.pods),
    events: keep(snapshot.events),
    deployments: keep(snapshot.deployments),
    replicaSets: keep(snapshot.replicaSets),
    hpas: keep(snapshot.hpas),
    pdbs: keep(snapshot.pdbs),
    networkPolicies: keep(snapshot.networkPolicies),
    serviceMonitors: keep(snapshot.serviceMonitors),
    applications: keep(snapshot.applications ?? []).filter(
      a => !hidden.has(a.spec?.destination?.namespace ?? ''),
    ),
    rollouts: keep(snapshot.rollouts ?? []),
  };
}

/**
 * The {@link EksService} over one watch-backed cache per cluster
 * (ClusterCache): health is computed from the caches (memoised per cache revision),
 * only container logs reach a cluster.
 *
 * @public
 */
export class DefaultEksService implements EksService, ClusterRegistry {
  private readonly caches = new Map<string, ClusterCache>();
  private eks = new Map<string, EksClusterInfo>();
  private eksSource: 'eks' | 'sample' | 'none' = 'none';
  private readonly memo = new Map<
    string,
    { key: string; value: ClusterHealth; at: number }
  >();
  /**
   * The requests this service has sent to its clusters: LISTs, GETs and
   * watches.
   */
  readonly requests = new RequestCounts();

  constructor(
    private readonly options: {
      logger: LoggerService;
      watchTimeoutSeconds: number;
      /** objects per LIST page (`eks.listPageSize`); default 500 */
      listPageSize?: number;
      /** seconds between each cluster's liveness probes (`eks.probeSeconds`); default 15 */
      probeSeconds?: number;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Adds (and starts watching) a cluster; a known name is replaced. */
  async addCluster(cluster: ClusterConfig, token: TokenSource): Promise<void> {
    await this.removeCluster(cluster.name);
    const client = new KubeClient(cluster, token, this.requests.record);
    const cache = new ClusterCache(client, {
      logger: this.options.logger,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds,
      listPageSize: this.options.listPageSize ?? 500,
      probeSeconds: this.options.probeSeconds,
    });
    cache.onWatchRequest = (name, resource) =>
      this.requests.record(name, 'watch', resource);
    this.caches.set(cluster.name, cache);
    cache.start();
  }

  /** Stops watching a cluster and drops its cache; an unknown name is ignored. */
  async removeCluster(name: string): Promise<void> {
    const existing = this.caches.get(name);
    this.memo.delete(name);
    if (existing) {
      this.caches.delete(name);
      await existing.stop();
    }
  }

  /** The names of the clusters being watched. */
  clusterNames(): string[] {
    return [...this.caches.keys()];
  }

  /** Whether a cluster of this name is being watched. */
  hasCluster(name: string): boolean {
    return this.caches.has(name);
  }

  /** What the EKS API (or the sample EKS data source) says about the clusters. */
  setEksInfo(infos: EksClusterInfo[], source: 'eks' | 'sample'): void {
    this.eks = new Map(infos.map(i => [i.name, i]));
    this.eksSource = source;
    this.memo.clear();
  }

  /** Stops every cluster's watches (at backend shutdown). */
  async stop(): Promise<void> {
    await Promise.all([...this.caches.values()].map(c => c.stop()));
  }

  /**
   * Health of one cached cluster, memoised per cache revision (and per 10 s
   * for time-based parts), and recomputed at most once per
   * HEALTH_RECOMPUTE_MS: an overview is then at most 1 s behind the cache.
   */
  private health(cache: ClusterCache, now: Date): ClusterHealth {
    const key = `${cache.revision}:${Math.floor(now.getTime() / 10_000)}:${
      cache.gitVersion
    }`;
    const hit = this.memo.get(cache.name);
    if (hit?.key === key) return hit.value;
    // under constant change (every pod status update bumps the revision) the
    // health of a large cluster is recomputed at most once per second
    const age = now.getTime() - (hit?.at ?? -Infinity);
    if (hit && age >= 0 && age < HEALTH_RECOMPUTE_MS) return hit.value;
    const value = clusterHealth(
      cache.snapshot(),
      now,
      this.eks.get(cache.name),
    );
    this.memo.set(cache.name, { key, value, at: now.getTime() });
    return value;
  }

  /** Per-cluster state for metrics. */
  clusterStates(): { name: string; up: boolean; health?: ClusterHealth }[] {
    const now = this.now();
    return [...this.caches.values()].map(c => {
      const status = c.status();
      return {
        name: c.name,
        up: status.ready,
        health: status.ready ? this.health(c, now) : undefined,
      };
    });
  }

  /** {@inheritDoc EksService.listClusters} */
  async listClusters(): Promise<ClustersResponse> {
    const now = this.now();
    const clusters: ClusterOverview[] = [];
    const errors: ClusterError[] = [];
    for (const cache of this.caches.values()) {
      const status = cache.status();
      if (!status.ready) {
        errors.push(status.error!);
        continue;
      }
      const h = this.health(cache, now);
      clusters.push({
        name: h.name,
        verdict: h.verdict,
        reasons: h.reasons,
        version: h.version,
        nodes: {
          total: h.nodes.total,
          ready: h.nodes.ready,
          notReady: h.nodes.notReady,
        },
        capacity: h.capacity,
        podsByPhase: h.podsByPhase,
        problemPods: h.problemPods.length,
        warningEvents: h.warningEvents.length,
        hpasAtMax: h.hpasAtMax.length,
        nodeGroupsAtMax: h.nodeGroups.filter(g => g.atMax).length,
        region: this.eks.get(h.name)?.region ?? cache.client.cluster.region,
        syncedAt: cache.changedAt
          ? new Date(cache.changedAt).toISOString()
          : undefined,
      });
    }
    clusters.sort((a, b) => a.name.localeCompare(b.name));
    return {
      clusters,
      errors,
      eksSource: this.eksSource,
      generatedAt: now.toISOString(),
    };
  }

  /** {@inheritDoc EksService.getCluster} */
  async getCluster(name: string): Promise<ClusterResponse> {
    const cache = this.caches.get(name);
    if (!cache) throw new NotFoundError(`No cluster named '${name}'`);
    const status = cache.status();
    if (!status.ready) {
      throw new ServiceUnavailableError(status.error!.message);
    }
    const now = this.now();
    return {
      cluster: this.health(cache, now),
      syncedAt: cache.changedAt
        ? new Date(cache.changedAt).toISOString()
        : undefined,
      eksSource: this.eksSource,
      generatedAt: now.toISOString(),
    };
  }

  /** {@inheritDoc EksService.getWorkloads} */
  async getWorkloads(
    id: string,
    options: { namespace?: string; hiddenNamespaces?: string[] } = {},
  ): Promise<{
    health: ServiceHealth;
    errors: ClusterError[];
    warnings: ClusterWarning[];
  }> {
    const hidden = new Set(options.hiddenNamespaces ?? []);
    if (options.namespace && hidden.has(options.namespace)) {
      throw new NotAllowedError(restricted(options.namespace, 'workloads'));
    }
    const now = this.now();
    const workloads: WorkloadHealth[] = [];
    const applications: ApplicationSummary[] = [];
    const errors: ClusterError[] = [];
    const warnings: ClusterWarning[] = [];
    for (const cache of this.caches.values()) {
      const status = cache.status();
      if (!status.ready) {
        errors.push(status.error!);
        continue;
      }
      const snapshot = withoutNamespaces(cache.snapshot(), hidden);
      const scope = { namespace: options.namespace };
      workloads.push(...workloadHealth(snapshot, id, now, scope));
      applications.push(...serviceApplications(snapshot, id, scope));
      warnings.push(...cache.warnings());
    }
    return {
      health: serviceHealth(id, workloads, applications),
      errors,
      warnings,
    };
  }

  /** {@inheritDoc EksService.getLogs} */
  async getLogs(
    id: string,
    target: {
      cluster: string;
      namespace: string;
      pod: string;
      container?: string;
    },
    options: { hiddenNamespaces?: string[] } = {},
  ): Promise<LogsResponse> {
    if (options.hiddenNamespaces?.includes(target.namespace)) {
      throw new NotAllowedError(restricted(target.namespace, 'logs'));
    }
    const cache = this.caches.get(target.cluster);
    if (!cache) throw new NotFoundError(`No cluster named '${target.cluster}'`);
    const pod = cache
      .snapshot()
      .pods.find(
        p =>
          p.metadata.namespace === target.namespace &&
          p.metadata.name === target.pod,
      );
    if (!pod)
      throw new NotFoundError(
        `No pod ${target.namespace}/${target.pod} in ${target.cluster}`,
      );
    if (!belongsTo(pod.metadata.labels, id)) {
      throw new NotAllowedError(
        `Pod ${target.namespace}/${target.pod} does not belong to ${id}`,
      );
    }
    const container = target.container ?? pod.spec?.containers[0]?.name;
    if (!container || !pod.spec?.containers.some(c => c.name === container)) {
      throw new InputError(`Pod ${target.pod} has no container '${container}'`);
    }
    const status = pod.status?.containerStatuses?.find(
      c => c.name === container,
    );
    const previous = (status?.restartCount ?? 0) > 0;
    const q = new URLSearchParams({
      container,
      tailLines: '200',
      limitBytes: String(64 * 1024),
      previous: String(previous),
    });
    try {
      const text = await cache.client.get<string>(
        `/api/v1/namespaces/${encodeURIComponent(
          target.namespace,
        )}/pods/${encodeURIComponent(target.pod)}/log?${q}`,
        { resource: LOGS_ACCESS.resource, text: true },
      );
      return {
        cluster: target.cluster,
        namespace: target.namespace,
        pod: target.pod,
        container,
        previous,
        text,
      };
    } catch (e) {
      if (e instanceof ClusterRequestError) {
        throw new ServiceUnavailableError(
          `Logs of ${target.pod} are unavailable: ${e.message}`,
          e,
        );
      }
      throw e;
    }
  }
}
