import staging from './eks-staging-euw1.json';
import production from './eks-production-euw1.json';
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
