import { ApplicationSummary } from '../argoSummaries';
import { ServiceHealth, WorkloadHealth } from '../types';
import { worst } from './verdict';

/**
 * One verdict for a service across every cluster: the worst of its
 * workloads' verdicts, with their reasons prefixed by cluster/namespace.
 * Its Argo CD `applications` are carried along, not judged.
 *
 * @public
 */
export function serviceHealth(
  id: string,
  workloads: WorkloadHealth[],
  applications: ApplicationSummary[] = [],
): ServiceHealth {
  const reasons = workloads.flatMap(w =>
    w.reasons.map(r => ({
      ...r,
      message: `${w.cluster}/${w.namespace}: ${r.message}`,
    })),
  );
  return {
    id,
    verdict: workloads.length
      ? worst(workloads.map(w => w.verdict))
      : 'healthy',
    reasons,
    workloads,
    applications,
  };
}
