import { stringify } from 'yaml';

/**
 * What checkov reads of a rendered service: it knows no Argo Rollouts
 * Rollout, so a Rollout's pod template is checked as a Deployment's (the
 * canary strategy, analysis and rollback window dropped).
 */
export function asDeployment(rollout: any) {
  const { strategy, analysis, rollbackWindow, ...spec } = rollout.spec;
  return { ...rollout, apiVersion: 'apps/v1', kind: 'Deployment', spec };
}

/** A manifest's objects as checkov reads them (AnalysisTemplates left out: no pods). */
export function checkovManifest(objects: any[]): string {
  return objects
    .filter(o => o.kind !== 'AnalysisTemplate')
    .map(o => stringify(o.kind === 'Rollout' ? asDeployment(o) : o))
    .join('---\n');
}
