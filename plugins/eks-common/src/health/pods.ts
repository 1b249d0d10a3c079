import { ClusterSnapshot, Pod } from '../kube';
import { ProblemPod } from '../types';

/** Waiting reasons of a container that mean it cannot run. */
const WAITING_PROBLEMS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'RunContainerError',
]);

/** Restarts of every container of a pod. */
export function podRestarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce(
    (n, c) => n + (c.restartCount ?? 0),
    0,
  );
}

/** `Kind/name` of what runs a pod: the Deployment behind its ReplicaSet, else its owner. */
function podOwner(
  pod: Pod,
  replicaSets: ClusterSnapshot['replicaSets'],
): string | undefined {
  const ref = pod.metadata.ownerReferences?.[0];
  if (!ref) return undefined;
  if (ref.kind === 'ReplicaSet') {
    const rs = replicaSets.find(
      r =>
        r.metadata.name === ref.name &&
        r.metadata.namespace === pod.metadata.namespace,
    );
    const dep = rs?.metadata.ownerReferences?.find(
      o => o.kind === 'Deployment',
    );
    if (dep) return `Deployment/${dep.name}`;
  }
  return `${ref.kind}/${ref.name}`;
}

type ProblemBase = Pick<ProblemPod, 'namespace' | 'name' | 'node' | 'owner'>;

/** A container waiting in a failure state (crash loop, image pull, config). */
function waitingProblem(
  pod: Pod,
  base: ProblemBase,
  restarts: number,
): ProblemPod | undefined {
  for (const c of pod.status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting;
    if (waiting?.reason && WAITING_PROBLEMS.has(waiting.reason)) {
      const last = c.lastState?.terminated;
      return {
        ...base,
        reason: waiting.reason,
        message: waiting.message,
        container: c.name,
        restarts,
        lastExitCode: last?.exitCode,
        lastTerminationReason: last?.reason,
        lastTerminationMessage: last?.message,
      };
    }
  }
  return undefined;
}

/** A pending pod the scheduler cannot place. */
function unschedulableProblem(
  pod: Pod,
  base: ProblemBase,
  restarts: number,
): ProblemPod | undefined {
  if (pod.status?.phase !== 'Pending') return undefined;
  const scheduled = pod.status.conditions?.find(c => c.type === 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    return {
      ...base,
      reason: 'Unschedulable',
      message: scheduled.message,
      restarts,
    };
  }
  return undefined;
}

/**
 * What is wrong with a pod, if anything: a container waiting in a failure
 * state (crash loop, image pull), unschedulable, or failed.
 */
export function podProblem(
  pod: Pod,
  replicaSets: ClusterSnapshot['replicaSets'] = [],
): ProblemPod | undefined {
  const base: ProblemBase = {
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    node: pod.spec?.nodeName,
    owner: podOwner(pod, replicaSets),
  };
  const restarts = podRestarts(pod);
  const problem =
    waitingProblem(pod, base, restarts) ??
    unschedulableProblem(pod, base, restarts);
  if (problem) return problem;
  if (pod.status?.phase === 'Failed') {
    return { ...base, reason: 'Failed', restarts };
  }
  return undefined;
}
