import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@runway/plugin-eks-common';

/** Finds an entity's kubernetes-id (and namespace override), as the caller. @public */
export type EntityResolver = (
  entityRef: string,
  credentials: BackstageCredentials,
) => Promise<{ id: string; namespace?: string }>;

/**
 * Resolves entities through the catalog with the caller's credentials: 404
 * when the caller cannot see the entity, 400 when it has no
 * `backstage.io/kubernetes-id` annotation.
 *
 * @public
 */
export function catalogEntityResolver(catalog: CatalogService): EntityResolver {
  return async (entityRef, credentials) => {
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) throw new NotFoundError(`No entity ${entityRef}`);
    const annotations = entity.metadata.annotations;
    const id = annotations?.[ANNOTATION_KUBERNETES_ID];
    if (!id) {
      throw new InputError(
        `${entityRef} has no ${ANNOTATION_KUBERNETES_ID} annotation`,
      );
    }
    return { id, namespace: annotations?.[ANNOTATION_KUBERNETES_NAMESPACE] };
  };
}
