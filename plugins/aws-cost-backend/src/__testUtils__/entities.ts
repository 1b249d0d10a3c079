import { Entity } from '@backstage/catalog-model';
import { component as catalogComponent } from '@runway/test-utils';

export { group } from '@runway/test-utils';

/** The allocation annotation every sample service carries: `service=<name>`. */
export const allocatedByService = (name: string) => ({
  'runway.io/cost-allocation': `service=${name}`,
});

/**
 * A Component allocated by `service=<name>`, owned by a Group; with
 * `ownedBy: true` it also carries the `ownedBy` relation the catalog adds.
 */
export function component(
  name: string,
  owner: string,
  options: { ownedBy?: boolean } = {},
): Entity {
  return catalogComponent(name, owner, {
    annotations: allocatedByService(name),
    ownedBy: options.ownedBy,
  });
}
