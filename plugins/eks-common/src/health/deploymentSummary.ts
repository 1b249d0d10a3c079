import { ClusterSnapshot, Deployment, Pod, toTime } from '../kube';
import { DeploymentSummary } from '../types';
import { revisionOf } from './objects';
import { podRestarts } from './pods';

/** Paused, stalled (progress deadline exceeded), progressing or complete. */
function rolloutState(d: Deployment): DeploymentSummary['rollout'] {
  const progressing = d.status?.conditions?.find(c => c.type === 'Progressing');
  const desired = d.spec?.replicas ?? 1;
  if (d.spec?.paused) return 'paused';
  if (
    progressing?.status === 'False' &&
    progressing.reason === 'ProgressDeadlineExceeded'
  )
    return 'stalled';
  if (
    (d.status?.updatedReplicas ?? 0) < desired ||
    (d.status?.availableReplicas ?? 0) < desired ||
    (d.status?.replicas ?? 0) > desired
  )
    return 'progressing';
  return 'complete';
}

/** When the Deployment's current revision was rolled out: its ReplicaSet's creation. */
function lastDeploy(
  d: Deployment,
  snapshot: ClusterSnapshot,
  revision: number | undefined,
): string | undefined {
  const rs = snapshot.replicaSets.find(
    r =>
      r.metadata.namespace === (d.metadata.namespace ?? '') &&
      r.metadata.ownerReferences?.some(
        o => o.kind === 'Deployment' && o.name === d.metadata.name,
      ) &&
      revisionOf(r.metadata) === revision,
  );
  return rs?.metadata.creationTimestamp
    ? new Date(toTime(rs.metadata.creationTimestamp) ?? 0).toISOString()
    : undefined;
}

/**
 * One Deployment's rollout: revision, state, ready/desired/updated
 * replicas, restarts of its pods, image, last deploy and change cause.
 */
export function deploymentSummary(
  d: Deployment,
  snapshot: ClusterSnapshot,
  pods: Pod[],
): DeploymentSummary {
  const revision = revisionOf(d.metadata);
  return {
    namespace: d.metadata.namespace ?? '',
    name: d.metadata.name ?? '',
    revision,
    rollout: rolloutState(d),
    rolloutMessage: d.status?.conditions?.find(c => c.type === 'Progressing')
      ?.message,
    ready: d.status?.readyReplicas ?? 0,
    desired: d.spec?.replicas ?? 1,
    updated: d.status?.updatedReplicas ?? 0,
    restarts: pods.reduce((n, p) => n + podRestarts(p), 0),
    image: d.spec?.template?.spec?.containers[0]?.image,
    lastDeploy: lastDeploy(d, snapshot, revision),
    changeCause: d.metadata.annotations?.['kubernetes.io/change-cause'],
  };
}
