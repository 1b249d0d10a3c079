import { ArgoRollout, RolloutCanaryStep } from '../argo';
import { CanaryStep, RolloutSummary } from '../argoSummaries';
import { Pod } from '../kube';
import { Reason } from '../types';
import { podRestarts } from './pods';

/** The step's kind: the one key it sets (`setWeight`, `pause`, `analysis`, ...). */
function stepKind(step: RolloutCanaryStep): string {
  return Object.keys(step).find(k => (step as any)[k] !== undefined) ?? '?';
}

/** The step in words: `setWeight 20`, `pause 10m`, `pause until promoted`, `analysis success-rate`. */
function stepDetail(step: RolloutCanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight ${step.setWeight}`;
  if (step.pause) {
    const d = step.pause.duration;
    if (d === undefined || d === '') return 'pause until promoted';
    return `pause ${typeof d === 'number' ? `${d}s` : d}`;
  }
  if (step.analysis) {
    const names = (step.analysis.templates ?? [])
      .map(t => t.templateName)
      .filter(Boolean);
    return names.length ? `analysis ${names.join(', ')}` : 'analysis';
  }
  if (step.plugin?.name) return `plugin ${step.plugin.name}`;
  return stepKind(step);
}

/**
 * The canary's weight as the Rollouts controller computes it
 * (`GetCurrentSetWeight`): the traffic router's weight when it reports one;
 * 0 once aborted; 100 once every step is done; otherwise the last
 * `setWeight` at or before the current step.
 */
function canaryWeight(
  r: ArgoRollout,
  steps: RolloutCanaryStep[],
  index: number,
): number {
  const routed = r.status?.canary?.weights?.canary?.weight;
  if (routed !== undefined) return routed;
  if (r.status?.abort) return 0;
  if (index >= steps.length) return 100;
  for (let i = index; i >= 0; i--) {
    const w = steps[i].setWeight;
    if (w !== undefined) return w;
  }
  return 0;
}

/** Where a canary is: step number of all steps, its kind and words, weight and AnalysisRun. */
function canaryStep(r: ArgoRollout): CanaryStep | undefined {
  const steps = r.spec?.strategy?.canary?.steps ?? [];
  if (steps.length === 0) return undefined;
  const index = Math.max(
    0,
    Math.min(r.status?.currentStepIndex ?? 0, steps.length),
  );
  const current = index < steps.length ? steps[index] : undefined;
  const run = r.status?.canary?.currentStepAnalysisRunStatus;
  return {
    number: index + 1,
    total: steps.length,
    kind: current ? stepKind(current) : undefined,
    detail: current ? stepDetail(current) : undefined,
    weight: canaryWeight(r, steps, index),
    analysisRun: run
      ? {
          name: run.name,
          status: run.status,
          message: run.message || undefined,
        }
      : undefined,
  };
}

/** canary, blueGreen, or unknown (neither set) */
function strategyOf(r: ArgoRollout): RolloutSummary['strategy'] {
  if (r.spec?.strategy?.canary) return 'canary';
  if (r.spec?.strategy?.blueGreen) return 'blueGreen';
  return 'unknown';
}

/**
 * One Argo Rollouts Rollout: phase and message, strategy, the canary's
 * step (position, kind, weight, AnalysisRun), stable and canary
 * pod-template hashes, ready/desired/updated/available replicas, restarts
 * of its pods, image, abort and pause state.
 */
export function rolloutSummary(r: ArgoRollout, pods: Pod[]): RolloutSummary {
  const strategy = r.spec?.strategy;
  const s = r.status;
  return {
    namespace: r.metadata.namespace ?? '',
    name: r.metadata.name ?? '',
    phase: s?.phase || 'Unknown',
    message: s?.message || undefined,
    strategy: strategyOf(r),
    step: strategy?.canary ? canaryStep(r) : undefined,
    stableHash: s?.stableRS,
    canaryHash: s?.currentPodHash,
    ready: s?.readyReplicas ?? 0,
    desired: r.spec?.replicas ?? 1,
    updated: s?.updatedReplicas ?? 0,
    available: s?.availableReplicas ?? 0,
    restarts: pods.reduce((n, p) => n + podRestarts(p), 0),
    aborted: s?.abort === true,
    abortedAt: s?.abortedAt,
    pausedFor: s?.pauseConditions?.length
      ? s.pauseConditions.map(c => c.reason)
      : undefined,
    image: r.spec?.template?.spec?.containers?.[0]?.image,
    activeHash: s?.blueGreen?.activeSelector,
    previewHash: s?.blueGreen?.previewSelector,
  };
}

/**
 * A Rollout counts in the verdict as a Deployment does: critical with no
 * ready replica, a warning for missing replicas; and a warning when it was
 * aborted (traffic back on the stable ReplicaSet) or is Degraded.
 */
export function rolloutReasons(
  summaries: RolloutSummary[],
  namespace: string,
): Reason[] {
  const reasons: Reason[] = [];
  for (const r of summaries) {
    const object = `Rollout ${namespace}/${r.name}`;
    if (r.desired > 0 && r.ready === 0) {
      reasons.push({
        severity: 'critical',
        code: 'NoReadyReplicas',
        message: `${r.name}: 0/${r.desired} replicas ready`,
        object,
      });
    } else if (r.ready < r.desired) {
      reasons.push({
        severity: 'warning',
        code: 'ReplicasUnavailable',
        message: `${r.name}: ${r.ready}/${r.desired} replicas ready`,
        object,
      });
    }
    const why = r.message ? ` (${r.message})` : '';
    if (r.aborted) {
      const at = r.step ? ` at step ${r.step.number} of ${r.step.total}` : '';
      reasons.push({
        severity: 'warning',
        code: 'RolloutAborted',
        message: `${r.name}: rollout aborted${at}${why}${
          r.stableHash ? `; the stable ReplicaSet ${r.stableHash} serves` : ''
        }`,
        object,
      });
    } else if (r.phase === 'Degraded') {
      reasons.push({
        severity: 'warning',
        code: 'RolloutDegraded',
        message: `${r.name}: rollout Degraded${why}`,
        object,
      });
    }
  }
  return reasons;
}
