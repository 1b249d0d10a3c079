import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  allocationFilter,
  COST_BUDGET_ANNOTATION,
  costAllocationOf,
  parseMicros,
  TagKeys,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';

/** Key of shared spend when it is not split across teams. */
export const SHARED_KEY = '(shared)';

type GroupInfo = {
  ref: string;
  name: string;
  title: string;
  parent?: string;
  children: string[];
  teamTags: string[];
};

type ComponentInfo = {
  ref: string;
  name: string;
  title: string;
  owner?: string;
  serviceTag?: string;
  teamTag?: string;
  environmentTag?: string;
};

/**
 * What the catalog says about cost allocation: which tag values belong to
 * which Component and Group, and the group hierarchy for roll-ups.
 */
export class OrgIndex {
  readonly groups = new Map<string, GroupInfo>();
  readonly components = new Map<string, ComponentInfo>();
  private readonly teamTagToGroup = new Map<string, string>();
  private readonly serviceTagToComponent = new Map<string, string>();
  readonly warnings: string[] = [];
  /** Monthly budgets from the `runway.io/cost-budget` annotation, in micros. */
  readonly budgets = new Map<string, bigint>();

  constructor(
    entities: Entity[],
    tagKeys: TagKeys,
    private readonly sharedServices: string[],
  ) {
    for (const entity of entities) {
      const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      let pairs;
      try {
        pairs = allocationFilter(costAllocationOf(entity, tagKeys), tagKeys);
      } catch (e) {
        this.warnings.push(`${ref}: ${(e as Error).message}`);
        continue;
      }
      const budget = entity.metadata.annotations?.[COST_BUDGET_ANNOTATION];
      if (budget !== undefined) {
        const micros = parseMicros(budget);
        if (micros === undefined || micros < 0n) {
          this.warnings.push(
            `${ref}: ${COST_BUDGET_ANNOTATION} '${budget}' is not an amount`,
          );
        } else {
          this.budgets.set(ref, micros);
        }
      }
      const kind = entity.kind.toLocaleLowerCase('en-US');
      const title = entity.metadata.title ?? entity.metadata.name;
      if (kind === 'group') {
        const spec = (entity.spec ?? {}) as {
          parent?: string;
          children?: string[];
        };
        const group: GroupInfo = {
          ref,
          name: entity.metadata.name,
          title,
          parent: spec.parent ? normalize(spec.parent, 'group') : undefined,
          children: (spec.children ?? []).map(c => normalize(c, 'group')),
          teamTags: pairs.filter.team ? [pairs.filter.team] : [],
        };
        this.groups.set(ref, group);
        for (const tag of group.teamTags) this.teamTagToGroup.set(tag, ref);
      } else if (kind === 'component') {
        const ownerRel = entity.relations?.find(
          r => r.type === RELATION_OWNED_BY,
        );
        const specOwner = (entity.spec as { owner?: string } | undefined)
          ?.owner;
        const owner =
          ownerRel?.targetRef ??
          (specOwner ? normalize(specOwner, 'group') : undefined);
        const info: ComponentInfo = {
          ref,
          name: entity.metadata.name,
          title,
          owner: owner?.toLocaleLowerCase('en-US'),
          serviceTag: pairs.filter.service,
          teamTag: pairs.filter.team,
          environmentTag: pairs.filter.environment,
        };
        this.components.set(ref, info);
        if (info.serviceTag)
          this.serviceTagToComponent.set(info.serviceTag, ref);
      }
    }
    // children may be declared on either side
    for (const g of this.groups.values()) {
      if (g.parent) {
        const parent = this.groups.get(g.parent);
        if (parent && !parent.children.includes(g.ref))
          parent.children.push(g.ref);
      }
      for (const c of g.children) {
        const child = this.groups.get(c);
        if (child && !child.parent) child.parent = g.ref;
      }
    }
  }

  isShared(serviceTag: string): boolean {
    return this.sharedServices.includes(serviceTag);
  }

  /** The team key a row belongs to: a group name, a raw tag, shared or unallocated. */
  teamKey(teamTag: string, serviceTag: string): string {
    if (teamTag) {
      const group = this.teamTagToGroup.get(teamTag);
      return group ? this.groups.get(group)!.name : teamTag;
    }
    if (serviceTag) {
      if (this.isShared(serviceTag)) return SHARED_KEY;
      const component = this.serviceTagToComponent.get(serviceTag);
      const owner = component
        ? this.components.get(component)!.owner
        : undefined;
      if (owner && this.groups.has(owner)) return this.groups.get(owner)!.name;
    }
    return UNALLOCATED_KEY;
  }

  serviceKey(serviceTag: string, teamTag: string): string {
    if (serviceTag) return this.isShared(serviceTag) ? SHARED_KEY : serviceTag;
    return teamTag ? `(${teamTag}, no service)` : UNALLOCATED_KEY;
  }

  /** Whether spend maps to no catalog entity. */
  isUnallocated(teamTag: string, serviceTag: string): boolean {
    if (serviceTag && this.isShared(serviceTag)) return false;
    if (teamTag && this.teamTagToGroup.has(teamTag)) return false;
    if (serviceTag && this.serviceTagToComponent.has(serviceTag)) return false;
    return true;
  }

  label(dimension: string, key: string): { label: string; entityRef?: string } {
    if (dimension === 'team') {
      const ref = `group:default/${key}`;
      const g = this.groups.get(ref);
      return g ? { label: g.title, entityRef: g.ref } : { label: key };
    }
    if (dimension === 'service') {
      const ref = this.serviceTagToComponent.get(key);
      return ref
        ? { label: this.components.get(ref)!.title, entityRef: ref }
        : { label: key };
    }
    return { label: key };
  }

  /** A group and every group below it. */
  descendants(groupRef: string): GroupInfo[] {
    const out: GroupInfo[] = [];
    const seen = new Set<string>();
    const visit = (ref: string) => {
      if (seen.has(ref)) return;
      seen.add(ref);
      const g = this.groups.get(ref);
      if (!g) return;
      out.push(g);
      g.children.forEach(visit);
    };
    visit(groupRef.toLocaleLowerCase('en-US'));
    return out;
  }

  /** Store filter for everything a group (and its sub-groups) owns. */
  groupFilter(groupRef: string): {
    teams: string[];
    services: string[];
    includes: string[];
  } {
    const groups = this.descendants(groupRef);
    const refs = new Set(groups.map(g => g.ref));
    const teams = groups.flatMap(g => g.teamTags);
    const owned = [...this.components.values()].filter(
      c => c.owner && refs.has(c.owner),
    );
    return {
      teams,
      services: owned.flatMap(c => (c.serviceTag ? [c.serviceTag] : [])),
      includes: [...groups.map(g => g.ref), ...owned.map(c => c.ref)],
    };
  }

  /** Store filter for a team key as shown in breakdowns. */
  teamFilter(teamKey: string) {
    const ref = `group:default/${teamKey}`;
    if (this.groups.has(ref)) return this.groupFilter(ref);
    return { teams: [teamKey], services: [], includes: [] };
  }

  /** The group at the top of the hierarchy (the organisation), if one. */
  roots(): GroupInfo[] {
    return [...this.groups.values()].filter(g => !g.parent);
  }
}

function normalize(ref: string, defaultKind: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}
