import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * An action's `entity` input as a full entity ref: a bare name is a
 * Component in the default namespace (`checkout-api` is
 * `component:default/checkout-api`). Undefined stays undefined.
 */
export function entityRefInput(entity?: string): string | undefined {
  if (entity === undefined || entity.trim() === '') return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(entity.trim(), {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    );
  } catch (e) {
    throw new InputError(`entity: ${(e as Error).message}`);
  }
}
