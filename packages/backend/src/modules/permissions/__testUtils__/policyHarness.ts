import { ConfigReader } from '@backstage/config';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { RunwayPermissionPolicy } from '../policy';
import { readRoleBindings } from '../roles';

/** Test users by entity ref, with their ownership refs (user and groups). */
export const users: Record<string, string[]> = {
  'user:default/dev': ['user:default/dev', 'group:default/team-payments'],
  'user:default/ops': ['user:default/ops', 'group:default/platform-ops'],
  'user:default/boss': ['user:default/boss', 'group:default/finance'],
  'user:default/nobody': ['user:default/nobody', 'group:default/runway-org'],
};

/** The policy with the given config's role bindings and the test users. */
export function makePolicy(config: object = {}) {
  return new RunwayPermissionPolicy({
    bindings: readRoleBindings(new ConfigReader(config)),
    getUserInfo: async user => {
      const ref = (user.credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return { userEntityRef: ref, ownershipEntityRefs: users[ref] };
    },
  });
}

export function asUser(ref: string) {
  return {
    credentials: mockCredentials.user(ref),
    info: { userEntityRef: ref, ownershipEntityRefs: users[ref] },
  };
}

/** The policy's decision on a permission for one of the test users. */
export async function decide(
  permission: Parameters<RunwayPermissionPolicy['handle']>[0]['permission'],
  ref: string,
  config?: object,
): Promise<PolicyDecision> {
  return makePolicy(config).handle({ permission }, asUser(ref));
}

export type Criteria =
  | { anyOf: Criteria[] }
  | { allOf: Criteria[] }
  | { not: Criteria }
  | {
      rule: string;
      params: { actionId?: string; key?: string; value?: unknown };
    };

/**
 * Evaluates a scaffolder action decision for one step as the scaffolder's
 * rules do: HAS_ACTION_ID by id, HAS_*_PROPERTY by the value at a dotted path.
 */
export function allowsAction(
  decision: PolicyDecision,
  action: string,
  input: object,
) {
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return decision.result === AuthorizeResult.ALLOW;
  }
  const at = (key: string) =>
    key
      .split('.')
      .reduce<any>((value, part) => (value ? value[part] : undefined), input);
  const test = (c: Criteria): boolean => {
    if ('anyOf' in c) return c.anyOf.some(test);
    if ('allOf' in c) return c.allOf.every(test);
    if ('not' in c) return !test(c.not);
    if (c.rule === 'HAS_ACTION_ID') return c.params.actionId === action;
    return at(c.params.key!) === c.params.value;
  };
  return test(decision.conditions as Criteria);
}
