import { WORKLOAD_LABELS } from '../annotations';
import { ArgoRollout } from '../argo';
import { ClusterSnapshot, Deployment, Pod, selects } from '../kube';
import {
  DeploymentSummary,
  EventSummary,
  HpaSummary,
  PodSummary,
  Reason,
  WorkloadHealth,
} from '../types';
import { deploymentSummary } from './deploymentSummary';
import { recentWarnings } from './events';
import {
  belongsTo,
  blocksEvictions,
  hasReadyCondition,
  hpaSummary,
  revisionOf,
} from './objects';
import { podProblem, podRestarts } from './pods';
import { readinessChecklist } from './readinessChecklist';
import { rolloutReasons, rolloutSummary } from './rolloutSummary';
import { verdictOf } from './verdict';

/** The service's Deployments and Argo Rollouts in one namespace. */
type Controllers = { deps: Deployment[]; rollouts: ArgoRollout[] };

/** Whether one of the controllers' selectors selects these pod labels. */
function selectedBy(c: Controllers, labels?: Record<string, string>): boolean {
  return [...c.deps, ...c.rollouts].some(d =>
    selects(d.spec?.selector, labels),
  );
}

/** The service's pods in a namespace: labelled with its id or selected by its deployments or rollouts. */
function servicePods(
  snapshot: ClusterSnapshot,
  id: string,
  namespace: string,
  c: Controllers,
): Pod[] {
  return snapshot.pods.filter(
    p =>
      p.metadata.namespace === namespace &&
      (belongsTo(p.metadata.labels, id) || selectedBy(c, p.metadata.labels)),
  );
}

/** Critical when a deployment has no ready replica; warnings for missing replicas and stalled rollouts. */
function deploymentReasons(
  summaries: DeploymentSummary[],
  namespace: string,
): Reason[] {
  const reasons: Reason[] = [];
  for (const d of summaries) {
    const obj = `Deployment ${namespace}/${d.name}`;
    if (d.desired > 0 && d.ready === 0) {
      reasons.push({
        severity: 'critical',
        code: 'NoReadyReplicas',
        message: `${d.name}: 0/${d.desired} replicas ready`,
        object: obj,
      });
    } else if (d.ready < d.desired) {
      reasons.push({
        severity: 'warning',
        code: 'ReplicasUnavailable',
        message: `${d.name}: ${d.ready}/${d.desired} replicas ready`,
        object: obj,
      });
    }
    if (d.rollout === 'stalled') {
      reasons.push({
        severity: 'warning',
        code: 'RolloutStalled',
        message: `${d.name}: rollout of revision ${
          d.revision ?? '?'
        } stalled (${d.rolloutMessage ?? 'ProgressDeadlineExceeded'})`,
        object: obj,
      });
    }
  }
  return reasons;
}

/** One pod: phase, readiness, restarts, problem and the revision of its ReplicaSet. */
function podSummary(
  p: Pod,
  snapshot: ClusterSnapshot,
  namespace: string,
): PodSummary {
  const rs = snapshot.replicaSets.find(
    r =>
      r.metadata.namespace === namespace &&
      r.metadata.name === p.metadata.ownerReferences?.[0]?.name,
  );
  return {
    namespace,
    name: p.metadata.name ?? '',
    phase: p.status?.phase ?? 'Unknown',
    ready: hasReadyCondition(p),
    restarts: podRestarts(p),
    node: p.spec?.nodeName,
    problem: podProblem(p, snapshot.replicaSets),
    revision: rs ? revisionOf(rs.metadata) : undefined,
  };
}

/** A warning per problem pod: its revision, reason, restarts and last exit. */
function podProblemReasons(pods: PodSummary[], namespace: string): Reason[] {
  return pods
    .filter(p => p.problem)
    .map(p => {
      const pr = p.problem!;
      const last =
        pr.lastExitCode !== undefined
          ? `, last exit code ${pr.lastExitCode}${
              pr.lastTerminationReason ? ` (${pr.lastTerminationReason})` : ''
            }`
          : '';
      const restarts = pr.restarts ? `, ${pr.restarts} restarts` : '';
      return {
        severity: 'warning',
        code: pr.reason,
        message: `pod ${p.name}${
          p.revision ? ` (revision ${p.revision})` : ''
        }: ${pr.reason}${restarts}${last}${
          pr.message ? ` — ${pr.message}` : ''
        }`,
        object: `Pod ${namespace}/${p.name}`,
      };
    });
}

/** The HPAs that scale the service's deployments and rollouts. */
function serviceHpas(
  snapshot: ClusterSnapshot,
  namespace: string,
  c: Controllers,
): HpaSummary[] {
  const targets = new Set([
    ...c.deps.map(d => `Deployment/${d.metadata.name}`),
    ...c.rollouts.map(r => `Rollout/${r.metadata.name}`),
  ]);
  return snapshot.hpas
    .filter(
      h =>
        h.metadata.namespace === namespace &&
        targets.has(
          `${h.spec?.scaleTargetRef.kind}/${h.spec?.scaleTargetRef.name}`,
        ),
    )
    .map(hpaSummary);
}

function hpaReasons(hpas: HpaSummary[], namespace: string): Reason[] {
  return hpas
    .filter(x => x.atMax)
    .map(h => ({
      severity: 'warning',
      code: 'HpaAtMax',
      message: `HPA ${h.name} pinned at its maximum of ${h.max} replicas${
        h.limitedReason ? ` (${h.limitedReason})` : ''
      }`,
      object: `HorizontalPodAutoscaler ${namespace}/${h.name}`,
    }));
}

/** A warning per PDB over the service's pods that allows no disruption. */
function pdbReasons(
  snapshot: ClusterSnapshot,
  namespace: string,
  c: Controllers,
): Reason[] {
  return snapshot.pdbs
    .filter(
      p =>
        p.metadata.namespace === namespace &&
        [...c.deps, ...c.rollouts].some(d =>
          selects(p.spec?.selector, d.spec?.template?.metadata?.labels),
        ),
    )
    .filter(blocksEvictions)
    .map(pdb => ({
      severity: 'warning',
      code: 'PdbBlocksEvictions',
      message: `PodDisruptionBudget ${pdb.metadata.name} allows no disruption: node drains will stall`,
      object: `PodDisruptionBudget ${namespace}/${pdb.metadata.name}`,
    }));
}

/** Recent warning events about the service's deployments, rollouts, pods and HPAs. */
function serviceEvents(
  snapshot: ClusterSnapshot,
  namespace: string,
  objects: Controllers & { pods: Pod[]; hpas: HpaSummary[] },
  now: Date,
): EventSummary[] {
  const names = new Set([
    ...objects.deps.map(d => `Deployment/${d.metadata.name}`),
    ...objects.rollouts.map(r => `Rollout/${r.metadata.name}`),
    ...objects.pods.map(p => `Pod/${p.metadata.name}`),
    ...objects.hpas.map(h => `HorizontalPodAutoscaler/${h.name}`),
  ]);
  return recentWarnings(
    snapshot.events.filter(
      e => (e.involvedObject?.namespace ?? e.metadata.namespace) === namespace,
    ),
    now,
  ).filter(e => names.has(e.object));
}

/** The service's health in one namespace of one cluster. */
function namespaceHealth(
  snapshot: ClusterSnapshot,
  id: string,
  namespace: string,
  c: Controllers,
  now: Date,
): WorkloadHealth {
  const pods = servicePods(snapshot, id, namespace, c);
  const podsOf = (d: Deployment | ArgoRollout) =>
    pods.filter(p => selects(d.spec?.selector, p.metadata.labels));
  const deployments = c.deps.map(d =>
    deploymentSummary(d, snapshot, podsOf(d)),
  );
  const rollouts = c.rollouts.map(r => rolloutSummary(r, podsOf(r)));
  const podSummaries = pods.map(p => podSummary(p, snapshot, namespace));
  const hpas = serviceHpas(snapshot, namespace, c);
  const reasons: Reason[] = [
    ...deploymentReasons(deployments, namespace),
    ...rolloutReasons(rollouts, namespace),
    ...podProblemReasons(podSummaries, namespace),
    ...hpaReasons(hpas, namespace),
    ...pdbReasons(snapshot, namespace, c),
  ];
  const first = c.deps[0] ?? c.rollouts[0];
  return {
    cluster: snapshot.name,
    namespace,
    environment: first?.metadata.labels?.[WORKLOAD_LABELS.environment],
    verdict: verdictOf(reasons),
    reasons,
    deployments,
    rollouts,
    pods: podSummaries,
    hpas,
    events: serviceEvents(snapshot, namespace, { ...c, pods, hpas }, now),
    // a Rollout with a workloadRef has no pod template: its Deployment is checked
    checklist: readinessChecklist(
      c.deps,
      snapshot,
      namespace,
      c.rollouts.filter(r => r.spec?.template),
    ),
  };
}

/**
 * One service's health in one cluster, per namespace: its Deployments and
 * Argo Rollouts (labelled `backstage.io/kubernetes-id` or
 * `app.kubernetes.io/name` = id) with rollout state and revision or canary
 * step, ready/desired, restarts, last deploy, recent warnings, HPA status,
 * the checklist and a verdict with its reasons.
 *
 * @public
 */
export function workloadHealth(
  snapshot: ClusterSnapshot,
  id: string,
  now: Date,
  options: { namespace?: string } = {},
): WorkloadHealth[] {
  const mine = <
    T extends {
      metadata: { labels?: Record<string, string>; namespace?: string };
    },
  >(
    items: T[],
  ) =>
    items.filter(
      d =>
        belongsTo(d.metadata.labels, id) &&
        (!options.namespace || d.metadata.namespace === options.namespace),
    );
  const deployments = mine(snapshot.deployments);
  const rollouts = mine(snapshot.rollouts ?? []);
  const namespaces = [
    ...new Set(
      [...deployments, ...rollouts].map(d => d.metadata.namespace ?? ''),
    ),
  ].sort();
  const inNs = <T extends { metadata: { namespace?: string } }>(
    items: T[],
    namespace: string,
  ) => items.filter(d => d.metadata.namespace === namespace);
  return namespaces.map(namespace =>
    namespaceHealth(
      snapshot,
      id,
      namespace,
      {
        deps: inNs(deployments, namespace),
        rollouts: inNs(rollouts, namespace),
      },
      now,
    ),
  );
}
