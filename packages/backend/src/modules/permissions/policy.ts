import { BackstageUserInfo } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { RoleBindings, rolesFor } from './roles';
import { ACCESS_RULES, AccessRule, findRule } from './rules';
import { templateActionCriteria } from './templateActions';

/**
 * Runway's permission policy: roles come from group membership, decisions
 * from the rule table in `rules.ts`.
 *
 * @public
 */
export class RunwayPermissionPolicy implements PermissionPolicy {
  private readonly bindings: RoleBindings;
  private readonly rules: Record<string, AccessRule>;
  private readonly getUserInfo: (
    user: PolicyQueryUser,
  ) => Promise<BackstageUserInfo>;

  constructor(options: {
    bindings: RoleBindings;
    getUserInfo: (user: PolicyQueryUser) => Promise<BackstageUserInfo>;
    rules?: Record<string, AccessRule>;
  }) {
    this.bindings = options.bindings;
    this.getUserInfo = options.getUserInfo;
    this.rules = options.rules ?? ACCESS_RULES;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const { permission } = request;
    const rule = findRule(
      permission.name,
      permission.attributes.action,
      this.rules,
    );
    if (rule.allow === 'signed-in') {
      return { result: AuthorizeResult.ALLOW };
    }

    const info = await this.getUserInfo(user);
    const roles = rolesFor(info.ownershipEntityRefs, this.bindings);
    if (rule.allow.some(role => roles.has(role))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (
      rule.templateActions?.some(role => roles.has(role)) &&
      isResourcePermission(permission, 'scaffolder-action')
    ) {
      return createScaffolderActionConditionalDecision(
        permission,
        templateActionCriteria(),
      );
    }
    if (rule.owner && isResourcePermission(permission, 'catalog-entity')) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: info.ownershipEntityRefs,
        }),
      );
    }
    if (rule.owner && isResourcePermission(permission, 'scaffolder-task')) {
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [info.userEntityRef],
        }),
      );
    }
    return { result: AuthorizeResult.DENY };
  }
}
