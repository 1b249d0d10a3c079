/*
 * Backstage's permissions service, noting an unavailable permission backend.
 *
 * While PostgreSQL is away the permission backend answers 503, and a plugin
 * that passes the client's ResponseError on answers 503 too. Backstage's
 * search router does not: it replaces every error of a query, the permission
 * check's included, with a plain "There was a problem performing the search
 * query", a 500 that no longer carries the 503. This factory is Backstage's
 * own (`ServerPermissionClient.fromConfig`, the same config) and notes each
 * failed permission call for the request being served (`noteUnavailable`),
 * so the request's 500 becomes the permission backend's 503. Decisions and
 * every other error pass through unchanged.
 */
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ServerPermissionClient } from '@backstage/plugin-permission-node';
import { noteUnavailable } from './unavailable';

/** `permissions` with every failed call noted before it is rethrown. */
export function notingUnavailable(
  permissions: PermissionsService,
): PermissionsService {
  const noted = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      noteUnavailable(error);
      throw error;
    }
  };
  return {
    authorize: (requests, options) =>
      noted(() => permissions.authorize(requests, options)),
    authorizeConditional: (queries, options) =>
      noted(() => permissions.authorizeConditional(queries, options)),
  };
}

export const permissionsServiceFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {
    auth: coreServices.auth,
    config: coreServices.rootConfig,
    discovery: coreServices.discovery,
  },
  async factory({ auth, config, discovery }) {
    return notingUnavailable(
      ServerPermissionClient.fromConfig(config, { auth, discovery }),
    );
  },
});
