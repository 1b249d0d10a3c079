/*
 * The permission checks of the routes and the actions, in one place: the
 * fleet and a service's status need `template-upgrades.read` and the
 * entity as the caller may read it; an upgrade needs
 * `template-upgrades.upgrade.create` on the entity (ops and its owners).
 */
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  templateUpgradesCreatePermission,
  templateUpgradesReadPermission,
} from '@runway/plugin-template-upgrades-common';

export type AccessDeps = {
  catalog: CatalogService;
  permissions: PermissionsService;
};

/** Throws NotAllowedError unless the caller may see template upgrades. */
export async function requireRead(
  deps: AccessDeps,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await deps.permissions.authorize(
    [{ permission: templateUpgradesReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError('You may not see template upgrades');
  }
}

/** Whether the caller may open an upgrade of the entity `ref`. */
export async function mayUpgrade(
  deps: AccessDeps,
  credentials: BackstageCredentials,
  ref: string,
): Promise<boolean> {
  const [decision] = await deps.permissions.authorize(
    [{ permission: templateUpgradesCreatePermission, resourceRef: ref }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/** Throws NotAllowedError unless the caller may upgrade the entity. */
export async function requireUpgrade(
  deps: AccessDeps,
  credentials: BackstageCredentials,
  entity: Entity,
): Promise<void> {
  const ref = stringifyEntityRef(entity);
  if (!(await mayUpgrade(deps, credentials, ref))) {
    throw new NotAllowedError(
      `You may not upgrade ${ref}: ops and its owners may`,
    );
  }
}

/** The entity `ref` as the caller may read it; NotFoundError otherwise. */
export async function readableEntity(
  deps: AccessDeps,
  credentials: BackstageCredentials,
  ref: string,
): Promise<Entity> {
  const entity = await deps.catalog.getEntityByRef(ref, { credentials });
  if (!entity) throw new NotFoundError(`${ref} is not in the catalog`);
  return entity;
}
