import { Entity } from '@backstage/catalog-model';

/** Options of {@link component}. */
export interface ComponentOptions {
  /** Annotations of the Component (none by default). */
  annotations?: Record<string, string>;
  /** Adds the `ownedBy` relation the catalog's processing adds to a stored entity. */
  ownedBy?: boolean;
  /** `spec.type`; `service` by default. */
  type?: string;
}

/**
 * A Component of the default namespace owned by a Group, as the catalog
 * serves it.
 */
export function component(
  name: string,
  owner: string,
  options: ComponentOptions = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: { type: options.type ?? 'service', lifecycle: 'production', owner },
    ...(options.ownedBy
      ? {
          relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
        }
      : {}),
  };
}

/** A Group of the default namespace with an optional parent, children and annotations. */
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
 * The sample organisation's services and owners (catalog/samples/services.yaml):
 * one story across every plugin's tests.
 */
export const SAMPLE_SERVICES: ReadonlyArray<{ name: string; owner: string }> = [
  { name: 'storefront-web', owner: 'team-checkout' },
  { name: 'checkout-api', owner: 'team-checkout' },
  { name: 'inventory-api', owner: 'team-checkout' },
  { name: 'payments-api', owner: 'team-payments' },
  { name: 'billing-worker', owner: 'team-payments' },
  { name: 'runway', owner: 'platform-ops' },
];

/** The sample organisation's teams (catalog/org.yaml), children of `runway-org`. */
export const SAMPLE_TEAMS: ReadonlyArray<string> = [
  'platform-ops',
  'finance',
  'team-payments',
  'team-checkout',
];

/**
 * The sample organisation as the catalog serves it: `runway-org`, its teams,
 * and each sample service as a Component with its `ownedBy` relation;
 * `annotate` adds per-service annotations.
 */
export function sampleOrganisation(
  annotate: (service: string) => Record<string, string> | undefined = () =>
    undefined,
): Entity[] {
  return [
    group('runway-org', undefined, [...SAMPLE_TEAMS]),
    ...SAMPLE_TEAMS.map(team => group(team, 'runway-org')),
    ...SAMPLE_SERVICES.map(({ name, owner }) =>
      component(name, owner, { ownedBy: true, annotations: annotate(name) }),
    ),
  ];
}
