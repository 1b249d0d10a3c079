import { ClusterSnapshot } from '../kube';
import {
  ClusterHealth,
  EksClusterInfo,
  HpaSummary,
  ProblemPod,
  Reason,
  UpgradeInsight,
} from '../types';
import { VersionSupport, versionSupport } from '../versions';
import {
  clusterCapacity,
  nodeCounts,
  nodeGroupReasons,
  nodeGroupSummaries,
  nodeReadinessReasons,
  nodeSummaries,
} from './clusterNodes';
import { recentWarnings } from './events';
import { blocksEvictions, hpaSummary } from './objects';
import { podProblem } from './pods';
import { verdictOf } from './verdict';

type UnavailableDeployment = ClusterHealth['unavailableDeployments'][number];
type BlockingPdb = ClusterHealth['pdbsBlockingEvictions'][number];

/** Pod counts by phase (`Unknown` when a pod has none). */
function podsByPhase(snapshot: ClusterSnapshot): Record<string, number> {
  const byPhase: Record<string, number> = {};
  for (const p of snapshot.pods) {
    const phase = p.status?.phase ?? 'Unknown';
    byPhase[phase] = (byPhase[phase] ?? 0) + 1;
  }
  return byPhase;
}

/** Every pod with a problem, sorted by namespace/name. */
function problemPodsOf(snapshot: ClusterSnapshot): ProblemPod[] {
  return snapshot.pods
    .map(p => podProblem(p, snapshot.replicaSets))
    .filter((p): p is ProblemPod => !!p)
    .sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );
}

/** One warning per problem reason, naming up to three of its pods. */
function problemPodReasons(problemPods: ProblemPod[]): Reason[] {
  const byReason = new Map<string, number>();
  for (const p of problemPods)
    byReason.set(p.reason, (byReason.get(p.reason) ?? 0) + 1);
  return [...byReason].map(([reason, count]) => {
    const examples = problemPods
      .filter(p => p.reason === reason)
      .slice(0, 3)
      .map(p => `${p.namespace}/${p.name}`);
    return {
      severity: 'warning',
      code: reason,
      message: `${count} pod${count > 1 ? 's' : ''} ${reason}: ${examples.join(
        ', ',
      )}${count > 3 ? ', …' : ''}`,
    };
  });
}

function hpaAtMaxReasons(hpasAtMax: HpaSummary[]): Reason[] {
  return hpasAtMax.map(h => ({
    severity: 'warning',
    code: 'HpaAtMax',
    message: `HPA ${h.namespace}/${h.name} is at its maximum of ${h.max} replicas`,
    object: `HorizontalPodAutoscaler ${h.namespace}/${h.name}`,
  }));
}

/** Deployments with fewer available replicas than desired. */
function unavailableDeploymentsOf(
  snapshot: ClusterSnapshot,
): UnavailableDeployment[] {
  return snapshot.deployments
    .map(d => ({
      namespace: d.metadata.namespace ?? '',
      name: d.metadata.name ?? '',
      ready: d.status?.availableReplicas ?? 0,
      desired: d.spec?.replicas ?? 1,
    }))
    .filter(d => d.ready < d.desired);
}

function unavailableDeploymentReasons(
  deployments: UnavailableDeployment[],
): Reason[] {
  return deployments.map(d => ({
    severity: 'warning',
    code: 'DeploymentUnavailable',
    message: `Deployment ${d.namespace}/${d.name} has ${d.ready}/${d.desired} replicas available`,
    object: `Deployment ${d.namespace}/${d.name}`,
  }));
}

/** PodDisruptionBudgets that allow no disruption although they expect pods. */
function pdbsBlockingEvictionsOf(snapshot: ClusterSnapshot): BlockingPdb[] {
  return snapshot.pdbs.filter(blocksEvictions).map(p => ({
    namespace: p.metadata.namespace ?? '',
    name: p.metadata.name ?? '',
    expectedPods: p.status?.expectedPods ?? 0,
  }));
}

function pdbReasons(pdbs: BlockingPdb[]): Reason[] {
  return pdbs.map(p => ({
    severity: 'warning',
    code: 'PdbBlocksEvictions',
    message: `PodDisruptionBudget ${p.namespace}/${p.name} allows no disruption: node drains will stall`,
    object: `PodDisruptionBudget ${p.namespace}/${p.name}`,
  }));
}

/** A warning when the version is past, in extended, or within 60 days of leaving standard support. */
function versionReasons(version: VersionSupport): Reason[] {
  if (version.status === 'end-of-support') {
    return [
      {
        severity: 'warning',
        code: 'VersionEndOfSupport',
        message: `Kubernetes ${version.version} is past end of extended support (${version.until})`,
      },
    ];
  }
  if (version.status === 'extended') {
    return [
      {
        severity: 'warning',
        code: 'VersionExtendedSupport',
        message: `Kubernetes ${version.version} is in extended support (extra cost) until ${version.until}`,
      },
    ];
  }
  if (version.status === 'standard' && (version.daysLeft ?? 999) <= 60) {
    return [
      {
        severity: 'warning',
        code: 'VersionStandardSupportEnding',
        message: `standard support for Kubernetes ${version.version} ends ${version.until} (in ${version.daysLeft} days)`,
      },
    ];
  }
  return [];
}

/** What would block draining nodes for an upgrade: stuck PDBs and failing insights. */
function upgradeBlockers(
  pdbs: BlockingPdb[],
  insights: UpgradeInsight[],
): string[] {
  return [
    ...pdbs.map(
      p => `PodDisruptionBudget ${p.namespace}/${p.name} allows no disruption`,
    ),
    ...insights
      .filter(i => i.status === 'ERROR' || i.status === 'WARNING')
      .map(i => `${i.name}: ${i.status}`),
  ];
}

function eksSummary(eks?: EksClusterInfo): ClusterHealth['eks'] {
  return eks
    ? {
        source: eks.source,
        fetchedAt: eks.fetchedAt,
        addons: eks.addons,
        platformVersion: eks.platformVersion,
        ...(eks.unavailable?.length ? { unavailable: eks.unavailable } : {}),
      }
    : undefined;
}

/**
 * One cluster's health: nodes and node groups, capacity, pods by phase,
 * problem pods, recent warnings, HPAs at max, unavailable deployments,
 * PDBs that block evictions, version support and upgrade readiness.
 *
 * @public
 */
export function clusterHealth(
  snapshot: ClusterSnapshot,
  now: Date,
  eks?: EksClusterInfo,
): ClusterHealth {
  const nodeItems = nodeSummaries(snapshot);
  const nodes = nodeCounts(nodeItems);
  const nodeGroups = nodeGroupSummaries(nodeItems, eks);
  const problemPods = problemPodsOf(snapshot);
  const hpasAtMax = snapshot.hpas.map(hpaSummary).filter(h => h.atMax);
  const unavailableDeployments = unavailableDeploymentsOf(snapshot);
  const pdbsBlockingEvictions = pdbsBlockingEvictionsOf(snapshot);
  const version = versionSupport(snapshot.gitVersion ?? eks?.version, now);
  const insights = eks?.insights ?? [];
  const reasons: Reason[] = [
    ...nodeReadinessReasons(nodes),
    ...nodeGroupReasons(nodeGroups),
    ...problemPodReasons(problemPods),
    ...hpaAtMaxReasons(hpasAtMax),
    ...unavailableDeploymentReasons(unavailableDeployments),
    ...pdbReasons(pdbsBlockingEvictions),
    ...versionReasons(version),
  ];
  return {
    name: snapshot.name,
    verdict: verdictOf(reasons),
    reasons,
    version,
    nodes,
    nodeGroups,
    capacity: clusterCapacity(nodeItems),
    podsByPhase: podsByPhase(snapshot),
    problemPods,
    warningEvents: recentWarnings(snapshot.events, now),
    hpasAtMax,
    unavailableDeployments,
    pdbsBlockingEvictions,
    upgrade: {
      insights,
      blockers: upgradeBlockers(pdbsBlockingEvictions, insights),
    },
    eks: eksSummary(eks),
  };
}
