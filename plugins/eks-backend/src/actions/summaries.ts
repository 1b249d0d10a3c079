// Pure shaping of the routes' answers into the actions' outputs: the same
// data, fewer fields, and a sentence that says what is wrong.
import {
  ClusterError,
  ClusterResponse,
  ClustersResponse,
  ProblemPod,
  Reason,
  Verdict,
  VersionSupport,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';

/** The newest warning events a cluster overview lists; the rest are counted. */
export const MAX_WARNING_EVENTS = 20;

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

const reasonWords = (reasons: Reason[]) =>
  reasons.map(r => `${r.message} (${r.severity})`).join('; ');

function errorWords(errors: ClusterError[]): string {
  if (errors.length === 0) return '';
  const names = errors.map(e => `${e.cluster} (${e.kind})`).join(', ');
  return ` ${plural(
    errors.length,
    'cluster',
  )} did not answer, so this is partial: ${names}.`;
}

/** The fields a problem pod has in both actions (`problemPodFields`). */
const problemPodFields = (p: ProblemPod) => ({
  name: p.name,
  reason: p.reason,
  message: p.message,
  container: p.container,
  restarts: p.restarts,
  node: p.node,
});

const verdictWords: Record<Verdict, string> = {
  healthy: 'healthy',
  degraded: 'degraded (serving, with problems to look at)',
  down: 'down (not serving)',
};

/** `service-health`'s output. */
export type ServiceHealthOutput = {
  entityRef: string;
  kubernetesId: string;
  verdict: Verdict;
  summary: string;
  reasons: Reason[];
  workloads: {
    cluster: string;
    namespace: string;
    environment?: string;
    verdict: Verdict;
    reasons: Reason[];
    rollouts: {
      name: string;
      rollout: 'complete' | 'progressing' | 'stalled' | 'paused';
      rolloutMessage?: string;
      revision?: number;
      ready: number;
      desired: number;
      updated: number;
      restarts: number;
      image?: string;
      lastDeploy?: string;
      changeCause?: string;
    }[];
    pods: {
      total: number;
      ready: number;
      restarts: number;
      problems: {
        name: string;
        reason: string;
        message?: string;
        container?: string;
        restarts: number;
        lastExitCode?: number;
        lastTerminationReason?: string;
        node?: string;
      }[];
    };
    argoRollouts: {
      name: string;
      phase: string;
      message?: string;
      strategy: string;
      step?: string;
      weight?: number;
      analysis?: string;
      aborted: boolean;
      ready: number;
      desired: number;
      image?: string;
    }[];
    checklist: { id: string; label: string; ok: boolean; detail?: string }[];
  }[];
  applications: {
    cluster: string;
    namespace: string;
    name: string;
    syncStatus: string;
    revision?: string;
    healthStatus: string;
    healthMessage?: string;
    destination: string;
  }[];
  errors: ClusterError[];
  canReadLogs: boolean;
  generatedAt: string;
};

/** GET /workloads's answer as `service-health` gives it. */
export function serviceHealthOutput(
  body: WorkloadsResponse,
): ServiceHealthOutput {
  const { health } = body;
  const workloads = health.workloads.map(w => ({
    cluster: w.cluster,
    namespace: w.namespace,
    environment: w.environment,
    verdict: w.verdict,
    reasons: w.reasons,
    rollouts: w.deployments.map(d => ({
      name: d.name,
      rollout: d.rollout,
      rolloutMessage: d.rolloutMessage,
      revision: d.revision,
      ready: d.ready,
      desired: d.desired,
      updated: d.updated,
      restarts: d.restarts,
      image: d.image,
      lastDeploy: d.lastDeploy,
      changeCause: d.changeCause,
    })),
    pods: {
      total: w.pods.length,
      ready: w.pods.filter(p => p.ready).length,
      restarts: w.pods.reduce((sum, p) => sum + p.restarts, 0),
      problems: w.pods.flatMap(p =>
        p.problem
          ? [
              {
                ...problemPodFields(p.problem),
                name: p.name,
                lastExitCode: p.problem.lastExitCode,
                lastTerminationReason: p.problem.lastTerminationReason,
              },
            ]
          : [],
      ),
    },
    argoRollouts: w.rollouts.map(r => ({
      name: r.name,
      phase: r.phase,
      message: r.message,
      strategy: r.strategy,
      step: r.step
        ? `step ${Math.min(r.step.number, r.step.total)} of ${r.step.total}${
            r.step.detail ? ` (${r.step.detail})` : ' (done)'
          }`
        : undefined,
      weight: r.step?.weight,
      analysis: r.step?.analysisRun
        ? `${r.step.analysisRun.name}: ${r.step.analysisRun.status}`
        : undefined,
      aborted: r.aborted,
      ready: r.ready,
      desired: r.desired,
      image: r.image,
    })),
    checklist: w.checklist.map(c => ({
      id: c.id,
      label: c.label,
      ok: c.ok,
      detail: c.detail,
    })),
  }));
  const applications = health.applications.map(a => ({
    cluster: a.cluster,
    namespace: a.namespace,
    name: a.name,
    syncStatus: a.syncStatus,
    revision: a.revision,
    healthStatus: a.healthStatus,
    healthMessage: a.healthMessage,
    destination: [
      a.destination.name ?? a.destination.server,
      a.destination.namespace,
    ]
      .filter(Boolean)
      .join('/'),
  }));
  return {
    entityRef: body.entityRef,
    kubernetesId: health.id,
    verdict: health.verdict,
    summary: serviceSummary(body),
    reasons: health.reasons,
    workloads,
    applications,
    errors: body.errors,
    canReadLogs: body.canReadLogs,
    generatedAt: body.generatedAt,
  };
}

function serviceSummary(body: WorkloadsResponse): string {
  const { health, entityRef, errors } = body;
  if (health.workloads.length === 0) {
    return `No workloads of ${entityRef} (kubernetes-id ${
      health.id
    }) were found in any cluster Runway reads.${errorWords(errors)}`;
  }
  const where = health.workloads
    .map(w => `${w.cluster}/${w.namespace}: ${w.verdict}`)
    .join(', ');
  const failing = health.workloads.flatMap(w =>
    w.checklist
      .filter(c => !c.ok)
      .map(c => `${w.cluster}/${w.namespace} ${c.label}`),
  );
  return [
    `${entityRef} is ${verdictWords[health.verdict]} across ${plural(
      health.workloads.length,
      'workload',
    )} (${where}).`,
    health.reasons.length ? ` Reasons: ${reasonWords(health.reasons)}.` : '',
    failing.length
      ? ` Production-readiness checks failing: ${failing.join(', ')}.`
      : '',
    errorWords(errors),
  ].join('');
}

/** One cluster as `cluster-overview` lists it. */
export type ClusterListItem = {
  name: string;
  verdict: Verdict;
  reasons: Reason[];
  region?: string;
  kubernetesVersion?: string;
  versionSupport: string;
  nodes: { total: number; ready: number; notReady: number };
  problemPods: number;
  warningEvents: number;
  hpasAtMax: number;
  nodeGroupsAtMax: number;
  syncedAt?: string;
};

/** One cluster's problems as `cluster-overview` gives them. */
export type ClusterProblems = Omit<
  ClusterListItem,
  'problemPods' | 'warningEvents' | 'hpasAtMax' | 'nodeGroupsAtMax'
> & {
  problemPods: {
    namespace: string;
    name: string;
    reason: string;
    message?: string;
    container?: string;
    restarts: number;
    owner?: string;
    node?: string;
  }[];
  warningEvents: {
    namespace?: string;
    object: string;
    reason?: string;
    message?: string;
    count: number;
    lastSeen?: string;
  }[];
  warningEventCount: number;
  hpasAtMax: {
    namespace: string;
    name: string;
    target: string;
    max: number;
    current: number;
    desired: number;
  }[];
  nodeGroupsAtMax: {
    name: string;
    nodes: number;
    readyNodes: number;
    desired?: number;
    max?: number;
    capacityType?: string;
    instanceTypes: string[];
  }[];
  unavailableDeployments: {
    namespace: string;
    name: string;
    ready: number;
    desired: number;
  }[];
};

/** `cluster-overview`'s output: one cluster, or the list. */
export type ClusterOverviewOutput = {
  summary: string;
  cluster?: ClusterProblems;
  clusters?: ClusterListItem[];
  errors: ClusterError[];
  eksSource: 'eks' | 'sample' | 'none';
  generatedAt: string;
};

const support = (v: { status: string; until?: string }) =>
  v.until ? `${v.status} support until ${v.until}` : `${v.status} support`;

/** The fields a listed cluster and a single cluster share (`clusterBaseFields`). */
function clusterBase(
  c: {
    name: string;
    verdict: Verdict;
    reasons: Reason[];
    version: VersionSupport;
    nodes: { total: number; ready: number; notReady: number };
  },
  syncedAt: string | undefined,
) {
  return {
    name: c.name,
    verdict: c.verdict,
    reasons: c.reasons,
    kubernetesVersion: c.version.version,
    versionSupport: support(c.version),
    nodes: {
      total: c.nodes.total,
      ready: c.nodes.ready,
      notReady: c.nodes.notReady,
    },
    syncedAt,
  };
}

/** GET /clusters's answer as `cluster-overview` gives it. */
export function clusterListOutput(
  body: ClustersResponse,
): ClusterOverviewOutput {
  const clusters = body.clusters.map(c => ({
    ...clusterBase(c, c.syncedAt),
    region: c.region,
    problemPods: c.problemPods,
    warningEvents: c.warningEvents,
    hpasAtMax: c.hpasAtMax,
    nodeGroupsAtMax: c.nodeGroupsAtMax,
  }));
  const unhealthy = clusters.filter(c => c.verdict !== 'healthy');
  const summary = `${plural(clusters.length, 'cluster')} answered; ${
    unhealthy.length
      ? `not healthy: ${unhealthy
          .map(c => `${c.name} (${c.verdict}: ${reasonWords(c.reasons)})`)
          .join(', ')}`
      : 'all healthy'
  }.${errorWords(body.errors)}`;
  return {
    summary,
    clusters,
    errors: body.errors,
    eksSource: body.eksSource,
    generatedAt: body.generatedAt,
  };
}

/** GET /clusters/:name's answer as `cluster-overview` gives it. */
export function clusterOutput(body: ClusterResponse): ClusterOverviewOutput {
  const c = body.cluster;
  const cluster: ClusterProblems = {
    ...clusterBase(c, body.syncedAt),
    problemPods: c.problemPods.map(p => ({
      ...problemPodFields(p),
      namespace: p.namespace,
      owner: p.owner,
    })),
    warningEvents: c.warningEvents.slice(0, MAX_WARNING_EVENTS),
    warningEventCount: c.warningEvents.length,
    hpasAtMax: c.hpasAtMax.map(h => ({
      namespace: h.namespace,
      name: h.name,
      target: h.target,
      max: h.max,
      current: h.current,
      desired: h.desired,
    })),
    nodeGroupsAtMax: c.nodeGroups
      .filter(g => g.atMax)
      .map(g => ({
        name: g.name,
        nodes: g.nodes,
        readyNodes: g.readyNodes,
        desired: g.desired,
        max: g.max,
        capacityType: g.capacityType,
        instanceTypes: g.instanceTypes,
      })),
    unavailableDeployments: c.unavailableDeployments,
  };
  const counts = [
    plural(cluster.problemPods.length, 'problem pod'),
    `${plural(cluster.warningEventCount, 'warning event')} in the last hour`,
    `${plural(cluster.hpasAtMax.length, 'HPA')} at max`,
    `${plural(cluster.nodeGroupsAtMax.length, 'node group')} at max`,
  ].join(', ');
  const summary = `${c.name} is ${verdictWords[c.verdict]}: ${counts}.${
    c.reasons.length ? ` Reasons: ${reasonWords(c.reasons)}.` : ''
  }`;
  return {
    summary,
    cluster,
    errors: [],
    eksSource: body.eksSource,
    generatedAt: body.generatedAt,
  };
}
