import { WORKLOAD_LABELS } from '../annotations';
import { HorizontalPodAutoscaler, PodDisruptionBudget } from '../kube';
import { HpaSummary } from '../types';

/** Whether an object's conditions say `Ready: True`. */
export function hasReadyCondition(object: {
  status?: { conditions?: { type: string; status: string }[] };
}): boolean {
  return (
    object.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

/** HPA status in numbers; at max when desired (or current) reached maxReplicas. */
export function hpaSummary(h: HorizontalPodAutoscaler): HpaSummary {
  const max = h.spec?.maxReplicas ?? 0;
  const current = h.status?.currentReplicas ?? 0;
  const desired = h.status?.desiredReplicas ?? 0;
  const limited = h.status?.conditions?.find(
    c => c.type === 'ScalingLimited' && c.status === 'True',
  );
  return {
    namespace: h.metadata.namespace ?? '',
    name: h.metadata.name ?? '',
    target: `${h.spec?.scaleTargetRef.kind}/${h.spec?.scaleTargetRef.name}`,
    min: h.spec?.minReplicas ?? 1,
    max,
    current,
    desired,
    atMax: max > 0 && Math.max(current, desired) >= max,
    limitedReason: limited?.reason,
  };
}

/** Whether a PDB expects pods yet allows no disruption, so node drains stall. */
export function blocksEvictions(pdb: PodDisruptionBudget): boolean {
  return (
    (pdb.status?.expectedPods ?? 0) > 0 &&
    (pdb.status?.disruptionsAllowed ?? 0) === 0
  );
}

/**
 * Whether an object belongs to the service with this kubernetes-id: its
 * `backstage.io/kubernetes-id` or `app.kubernetes.io/name` label equals `id`.
 *
 * @public
 */
export function belongsTo(
  labels: Record<string, string> | undefined,
  id: string,
): boolean {
  return (
    labels?.[WORKLOAD_LABELS.kubernetesId] === id ||
    labels?.[WORKLOAD_LABELS.name] === id
  );
}

/**
 * The revision of a Deployment or ReplicaSet
 * (`deployment.kubernetes.io/revision`), or of a ReplicaSet an Argo Rollout
 * owns (`rollout.argoproj.io/revision`).
 */
export function revisionOf(meta: {
  annotations?: Record<string, string>;
}): number | undefined {
  const r =
    meta.annotations?.['deployment.kubernetes.io/revision'] ??
    meta.annotations?.['rollout.argoproj.io/revision'];
  return r ? Number(r) : undefined;
}
