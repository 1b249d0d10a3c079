// Pure shaping of the routes' answers into the actions' outputs: the same
// data, fewer fields, and a sentence that says what is wrong.
import {
  ClusterError,
  Reason,
  Verdict,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';
import {
  errorWords,
  plural,
  problemPodFields,
  reasonWords,
  verdictWords,
} from './words';

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
