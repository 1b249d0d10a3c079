import { RunwayRole } from './roles';

/**
 * Who may use a permission.
 *
 * - `signed-in`: any signed-in user, with or without a role
 * - a list of roles: users holding at least one of them
 *
 * `owner` additionally lets users without the listed roles act on catalog
 * entities they own (a conditional decision evaluated by the catalog), or on
 * scaffolder tasks they started (evaluated by the scaffolder).
 *
 * @public
 */
export type AccessRule = {
  allow: 'signed-in' | readonly RunwayRole[];
  owner?: boolean;
  /**
   * Roles that may run scaffolder actions only in the forms Runway's
   * templates use (`templateActions.ts`; a conditional decision the
   * scaffolder evaluates for every step).
   */
  templateActions?: readonly RunwayRole[];
};

/**
 * The rule table: one entry per permission name, or per name prefix ending
 * in `.` (the longest match wins). Runway's plugins add their permissions
 * here, e.g. `aws-cost.report.read` for managers and ops.
 *
 * Permissions that match no entry fall back to {@link defaultRule}.
 */
export const ACCESS_RULES: Record<string, AccessRule> = {
  // Catalog: everyone reads; developers register and own; ops administer.
  'catalog.entity.read': { allow: 'signed-in' },
  'catalog.entity.refresh': { allow: 'signed-in' },
  'catalog.entity.validate': { allow: 'signed-in' },
  'catalog.location.read': { allow: 'signed-in' },
  'catalog.location.analyze': { allow: ['developer', 'ops'] },
  'catalog.entity.create': { allow: ['developer', 'ops'] },
  'catalog.location.create': { allow: ['developer', 'ops'] },
  'catalog.entity.delete': { allow: ['ops'], owner: true },
  'catalog.location.delete': { allow: ['ops'] },
  'catalog.ingestion.': { allow: ['ops'] },

  // Software templates: everyone sees them; developers and ops run them.
  // Templates come only from trusted locations (catalog.rules), and
  // developers run only the actions those templates use, in their forms;
  // inline templates (dry runs, the template editor) are for ops.
  'scaffolder.template.parameter.read': { allow: 'signed-in' },
  'scaffolder.template.step.read': { allow: 'signed-in' },
  'scaffolder.template.dry-run': { allow: ['ops'] },
  'scaffolder.template.management': { allow: ['ops'] },
  'scaffolder.action.execute': {
    allow: ['ops'],
    templateActions: ['developer'],
  },
  'scaffolder.task.create': { allow: ['developer', 'ops'] },
  // A task's form inputs and logs: ops see every task, others their own.
  'scaffolder.task.cancel': { allow: ['ops'], owner: true },
  'scaffolder.task.read': { allow: ['ops'], owner: true },

  // Docs.
  'techdocs.actions.read': { allow: 'signed-in' },

  // Clusters: workloads are visible to developers and ops.
  'kubernetes.proxy': { allow: ['ops'] },
  'kubernetes.': { allow: ['developer', 'ops'] },

  // Runway's EKS plugin: cluster health for ops and managers; a service's
  // workloads and its failing containers' logs for ops and the entity's owners.
  'eks.cluster.read': { allow: ['ops', 'manager'] },
  'eks.workload.read': { allow: ['ops'], owner: true },
  'eks.logs.read': { allow: ['ops'], owner: true },
  // Workloads and logs in restricted namespaces (eks.restrictedNamespaces:
  // kube-system, runway, ...): ops only, whatever an entity claims.
  'eks.restricted-namespace.read': { allow: ['ops'] },

  // SLOs and error budgets: everyone signed in (developers on their entity
  // pages, ops on the overview, managers on the team roll-up; CI's deploy
  // gate uses a static external-access token restricted to slo.read).
  'slo.read': { allow: 'signed-in' },

  // Costs: reports are for managers and ops.
  'aws-cost.': { allow: ['manager', 'ops'] },
  // One entity's cost: managers and ops, and the owners of that entity.
  'aws-cost.entity.read': { allow: ['manager', 'ops'], owner: true },
  // Re-running cost file imports: ops.
  'aws-cost.import.create': { allow: ['ops'] },

  // Template upgrades: everyone sees which version each service is on (the
  // catalog still decides which services); ops and a service's owners open
  // its upgrade pull request.
  'template-upgrades.read': { allow: 'signed-in' },
  'template-upgrades.upgrade.create': { allow: ['ops'], owner: true },
};

/**
 * Applied to permissions that no entry names: reads are open to signed-in
 * users; anything else, including a permission that declares no action,
 * needs a role that builds or runs services.
 */
export function defaultRule(action: string | undefined): AccessRule {
  return action === 'read'
    ? { allow: 'signed-in' }
    : { allow: ['developer', 'ops'] };
}

/** The table's entry for a permission name: exact, then longest prefix. */
function explicitRule(
  name: string,
  rules: Record<string, AccessRule>,
): AccessRule | undefined {
  if (rules[name]) {
    return rules[name];
  }
  const prefix = Object.keys(rules)
    .filter(key => key.endsWith('.') && name.startsWith(key))
    .sort((x, y) => y.length - x.length)[0];
  return prefix ? rules[prefix] : undefined;
}

/** Whether the table names a permission, exactly or by prefix. */
export function hasExplicitRule(
  name: string,
  rules: Record<string, AccessRule> = ACCESS_RULES,
): boolean {
  return explicitRule(name, rules) !== undefined;
}

/** Finds the rule for a permission name: the table's entry, else the default. */
export function findRule(
  name: string,
  action: string | undefined,
  rules: Record<string, AccessRule> = ACCESS_RULES,
): AccessRule {
  return explicitRule(name, rules) ?? defaultRule(action);
}
