import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** Users of the sample organisation (catalog/org.yaml) the tests act as. */
export const USERS = {
  /** platform-ops: reads every cluster, workload and SLO. */
  ops: 'user:default/olivia.ops',
  /** finance: reads every cost report. */
  manager: 'user:default/carol.finance',
  /** team-payments: owns payments-api and billing-worker. */
  payments: 'user:default/erin.payments',
  /** team-checkout: owns storefront-web, checkout-api and inventory-api. */
  checkout: 'user:default/carl.checkout',
} as const;

/** One permission question, as a policy stand-in sees it. */
export interface PermissionQuestion {
  /** The caller's user entity ref; undefined for a service or anonymous caller. */
  user?: string;
  /** The permission's name, e.g. `eks.workload.read`. */
  permission: string;
  /** The resource ref of a resource permission, lower-cased as the catalog does. */
  resourceRef?: string;
}

/**
 * A stand-in for Runway's permission policy: `allow` answers each question
 * ALLOW (true) or DENY (false); conditional decisions are always DENY. The
 * shipped policy itself is tested in packages/backend and by the
 * integration suites.
 */
export function rolePermissions(
  allow: (question: PermissionQuestion) => boolean,
): PermissionsService {
  return {
    authorize: async (requests: any[], options: any) =>
      requests.map(r => ({
        result: allow({
          user: options?.credentials?.principal?.userEntityRef,
          permission: r.permission.name,
          resourceRef: r.resourceRef,
        })
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
    authorizeConditional: async (requests: any[]) =>
      requests.map(() => ({ result: AuthorizeResult.DENY })),
  } as unknown as PermissionsService;
}

/**
 * {@link rolePermissions} as the `coreServices.permissions` factory of a
 * plugin's `startTestBackend` suite.
 */
export function permissionsByRole(
  allow: (question: PermissionQuestion) => boolean,
) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: {},
    factory: () => rolePermissions(allow),
  });
}

/** The Authorization header of a request made as `user`. */
export function asUser(user: string): { Authorization: string } {
  return { Authorization: mockCredentials.user.header(user) };
}
