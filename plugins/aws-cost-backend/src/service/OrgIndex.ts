import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  allocationFilter,
  CONFLICTING_CLAIMS_KEY,
  COST_BUDGET_ANNOTATION,
  costAllocationOf,
  parseMicros,
  TagKeys,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';
import { TrustedEntityCheck } from './trustedLocations';

const KUBERNETES_ID = 'backstage.io/kubernetes-id';
const KUBERNETES_NAMESPACE = 'backstage.io/kubernetes-namespace';

/** Key of shared spend when it is not split across teams. */
export const SHARED_KEY = '(shared)';

type GroupInfo = {
  ref: string;
  name: string;
  title: string;
  parent?: string;
  children: string[];
  teamTags: string[];
  /** Read from a location listed in `catalog.locations`. */
  trusted: boolean;
};

type ComponentInfo = {
  ref: string;
  name: string;
  title: string;
  owner?: string;
  serviceTag?: string;
  teamTag?: string;
  environmentTag?: string;
  /** `backstage.io/kubernetes-id`: the workload name of its pods. */
  kubernetesId?: string;
  /** `backstage.io/kubernetes-namespace`: the namespace, when set. */
  kubernetesNamespace?: string;
  /** Read from a location listed in `catalog.locations`. */
  trusted: boolean;
};

export { trustedLocationCheck } from './trustedLocations';
export type { TrustedEntityCheck } from './trustedLocations';

/**
 * What the catalog says about cost allocation: which tag values belong to
 * which Component and Group, and the group hierarchy for roll-ups.
 *
 * A service tag belongs to one Component at most, never to whichever was
 * read last: a claimant from a trusted location (`catalog.locations`) wins;
 * otherwise a single claimant owns the tag, and two or more untrusted
 * claimants are a conflict (the spend goes to `CONFLICTING_CLAIMS_KEY` and
 * `conflictWarnings()` names the claimants).
 */
export class OrgIndex {
  readonly groups = new Map<string, GroupInfo>();
  readonly components = new Map<string, ComponentInfo>();
  private readonly teamTagToGroup = new Map<string, string>();
  private readonly serviceTagToComponent = new Map<string, string>();
  private readonly kubernetesIdToComponent = new Map<string, string>();
  /** Kubernetes ids claimed by several Components, none served: id to claimants. */
  readonly kubernetesConflicts = new Map<string, string[]>();
  /** Service tags claimed by several Components: tag to claimants. */
  readonly conflicts = new Map<string, string[]>();
  readonly warnings: string[] = [];
  /** Monthly budgets from the `runway.io/cost-budget` annotation, in micros. */
  readonly budgets = new Map<string, bigint>();
  /** Whether an entity comes from a trusted location. */
  readonly isTrusted: TrustedEntityCheck;

  constructor(
    entities: Entity[],
    tagKeys: TagKeys,
    private readonly sharedServices: string[],
    options: { isTrusted?: TrustedEntityCheck } = {},
  ) {
    this.isTrusted = options.isTrusted ?? (() => false);
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
          trusted: this.isTrusted(entity),
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
          kubernetesId: entity.metadata.annotations?.[KUBERNETES_ID],
          kubernetesNamespace:
            entity.metadata.annotations?.[KUBERNETES_NAMESPACE],
          trusted: this.isTrusted(entity),
        };
        this.components.set(ref, info);
      }
    }
    this.resolveServiceClaims();
    this.resolveKubernetesClaims();
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

  /**
   * Gives each service tag to one Component: the trusted claimant, else the
   * only claimant; several trusted, or several untrusted and no trusted
   * claimant, is a conflict. Independent of the order entities came in.
   */
  private resolveServiceClaims() {
    const claims = new Map<string, ComponentInfo[]>();
    for (const c of this.components.values()) {
      // shared values are nobody's: a claim on them attributes nothing
      if (c.serviceTag && !this.isShared(c.serviceTag)) {
        claims.set(c.serviceTag, [...(claims.get(c.serviceTag) ?? []), c]);
      }
    }
    for (const [tag, claimants] of claims) {
      const trusted = claimants.filter(c => c.trusted);
      const candidates = trusted.length ? trusted : claimants;
      if (candidates.length === 1) {
        this.serviceTagToComponent.set(tag, candidates[0].ref);
      } else {
        this.conflicts.set(tag, candidates.map(c => c.ref).sort());
      }
    }
  }

  /**
   * Gives each `backstage.io/kubernetes-id` to one Component, as the EKS
   * plugin serves workloads: the only claimant, else the one claimant from
   * a trusted location; otherwise nobody (conflicting claims).
   */
  private resolveKubernetesClaims() {
    const claims = new Map<string, ComponentInfo[]>();
    for (const c of this.components.values()) {
      if (c.kubernetesId) {
        claims.set(c.kubernetesId, [...(claims.get(c.kubernetesId) ?? []), c]);
      }
    }
    for (const [id, claimants] of claims) {
      const trusted = claimants.filter(c => c.trusted);
      let served: ComponentInfo | undefined;
      if (claimants.length === 1) served = claimants[0];
      else if (trusted.length === 1) served = trusted[0];
      if (served) this.kubernetesIdToComponent.set(id, served.ref);
      else this.kubernetesConflicts.set(id, claimants.map(c => c.ref).sort());
    }
  }

  /**
   * The Kubernetes workloads whose split cost belongs to a Component: its
   * `backstage.io/kubernetes-id` (in `backstage.io/kubernetes-namespace`
   * when set), when the claim rule serves the id to it; none otherwise.
   */
  kubernetesWorkloads(
    componentRef: string,
  ): Array<{ workload: string; namespace?: string }> {
    const c = this.components.get(componentRef.toLocaleLowerCase('en-US'));
    if (!c?.kubernetesId) return [];
    if (this.kubernetesIdToComponent.get(c.kubernetesId) !== c.ref) return [];
    return [
      {
        workload: c.kubernetesId,
        ...(c.kubernetesNamespace ? { namespace: c.kubernetesNamespace } : {}),
      },
    ];
  }

  /** Whether some Component is served a Kubernetes workload (its pods' split cost is routed to it). */
  get routesPods(): boolean {
    return this.kubernetesIdToComponent.size > 0;
  }

  /**
   * The Component a pod's split cost belongs to: the one the claim rule
   * serves its workload to, when the namespace it names (if any) is the
   * pod's; none otherwise.
   */
  podComponent(workload: string, namespace: string): string | undefined {
    const ref = this.kubernetesIdToComponent.get(workload);
    if (!ref) return undefined;
    const claimed = this.components.get(ref)!.kubernetesNamespace;
    return claimed === undefined || claimed === namespace ? ref : undefined;
  }

  /** The team key of a Component's spend: its owning group's name, else unallocated. */
  componentTeamKey(componentRef: string): string {
    const owner = this.components.get(componentRef)?.owner;
    return owner && this.groups.has(owner)
      ? this.groups.get(owner)!.name
      : UNALLOCATED_KEY;
  }

  /** The service key of a Component's spend: its service tag when the tag is its own, else its name. */
  componentServiceKey(componentRef: string): string {
    const c = this.components.get(componentRef)!;
    return c.serviceTag &&
      this.serviceTagToComponent.get(c.serviceTag) === componentRef
      ? c.serviceTag
      : c.name;
  }

  /** The Component a service tag is attributed to, if exactly one. */
  serviceOwner(serviceTag: string): string | undefined {
    return this.serviceTagToComponent.get(serviceTag);
  }

  /** One warning per conflicting service tag, naming its claimants. */
  conflictWarnings(): string[] {
    return [...this.conflicts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([tag, refs]) =>
          `Service tag '${tag}' is claimed by ${refs.join(
            ', ',
          )}; its spend is shown as ${CONFLICTING_CLAIMS_KEY} until one claim remains or one claimant comes from a location in catalog.locations`,
      );
  }

  /** Team tags of a group and every group below it. */
  teamTagsUnder(groupRef: string): string[] {
    return this.descendants(groupRef).flatMap(g => g.teamTags);
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
      if (this.conflicts.has(serviceTag)) return CONFLICTING_CLAIMS_KEY;
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
      if (this.conflicts.has(key)) {
        return { label: `${key} (conflicting claims)` };
      }
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
    // only the service tags attributed to the group's own Components
    const owned = [...this.components.values()].filter(
      c =>
        c.owner &&
        refs.has(c.owner) &&
        (!c.serviceTag || this.serviceOwner(c.serviceTag) === c.ref),
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
    if (teamKey === CONFLICTING_CLAIMS_KEY) {
      return { teams: [], services: [...this.conflicts.keys()], includes: [] };
    }
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
