import { Entity } from '@backstage/catalog-model';

/** A Group with an optional parent, children and annotations. */
export function group(
  name: string,
  parent?: string,
  children: string[] = [],
  annotations?: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      ...(annotations ? { annotations } : {}),
    },
    spec: { type: 'team', ...(parent ? { parent } : {}), children },
  };
}

/**
 * A Component allocated by `service=<name>`, owned by a Group; with
 * `ownedBy: true` it also carries the `ownedBy` relation the catalog adds.
 */
export function component(
  name: string,
  owner: string,
  options: { ownedBy?: boolean } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'runway.io/cost-allocation': `service=${name}` },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    ...(options.ownedBy
      ? {
          relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
        }
      : {}),
  };
}
