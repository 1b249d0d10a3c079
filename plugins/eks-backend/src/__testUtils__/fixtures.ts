import fs from 'node:fs';
import path from 'node:path';

/**
 * A snapshot of a local sample cluster, shared with eks-common's tests
 * (`eks-staging-euw1` or `eks-production-euw1`), as the fake apiserver
 * serves it.
 */
export function clusterFixture(
  name: 'eks-staging-euw1' | 'eks-production-euw1',
): any {
  return JSON.parse(
    fs.readFileSync(
      path.join(
        path.dirname(require.resolve('@runway/plugin-eks-common/package.json')),
        `src/__fixtures__/${name}.json`,
      ),
      'utf8',
    ),
  );
}

/**
 * The staging fixture with the Argo CRDs installed: storefront-web's
 * Rollout (mid-canary), its ReplicaSets, pods and HPA and its Argo CD
 * Application captured from the local apiserver (eks-common's
 * `argo-staging.json`) in place of its Deployment's.
 */
export function argoClusterFixture(): any {
  const stg = clusterFixture('eks-staging-euw1');
  const argo = JSON.parse(
    fs.readFileSync(
      path.join(
        path.dirname(require.resolve('@runway/plugin-eks-common/package.json')),
        'src/__fixtures__/argo-staging.json',
      ),
      'utf8',
    ),
  );
  const other = (xs: any[]) =>
    xs.filter(x => !x.metadata.name.startsWith('storefront-web'));
  return {
    ...stg,
    deployments: other(stg.deployments),
    replicaSets: [...other(stg.replicaSets), ...argo.replicaSets],
    pods: [...other(stg.pods), ...argo.pods],
    hpas: [...other(stg.hpas), ...argo.hpas],
    rollouts: argo.rollouts,
    applications: argo.applications,
  };
}
