import { ANNOTATION_ORIGIN_LOCATION, Entity } from '@backstage/catalog-model';

/** Tells whether an entity comes from a trusted location. */
export type TrustedEntityCheck = (entity: Entity) => boolean;

/**
 * Trusts the entities whose `backstage.io/managed-by-origin-location` (set
 * by the catalog, never by the entity's author) is one of `locations`
 * (`catalog.locations` of the app config, see `trustedOriginsFromConfig` of `@runway/backend-common`).
 */
export function trustedLocationCheck(locations: string[]): TrustedEntityCheck {
  const trusted = new Set(locations);
  return entity => {
    const origin = entity.metadata.annotations?.[ANNOTATION_ORIGIN_LOCATION];
    return origin !== undefined && trusted.has(origin);
  };
}
