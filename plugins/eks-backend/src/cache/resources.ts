import { KubernetesObject } from '@kubernetes/client-node';

/** The resource types Runway caches per cluster (one informer each). */
export const RESOURCE_TYPES = [
  { key: 'nodes', path: '/api/v1/nodes' },
  { key: 'pods', path: '/api/v1/pods' },
  { key: 'events', path: '/api/v1/events' },
  { key: 'deployments', path: '/apis/apps/v1/deployments' },
  { key: 'replicaSets', path: '/apis/apps/v1/replicasets' },
  { key: 'hpas', path: '/apis/autoscaling/v2/horizontalpodautoscalers' },
  { key: 'pdbs', path: '/apis/policy/v1/poddisruptionbudgets' },
  {
    key: 'networkPolicies',
    path: '/apis/networking.k8s.io/v1/networkpolicies',
  },
  // a CRD (prometheus-operator): absent on some clusters, then always empty
  {
    key: 'serviceMonitors',
    path: '/apis/monitoring.coreos.com/v1/servicemonitors',
    optional: true,
  },
] as const;

export type ResourceKey = (typeof RESOURCE_TYPES)[number]['key'];

/** Drops what Runway never reads, to keep the cache small. */
export function slim<T extends KubernetesObject>(obj: T): T {
  if (obj?.metadata) {
    delete (obj.metadata as { managedFields?: unknown }).managedFields;
    const ann = obj.metadata.annotations;
    if (ann) delete ann['kubectl.kubernetes.io/last-applied-configuration'];
  }
  return obj;
}
