import { KubernetesObject } from '@kubernetes/client-node';

/**
 * The resource types Runway caches per cluster (one informer each).
 * `optional` types are CRDs a cluster may not have: a 404 (the API group or
 * resource is not served) leaves them empty, and a 403 leaves them empty
 * with a warning, without making the cluster unready.
 */
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
  // a CRD (prometheus-operator)
  {
    key: 'serviceMonitors',
    path: '/apis/monitoring.coreos.com/v1/servicemonitors',
    optional: true,
  },
  // Argo CD's Application CRD
  {
    key: 'applications',
    path: '/apis/argoproj.io/v1alpha1/applications',
    optional: true,
  },
  // Argo Rollouts' Rollout CRD
  {
    key: 'rollouts',
    path: '/apis/argoproj.io/v1alpha1/rollouts',
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

/**
 * An Argo CD Application without what grows with the app: its sync
 * history, the per-resource results of the last sync, and the managed
 * resources that are Healthy (the others explain an unhealthy verdict).
 */
function slimApplication<T extends KubernetesObject>(obj: T): T {
  const status = (obj as { status?: any }).status;
  if (status) {
    delete status.history;
    if (status.operationState?.syncResult) {
      delete status.operationState.syncResult.resources;
    }
    if (Array.isArray(status.resources)) {
      status.resources = status.resources
        .filter((r: any) => r?.health?.status && r.health.status !== 'Healthy')
        .slice(0, 20)
        .map((r: any) => ({
          kind: r.kind,
          namespace: r.namespace,
          name: r.name,
          health: r.health,
        }));
    }
  }
  return slim(obj);
}

/** The trimming applied to every object of a resource type as it arrives. */
export function slimFor(
  key: ResourceKey,
): <T extends KubernetesObject>(obj: T) => T {
  return key === 'applications' ? slimApplication : slim;
}
