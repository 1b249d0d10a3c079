/** Pure shaping of Argo CD Applications and Argo Rollouts for the Workloads tab (tested in argo.test.ts). */
import { ApplicationSummary, RolloutSummary } from '@runway/plugin-eks-common';

/** `3 of 5: analysis success-rate`; `done (5 of 5)` once every step ran. */
export function stepLabel(r: RolloutSummary): string | undefined {
  const s = r.step;
  if (!s) return undefined;
  if (s.number > s.total) return `done (${s.total} of ${s.total})`;
  return `${s.number} of ${s.total}: ${s.detail ?? s.kind ?? '?'}`;
}

/** The canary's weight with its unit: `25 %`. */
export function weightLabel(r: RolloutSummary): string | undefined {
  return r.step ? `${r.step.weight} %` : undefined;
}

/** The phase, `aborted` first when it was, with the controller's message. */
export function phaseLabel(r: RolloutSummary): string {
  const phase = r.aborted ? `aborted (${r.phase})` : r.phase;
  const paused = r.pausedFor?.length
    ? `, paused: ${r.pausedFor.join(', ')}`
    : '';
  return `${phase}${paused}${r.message ? ` — ${r.message}` : ''}`;
}

/** Stable and canary (or active and preview) pod-template hashes, one per line. */
export function replicaSetsLines(r: RolloutSummary): string[] {
  if (r.strategy === 'blueGreen') {
    return [`active ${r.activeHash ?? '—'}`, `preview ${r.previewHash ?? '—'}`];
  }
  if (!r.stableHash && !r.canaryHash) return [];
  if (r.stableHash === r.canaryHash) return [`stable ${r.stableHash}`];
  return [`stable ${r.stableHash ?? '—'}`, `canary ${r.canaryHash ?? '—'}`];
}

/** `4/4 ready, 1 updated`. */
export function replicasLabel(r: RolloutSummary): string {
  return `${r.ready}/${r.desired} ready, ${r.updated} updated`;
}

/** The AnalysisRun of the current step: `name: Running (message)`. */
export function analysisLabel(r: RolloutSummary): string | undefined {
  const a = r.step?.analysisRun;
  if (!a) return undefined;
  return `${a.name}: ${a.status}${a.message ? ` (${a.message})` : ''}`;
}

/** A commit SHA shortened to 7 characters; other revisions (chart versions) as they are. */
export function shortRevision(revision?: string): string | undefined {
  if (!revision) return undefined;
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}

/** `Synced to 2e6b95f`. */
export function syncLabel(a: ApplicationSummary): string {
  const rev = shortRevision(a.revision);
  return rev ? `${a.syncStatus} to ${rev}` : a.syncStatus;
}

/** `Progressing — Rollout storefront-web: Progressing (...)`. */
export function healthLabel(a: ApplicationSummary): string {
  return a.healthMessage
    ? `${a.healthStatus} — ${a.healthMessage}`
    : a.healthStatus;
}

/** Where it deploys: `staging` (`on <cluster name or server>` when not the in-cluster one). */
export function destinationLabel(a: ApplicationSummary): string {
  const ns = a.destination.namespace ?? '(namespace of each manifest)';
  const where = a.destination.name ?? a.destination.server;
  const local =
    !where ||
    where === 'in-cluster' ||
    where === 'https://kubernetes.default.svc';
  return local ? ns : `${ns} on ${where}`;
}

/**
 * What needs a look, in words: a failed last sync, an unhealthy or missing
 * app, or an OutOfSync one. Applications do not change the verdict (their
 * workloads do), so these are shown beside them.
 */
export function applicationProblems(a: ApplicationSummary): string[] {
  const out: string[] = [];
  const op = a.operation;
  if (op && (op.phase === 'Failed' || op.phase === 'Error')) {
    out.push(
      `${a.name}: last sync ${op.phase.toLowerCase()}${
        op.message ? ` — ${op.message}` : ''
      }`,
    );
  }
  if (a.healthStatus === 'Degraded' || a.healthStatus === 'Missing') {
    out.push(`${a.name}: ${healthLabel(a)}`);
  }
  if (a.syncStatus === 'OutOfSync') {
    out.push(
      `${a.name}: OutOfSync with ${a.source?.targetRevision ?? 'its source'}`,
    );
  }
  return out;
}
