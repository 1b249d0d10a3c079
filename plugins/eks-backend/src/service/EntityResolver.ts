import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
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
 * With `claims`, a kubernetes-id may not be taken over by registering an
 * entity: when more than one catalog entity claims the same id (looked up
 * with the plugin's own credentials, so entities the caller cannot see
 * count), it is served only to the one claimant registered from a location
 * listed in the app config (`catalog.locations`); any other claimant, or
 * every claimant when that is not exactly one, gets 409 naming them all.
 *
 * @public
 */
export function catalogEntityResolver(
  catalog: CatalogService,
  claims?: {
    auth: AuthService;
    /**
     * The origins of the app config's `catalog.locations`
     * (`trustedOriginsFromConfig(config)` of `@runway/backend-common`)
     */
    configuredLocations: string[];
  },
): EntityResolver {
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
    if (claims) await checkClaim(catalog, claims, entityRef, id);
    return { id, namespace: annotations?.[ANNOTATION_KUBERNETES_NAMESPACE] };
  };
}

async function checkClaim(
  catalog: CatalogService,
  claims: NonNullable<Parameters<typeof catalogEntityResolver>[1]>,
  entityRef: string,
  id: string,
): Promise<void> {
  const { items } = await catalog.getEntities(
    {
      filter: { [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]: id },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    },
    { credentials: await claims.auth.getOwnServiceCredentials() },
  );
  const claimants = items.filter(
    e => e.metadata.annotations?.[ANNOTATION_KUBERNETES_ID] === id,
  );
  const refs = claimants.map(e => stringifyEntityRef(e));
  if (!refs.includes(entityRef)) refs.push(entityRef);
  const fromConfig = claimants
    .filter(e => isFromConfig(e, claims.configuredLocations))
    .map(e => stringifyEntityRef(e));
  if (servedClaimant(refs, fromConfig) === entityRef) return;
  const claimed = `${ANNOTATION_KUBERNETES_ID} '${id}' is claimed by ${refs
    .sort()
    .join(', ')}`;
  throw new ConflictError(
    fromConfig.length === 1
      ? `${claimed}: only ${fromConfig[0]}, registered from the app config's catalog.locations, is served its workloads`
      : `${claimed}, and not by exactly one entity registered from the app config's catalog.locations: no claimant is served its workloads until the duplicate claims are removed`,
  );
}

/**
 * The claim rule: of the entities claiming one kubernetes-id (`claimants`,
 * as entity refs), the one served its workloads: the only claimant, or else
 * the one claimant registered from the app config's `catalog.locations`
 * (`fromConfig`); none when that is not exactly one.
 */
export function servedClaimant(
  claimants: string[],
  fromConfig: string[],
): string | undefined {
  const unique = [...new Set(claimants)];
  if (unique.length === 1) return unique[0];
  const trusted = [...new Set(fromConfig)];
  return trusted.length === 1 ? trusted[0] : undefined;
}

/** Whether `entity` was registered from one of the `configured` locations. */
export function isFromConfig(entity: Entity, configured: string[]): boolean {
  const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
  return !!origin && configured.includes(origin);
}
