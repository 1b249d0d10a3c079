import { RESOURCE_TYPES } from './resources';

/** One Kubernetes RBAC grant Runway needs: verbs on a resource of an API group. */
export type RequiredAccess = {
  /** API group, '' for the core group */
  group: string;
  /** plural resource, `pods/log` for a sub-resource */
  resource: string;
  verbs: Array<'get' | 'list' | 'watch'>;
};

/** The API group and plural resource of a collection path such as `/apis/apps/v1/deployments`. */
export function groupAndResource(path: string): {
  group: string;
  resource: string;
} {
  const parts = path.split('/').filter(Boolean);
  return parts[0] === 'api'
    ? { group: '', resource: parts[2] }
    : { group: parts[1], resource: parts[3] };
}

/** The sub-resource read for container logs (`GET /api/eks/logs`). */
export const LOGS_ACCESS: RequiredAccess = {
  group: '',
  resource: 'pods/log',
  verbs: ['get'],
};

/**
 * Every grant Runway's reader needs on a cluster: list and watch of each
 * cached resource type, and the sub-resources it reads. The shipped
 * ClusterRole (k8s/cluster-reader/clusterrole.yaml) must grant all of them;
 * a 403 on a watch marks the cluster unready.
 */
export function requiredAccess(): RequiredAccess[] {
  return [
    ...RESOURCE_TYPES.map(type => ({
      ...groupAndResource(type.path),
      verbs: ['list', 'watch'] as RequiredAccess['verbs'],
    })),
    LOGS_ACCESS,
  ];
}
