// Words and fields shared by the actions' outputs (summaries.ts,
// clusterSummaries.ts).
import {
  ClusterError,
  ProblemPod,
  Reason,
  Verdict,
} from '@runway/plugin-eks-common';

/** The newest warning events a cluster overview lists; the rest are counted. */
export const MAX_WARNING_EVENTS = 20;

export const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

export const reasonWords = (reasons: Reason[]) =>
  reasons.map(r => `${r.message} (${r.severity})`).join('; ');

export function errorWords(errors: ClusterError[]): string {
  if (errors.length === 0) return '';
  const names = errors.map(e => `${e.cluster} (${e.kind})`).join(', ');
  return ` ${plural(
    errors.length,
    'cluster',
  )} did not answer, so this is partial: ${names}.`;
}

/** The fields a problem pod has in both actions (`problemPodFields`). */
export const problemPodFields = (p: ProblemPod) => ({
  name: p.name,
  reason: p.reason,
  message: p.message,
  container: p.container,
  restarts: p.restarts,
  node: p.node,
});

export const verdictWords: Record<Verdict, string> = {
  healthy: 'healthy',
  degraded: 'degraded (serving, with problems to look at)',
  down: 'down (not serving)',
};
