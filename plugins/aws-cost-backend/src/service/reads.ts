import {
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  awsCostEntityReadPermission,
  awsCostReportReadPermission,
  EntityCost,
} from '@runway/plugin-aws-cost-common';
import { AwsCostService } from './AwsCostService';
import { parseRange } from './query';
import { ResponseCache } from './ResponseCache';

/**
 * The check of every organisation-wide report (routes and actions):
 * `aws-cost.report.read` for the caller; NotAllowedError otherwise.
 */
export async function requireReportRead(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: awsCostReportReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${awsCostReportReadPermission.name}`,
    );
  }
}

/**
 * One entity's cost as `GET /entity/:kind/:namespace/:name` answers it, for
 * the route and the cost-summary action alike: `aws-cost.entity.read` on the
 * entity (or membership of the Group), the entity read with the caller's
 * credentials, its allocation as written only for readers of every report.
 * `query` holds the range parameters (`from`, `to`, `granularity`).
 */
export async function readEntityCost(
  deps: {
    permissions: PermissionsService;
    userInfo: UserInfoService;
    catalog: CatalogService;
    reports: AwsCostService;
    cache: ResponseCache;
  },
  credentials: BackstageCredentials,
  entity: string | { kind: string; namespace: string; name: string },
  query: Record<string, unknown>,
): Promise<EntityCost> {
  const { permissions, reports, cache } = deps;
  let ref: string;
  try {
    ref = stringifyEntityRef(
      parseEntityRef(entity, {
        defaultKind: 'component',
        defaultNamespace: 'default',
      }),
    ).toLocaleLowerCase('en-US');
  } catch (e) {
    throw new InputError(`Invalid entity reference: ${(e as Error).message}`);
  }
  const [decision, report] = await permissions.authorize(
    [
      { permission: awsCostEntityReadPermission, resourceRef: ref },
      { permission: awsCostReportReadPermission },
    ],
    { credentials },
  );
  // readers of every report get the entity's allocation as written
  const orgWide = report.result === AuthorizeResult.ALLOW;
  if (
    decision.result !== AuthorizeResult.ALLOW &&
    !(await isMemberOf(deps.userInfo, credentials, ref))
  ) {
    throw new NotAllowedError(
      `Not allowed: ${awsCostEntityReadPermission.name} on ${ref}`,
    );
  }
  const found = await fetchEntity(deps.catalog, ref, credentials);
  const asOf = await reports.asOf();
  const range = parseRange(query, asOf, {
    months: 6,
    granularity: 'monthly',
  });
  const key = `entity:${ref}:${JSON.stringify(range)}:${orgWide}:${
    found.metadata.etag ?? ''
  }`;
  return cache.get(key, () =>
    reports.entityCost({ entity: found, ...range, orgWide }),
  );
}

/**
 * Members of a Group own its costs: the catalog's owner rule only knows
 * `ownedBy` relations, which Groups do not carry, so membership (the user's
 * ownership refs) counts as ownership of a Group.
 */
async function isMemberOf(
  userInfo: UserInfoService,
  credentials: BackstageCredentials,
  ref: string,
): Promise<boolean> {
  const principal = credentials.principal as { userEntityRef?: string };
  if (!ref.startsWith('group:') || !principal?.userEntityRef) return false;
  const info = await userInfo.getUserInfo(credentials as any);
  return info.ownershipEntityRefs.some(
    r => r.toLocaleLowerCase('en-US') === ref,
  );
}

async function fetchEntity(
  catalog: CatalogService,
  ref: string,
  credentials: BackstageCredentials,
) {
  let entity;
  try {
    entity = await catalog.getEntityByRef(ref, { credentials });
  } catch (e) {
    throw new ServiceUnavailableError(
      `The catalog did not answer for ${ref}`,
      e as Error,
    );
  }
  if (!entity) throw new NotFoundError(`No entity ${ref} in the catalog`);
  return entity;
}
