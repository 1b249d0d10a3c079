import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { sloReadPermission } from '@runway/plugin-slo-common';

/**
 * The check every route and every action of the SLO backend makes first:
 * `slo.read` for the caller; NotAllowedError otherwise.
 *
 * @public
 */
export async function authorizeSloRead(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission: sloReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError('Not allowed to read SLOs (slo.read)');
  }
}
