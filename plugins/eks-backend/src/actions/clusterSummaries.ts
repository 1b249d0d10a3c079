// cluster-overview's output: the routes' cluster answers, fewer fields, and
// a sentence that says what is wrong.
import {
  ClusterError,
  ClusterResponse,
  ClustersResponse,
  Reason,
  Verdict,
  VersionSupport,
} from '@runway/plugin-eks-common';
import {
  MAX_WARNING_EVENTS,
  errorWords,
  plural,
  problemPodFields,
  reasonWords,
  verdictWords,
} from './words';

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
