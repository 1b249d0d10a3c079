import { Entity } from '@backstage/catalog-model';
import {
  AllocationPair,
  allocationFilter,
  COST_ALLOCATION_ANNOTATION,
  costAllocationOf,
  TagKeys,
} from '@runway/plugin-aws-cost-common';
import { OrgIndex } from '../OrgIndex';

/** The allocation an entity's cost answer uses, and why it differs. */
export type EffectiveAllocation = {
  allocation: AllocationPair[];
  warnings: string[];
};

/**
 * The allocation an entity's cost answer may use. An annotation never
 * widens what its author may read:
 *
 * - Groups, entities from a trusted location (`catalog.locations`, by
 *   `backstage.io/managed-by-origin-location`) and callers who may read
 *   every report (`orgWide`) get the annotation as written. Groups are
 *   accepted only from the org files (`catalog.rules`).
 * - Any other entity's allocation must select rows that belong to it: a
 *   `service` tag the org index attributes to this entity (or that nobody
 *   claims), or a `team` tag of its owning group or a group below it. Other
 *   pairs then only narrow. Anything else falls back to a Component's
 *   default `service=<name>`, under the same condition, or to nothing, with
 *   a warning.
 */
export function effectiveAllocation(options: {
  entity: Entity;
  entityRef: string;
  org: OrgIndex;
  tagKeys: TagKeys;
  orgWide: boolean;
}): EffectiveAllocation {
  const { entity, entityRef, org, tagKeys } = options;
  const pairs = costAllocationOf(entity, tagKeys);
  if (
    options.orgWide ||
    entity.kind.toLocaleLowerCase('en-US') === 'group' ||
    org.isTrusted(entity)
  ) {
    return { allocation: pairs, warnings: [] };
  }
  // no annotation on a kind without a default: nothing to narrow
  if (pairs.length === 0) return { allocation: [], warnings: [] };
  const ownsService = (tag: string) => {
    if (org.isShared(tag) || org.conflicts.has(tag)) return false;
    const owner = org.serviceOwner(tag);
    return owner === undefined || owner === entityRef;
  };
  const ownerGroup = org.components.get(entityRef)?.owner;
  const ownsTeam = (tag: string) =>
    ownerGroup !== undefined && org.teamTagsUnder(ownerGroup).includes(tag);
  const { filter } = allocationFilter(pairs, tagKeys);
  if (
    (filter.service !== undefined && ownsService(filter.service)) ||
    (filter.team !== undefined && ownsTeam(filter.team))
  ) {
    return { allocation: pairs, warnings: [] };
  }
  const name = entity.metadata.name;
  const isComponent = entity.kind.toLocaleLowerCase('en-US') === 'component';
  const fallback =
    isComponent && ownsService(name)
      ? [{ tag: tagKeys.service, value: name }]
      : [];
  const written = entity.metadata.annotations?.[COST_ALLOCATION_ANNOTATION];
  const selected =
    written === undefined
      ? `service=${name}`
      : `'${written}' (${COST_ALLOCATION_ANNOTATION})`;
  return {
    allocation: fallback,
    warnings: [
      `${selected} selects rows that do not belong to ${entityRef}; ${
        fallback.length ? `showing service=${name} instead` : 'showing no rows'
      }. An allocation is used as written only for entities from a location in catalog.locations, or for readers of every cost report.`,
    ],
  };
}
