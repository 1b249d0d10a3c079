import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import { repositoryOf } from '@runway/backend-common';

/**
 * Throws when `url`, read for `annotation`, is outside the repository of
 * the entity's own catalog file (`backstage.io/managed-by-location`, which
 * the catalog sets) and the entity does not come from a trusted location
 * (its `managed-by-origin-location` in `trustedOrigins`): the URL reader
 * reads with Runway's integration tokens, which may reach repositories the
 * entity's authors cannot read.
 */
export function checkOwnRepository(
  entity: Entity,
  annotation: string,
  url: string,
  trustedOrigins: string[],
): void {
  const annotations = entity.metadata.annotations ?? {};
  const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
  if (origin !== undefined && trustedOrigins.includes(origin)) return;
  const location = annotations[ANNOTATION_LOCATION];
  const own = location ? parseLocationRef(location) : undefined;
  const repository = own?.type === 'url' ? repositoryOf(own.target) : undefined;
  if (repository && repositoryOf(url) === repository) return;
  throw new Error(
    `${annotation} leads to ${url}, outside ${
      repository ?? 'the repository the entity is registered from'
    }: docs by URL are read only from the repository the entity is registered from, unless it comes from a location listed in catalog.locations`,
  );
}
