import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read cluster health: the Clusters page (nodes, node groups, capacity,
 * problem pods of every namespace, events, version support). Ops and
 * managers.
 *
 * @public
 */
export const eksClusterReadPermission = createPermission({
  name: 'eks.cluster.read',
  attributes: { action: 'read' },
});

/**
 * Read one catalog entity's workloads (the entity Workloads tab). Ops may
 * read any; owners the entities they own (a conditional decision the
 * catalog evaluates).
 *
 * @public
 */
export const eksWorkloadReadPermission = createPermission({
  name: 'eks.workload.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Read the logs of an entity's failing container (last crash). Ops and the
 * entity's owners.
 *
 * @public
 */
export const eksLogsReadPermission = createPermission({
  name: 'eks.logs.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Read workloads and logs in restricted namespaces (`eks.restrictedNamespaces`:
 * kube-system, kube-public, kube-node-lease and Runway's own `runway` by
 * default). Ops only: an entity's owners never see pods of these namespaces
 * through the entity, whatever its `backstage.io/kubernetes-id` claims.
 *
 * @public
 */
export const eksRestrictedNamespaceReadPermission = createPermission({
  name: 'eks.restricted-namespace.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the EKS plugins, for registering them with the
 * permission framework.
 *
 * @public
 */
export const eksPermissions = [
  eksClusterReadPermission,
  eksWorkloadReadPermission,
  eksLogsReadPermission,
  eksRestrictedNamespaceReadPermission,
];
