import { Entity } from '@backstage/catalog-model';

/**
 * Annotation that maps AWS cost-allocation tags to a catalog entity:
 * `tag=value` pairs joined by `,`, e.g. `service=billing-worker` or
 * `team=team-payments,environment=production`.
 *
 * @public
 */
export const COST_ALLOCATION_ANNOTATION = 'runway.io/cost-allocation';

/**
 * Annotation on a Group (or Component) with its monthly budget, a decimal
 * amount in the cost data's currency, e.g. `9000` or `1234.50`. Budgets in
 * config (`awsCost.budgets`) take precedence.
 *
 * @public
 */
export const COST_BUDGET_ANNOTATION = 'runway.io/cost-budget';

/**
 * The three roles a cost-allocation tag plays in Runway. Which AWS tag key
 * carries each role is configurable (`awsCost.tagKeys`); the defaults equal
 * the role names.
 *
 * @public
 */
export type AllocationRole = 'team' | 'service' | 'environment';

/** Every allocation role. @public */
export const ALLOCATION_ROLES: readonly AllocationRole[] = [
  'team',
  'service',
  'environment',
];

/** The AWS tag key used for each role. @public */
export type TagKeys = Record<AllocationRole, string>;

/** Default tag keys: each role's AWS tag key is the role's name. @public */
export const DEFAULT_TAG_KEYS: TagKeys = {
  team: 'team',
  service: 'service',
  environment: 'environment',
};

/** One `tag=value` pair of the annotation. @public */
export type AllocationPair = { tag: string; value: string };

const TAG_KEY = /^[\p{L}\p{N}\s_.:/=+\-@]{1,128}$/u;

/**
 * Parses the annotation value. Throws an Error naming the offending pair
 * when the value is malformed (empty pair, missing `=`, empty key or value,
 * a tag key AWS would not accept, the same tag twice).
 *
 * @public
 */
export function parseCostAllocation(value: string): AllocationPair[] {
  const pairs: AllocationPair[] = [];
  const seen = new Set<string>();
  const parts = value.split(',').map(p => p.trim());
  if (parts.length === 1 && parts[0] === '') {
    throw new Error(`${COST_ALLOCATION_ANNOTATION} is empty`);
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) {
      throw new Error(
        `${COST_ALLOCATION_ANNOTATION}: '${part}' is not a tag=value pair`,
      );
    }
    const tag = part.slice(0, eq).trim();
    const tagValue = part.slice(eq + 1).trim();
    if (!TAG_KEY.test(tag) || tag.startsWith('aws:')) {
      throw new Error(
        `${COST_ALLOCATION_ANNOTATION}: '${tag}' is not a valid tag key`,
      );
    }
    if (seen.has(tag)) {
      throw new Error(
        `${COST_ALLOCATION_ANNOTATION}: tag '${tag}' appears more than once`,
      );
    }
    seen.add(tag);
    pairs.push({ tag, value: tagValue });
  }
  return pairs;
}

/**
 * The allocation of an entity: its annotation when present, otherwise the
 * defaults of Runway's design: `service=<name>` for a Component and
 * `team=<name>` for a Group; no allocation for other kinds.
 *
 * @public
 */
export function costAllocationOf(
  entity: Entity,
  tagKeys: TagKeys = DEFAULT_TAG_KEYS,
): AllocationPair[] {
  const annotation = entity.metadata.annotations?.[COST_ALLOCATION_ANNOTATION];
  if (annotation !== undefined) {
    return parseCostAllocation(annotation);
  }
  const kind = entity.kind.toLocaleLowerCase('en-US');
  if (kind === 'component') {
    return [{ tag: tagKeys.service, value: entity.metadata.name }];
  }
  if (kind === 'group') {
    return [{ tag: tagKeys.team, value: entity.metadata.name }];
  }
  return [];
}

/**
 * Turns annotation pairs into a filter on the three stored tag roles. Pairs
 * whose tag key is none of the configured keys cannot be matched against the
 * store and are returned in `unmatched`.
 *
 * @public
 */
export function allocationFilter(
  pairs: AllocationPair[],
  tagKeys: TagKeys = DEFAULT_TAG_KEYS,
): {
  filter: Partial<Record<AllocationRole, string>>;
  unmatched: AllocationPair[];
} {
  const filter: Partial<Record<AllocationRole, string>> = {};
  const unmatched: AllocationPair[] = [];
  for (const pair of pairs) {
    const role = ALLOCATION_ROLES.find(r => tagKeys[r] === pair.tag);
    if (role) {
      filter[role] = pair.value;
    } else {
      unmatched.push(pair);
    }
  }
  return { filter, unmatched };
}
