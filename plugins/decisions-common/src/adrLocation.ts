/**
 * The annotation that says where an entity keeps its ADRs, as the community
 * ADR plugin (`@backstage-community/plugin-adr`) defines it: a folder
 * relative to the entity's source location (e.g. `docs/adr`), or a URL.
 *
 * @public
 */
export const ADR_LOCATION_ANNOTATION = 'backstage.io/adr-location';

/**
 * The part of a catalog entity the ADR location is read from: its
 * annotations. Any `Entity` of `@backstage/catalog-model` fits.
 *
 * @public
 */
export type AnnotatedEntity = {
  metadata: { annotations?: Record<string, string | undefined> };
};

/**
 * The entity's ADR location (the annotation's value, trimmed); undefined
 * when it has none or an empty one.
 *
 * @public
 */
export function getAdrLocation(entity: AnnotatedEntity): string | undefined {
  const value = entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION]?.trim();
  return value ? value : undefined;
}

/**
 * Whether the entity has ADRs (the ADRs tab shows only then), as the
 * community ADR plugin's `isAdrAvailable`.
 *
 * @public
 */
export function isAdrAvailable(entity: AnnotatedEntity): boolean {
  return getAdrLocation(entity) !== undefined;
}
