import staging from './eks-staging-euw1.json';
import production from './eks-production-euw1.json';
import argo from './argo-staging.json';
import { ClusterSnapshot } from '../kube';
import { EksClusterInfo } from '../types';

// Snapshots captured from Runway's local control plane after
// scripts/k8s/fixtures.mjs loaded the sample clusters (real apiserver,
// controller-manager, scheduler and kwok output).

/** The staging cluster: payments-api crash-looping, an image pull failure. */
export const stg = staging as unknown as ClusterSnapshot;
/** The production cluster: inventory-api's HPA at max, an unschedulable pod, a blocking PDB. */
export const prod = production as unknown as ClusterSnapshot;

// "now" a few minutes after the capture, so the events are recent
export const stgNow = new Date(
  Date.parse((staging as any).capturedAt) + 5 * 60_000,
);
export const prodNow = new Date(
  Date.parse((production as any).capturedAt) + 5 * 60_000,
);

/**
 * Staging as it is with the Argo CRDs installed (scripts/k8s/argo-samples.mjs):
 * storefront-web rolled out by an Argo Rollout mid-canary (step 3 of 5,
 * analysis running, one canary pod beside three stable ones) and deployed
 * by an Argo CD Application; its objects captured from the local
 * apiserver (`argo-staging.json`), every other object as in `stg`.
 */
export const stgArgo: ClusterSnapshot = (() => {
  const a = argo as any;
  const other = <T extends { metadata: { name?: string } }>(xs: T[]) =>
    xs.filter(x => !x.metadata.name?.startsWith('storefront-web'));
  return {
    ...stg,
    deployments: other(stg.deployments),
    replicaSets: [...other(stg.replicaSets), ...a.replicaSets],
    pods: [...other(stg.pods), ...a.pods],
    hpas: [...other(stg.hpas), ...a.hpas],
    rollouts: a.rollouts,
    applications: a.applications,
  };
})();
/** "now" a few minutes after the Argo capture */
export const stgArgoNow = new Date(Date.parse(argo.capturedAt) + 5 * 60_000);

/** What EKS would say about production: the spot node group is at its maximum. */
export const prodEks: EksClusterInfo = {
  name: 'eks-production-euw1',
  nodeGroups: [
    {
      name: 'on-demand',
      capacityType: 'ON_DEMAND',
      instanceTypes: ['t3.large'],
      desired: 3,
      min: 3,
      max: 6,
    },
    {
      name: 'spot',
      capacityType: 'SPOT',
      instanceTypes: ['t3.large', 't3a.large'],
      desired: 3,
      min: 1,
      max: 3,
    },
  ],
  insights: [
    {
      id: 'i-1',
      name: 'Deprecated APIs removed in Kubernetes v1.35',
      status: 'PASSING',
    },
  ],
  addons: [
    { name: 'vpc-cni', version: 'v1.20.1-eksbuild.1', status: 'ACTIVE' },
  ],
  source: 'sample',
  fetchedAt: '2026-11-27T16:00:00Z',
};
