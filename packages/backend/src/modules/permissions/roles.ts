import { Config } from '@backstage/config';
import { readEntityRefs } from '@runway/backend-common';

/**
 * The personas Runway grants access by.
 *
 * @public
 */
export type RunwayRole = 'developer' | 'ops' | 'manager';

/** All roles, in a stable order. */
export const RUNWAY_ROLES: readonly RunwayRole[] = [
  'developer',
  'ops',
  'manager',
];

/**
 * Entity refs (groups, or single users) that confer each role.
 *
 * @public
 */
export type RoleBindings = Record<RunwayRole, string[]>;

/** Defaults used when `runway.permissions.roles.<role>` is not set. */
export const DEFAULT_ROLE_BINDINGS: RoleBindings = {
  developer: ['group:default/team-payments', 'group:default/team-checkout'],
  ops: ['group:default/platform-ops'],
  manager: ['group:default/finance'],
};

/**
 * Reads `runway.permissions.roles` and normalises every ref to
 * `kind:namespace/name` in lower case, so matching is exact.
 * A malformed ref fails start-up with an error naming the key.
 */
export function readRoleBindings(config: Config): RoleBindings {
  const bindings = {} as RoleBindings;
  for (const role of RUNWAY_ROLES) {
    bindings[role] = readEntityRefs(
      config,
      `runway.permissions.roles.${role}`,
      DEFAULT_ROLE_BINDINGS[role],
    );
  }
  return bindings;
}

/**
 * The roles held by a user with the given ownership refs (the user's own
 * ref plus the groups it is a member of).
 */
export function rolesFor(
  ownershipEntityRefs: readonly string[],
  bindings: RoleBindings,
): Set<RunwayRole> {
  const owned = new Set(
    ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US')),
  );
  const roles = new Set<RunwayRole>();
  for (const role of RUNWAY_ROLES) {
    if (bindings[role].some(ref => owned.has(ref))) {
      roles.add(role);
    }
  }
  return roles;
}
