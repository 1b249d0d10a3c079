/*
 * What the owners hear about: the open anomalies and the budgets forecast
 * to be exceeded, as events for `EventNotifier.reconcile`. Pure: the reports
 * are computed by the report use cases (`reports/anomalies.ts`,
 * `reports/budgets.ts`), the routing follows the org index.
 *
 * Trust: a team hears only about spend the org index attributes to it with
 * the rule it uses everywhere (a trusted claimant wins, else the only
 * claimant; conflicting claims attribute nothing). Anything else (untagged,
 * shared or conflicting spend, a group that covers other teams) goes to the
 * managers only.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { OwnerEvent } from '@runway/backend-common';
import {
  CostAnomaly,
  CostBudget,
  formatMoney,
} from '@runway/plugin-aws-cost-common';
import { OrgIndex } from '../OrgIndex';

/** Family (key prefix) of the anomaly events. */
export const ANOMALY_FAMILY = 'cost-anomaly';
/** Family (key prefix) of the budget events. */
export const BUDGET_FAMILY = 'cost-budget';
/** The notifications' topic. */
export const COST_TOPIC = 'cost';
/** The Costs page, for spend that belongs to no entity. */
export const COSTS_PAGE = '/costs';

/** What the events are built with. */
export type CostEventOptions = {
  org: OrgIndex;
  /** The dataset's currency (ISO 4217). */
  currency: string;
  /** Lower-case refs of `runway.permissions.roles.manager`. */
  managers: string[];
  /** The data is the generated sample data set. */
  sample?: boolean;
};

/** The page that explains an entity's cost: its Cost tab. */
export function costTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${[namespace, kind.toLocaleLowerCase('en-US'), name]
    .map(encodeURIComponent)
    .join('/')}/cost`;
}

/**
 * The owner of the Component an anomaly's service is attributed to, if the
 * org index attributes it to exactly one (conflicting claims: none).
 */
export function anomalyOwner(
  anomaly: CostAnomaly,
  org: OrgIndex,
): string | undefined {
  const ref = anomaly.entityRef;
  if (anomaly.dimension !== 'service' || !ref) return undefined;
  if (org.serviceOwner(anomaly.key) !== ref) return undefined;
  return org.components.get(ref)?.owner;
}

/**
 * The team that hears about a budget, if its spend is the team's own: a
 * Group with no sub-groups (a parent covers other teams' spend, and the
 * notifications backend would tell their members too), not the root
 * (measured on all spend), and whose team tags, when not its default one,
 * come from a trusted location; or the owner of a Component its service
 * tag is attributed to.
 */
export function budgetTeam(
  budget: CostBudget,
  org: OrgIndex,
): string | undefined {
  const ref = budget.entityRef;
  const group = org.groups.get(ref);
  if (group) {
    if (!group.parent || group.children.length > 0) return undefined;
    if (!group.trusted && group.teamTags.some(t => t !== group.name)) {
      return undefined;
    }
    return group.ref;
  }
  const component = org.components.get(ref);
  if (
    !component?.serviceTag ||
    org.serviceOwner(component.serviceTag) !== component.ref
  ) {
    return undefined;
  }
  return component.owner;
}

function recipients(owner: string | undefined, managers: string[]) {
  return {
    type: 'entity' as const,
    entityRef: [...new Set([...(owner ? [owner] : []), ...managers])],
  };
}

const whole = (micros: number, currency: string) =>
  formatMoney(micros, currency, { decimals: 0 });
const exact = (micros: number, currency: string) =>
  formatMoney(micros, currency);

/** One event per open anomaly: `cost-anomaly:<anomaly id>`. */
export function anomalyEvents(
  anomalies: CostAnomaly[],
  options: CostEventOptions,
): OwnerEvent[] {
  const { currency, org } = options;
  return anomalies
    .filter(a => a.status === 'open')
    .map(a => {
      const owner = anomalyOwner(a, org);
      const growth =
        a.ratio === null
          ? 'new spend'
          : `+${Math.round((a.ratio - 1) * 100)} %`;
      const top = a.causes[0]?.key.split(' / ')[0];
      const causes = a.causes
        .map(c =>
          c.impact > 0 ? `${c.key} +${exact(c.impact, currency)}` : c.key,
        )
        .join('; ');
      const source =
        a.source === 'cost-explorer'
          ? 'AWS Cost Explorer reports'
          : 'Runway detected';
      const todo = owner
        ? 'Open the Cost tab to see what grew; if it is not expected, find the change (new resources, traffic, a missing tag) and undo it.'
        : 'No single team owns this spend (untagged, shared or claimed by several entities): find the resources, tag them with their service, and settle the claim.';
      return {
        key: `${ANOMALY_FAMILY}:${a.id}`,
        recipients: recipients(owner, options.managers),
        payload: {
          title: `${a.label}: cost anomaly, +${whole(
            a.impact,
            currency,
          )} (${growth})${top ? ` on ${top}` : ''} since ${a.startDay}${
            options.sample ? ' [sample data]' : ''
          }`,
          description: [
            `${source} ${exact(a.actual, currency)} spent from ${
              a.startDay
            } to ${a.lastDay} against ${exact(
              a.expected,
              currency,
            )} expected from the months before: +${exact(a.impact, currency)}.`,
            causes ? `Largest increases: ${causes}.` : '',
            todo,
            options.sample ? 'Sample data.' : '',
          ]
            .filter(Boolean)
            .join(' '),
          link: a.entityRef ? costTabLink(a.entityRef) : COSTS_PAGE,
          severity: 'high',
          topic: COST_TOPIC,
        },
      };
    });
}

/** One event per budget forecast to be exceeded: `cost-budget:<ref>:<month>`. */
export function budgetEvents(
  budgets: CostBudget[],
  options: CostEventOptions,
): OwnerEvent[] {
  const { currency, org } = options;
  return budgets
    .filter(b => b.state !== 'ok')
    .map(b => {
      const over = b.state === 'over';
      const excess = (over ? b.actual : b.forecast) - b.budget;
      const pct =
        b.budget > 0 ? ` (+${Math.round((excess / b.budget) * 100)} %)` : '';
      return {
        key: `${BUDGET_FAMILY}:${b.entityRef}:${b.month}`,
        recipients: recipients(budgetTeam(b, org), options.managers),
        payload: {
          title: `${b.label}: ${
            over ? 'over its budget' : 'forecast to exceed its budget'
          } in ${b.month}, ${whole(
            over ? b.actual : b.forecast,
            currency,
          )} of ${whole(b.budget, currency)}${pct}${
            options.sample ? ' [sample data]' : ''
          }`,
          description: [
            `${exact(b.actual, currency)} spent so far in ${
              b.month
            }; at the last 7 days' rate the month ends at ${exact(
              b.forecast,
              currency,
            )}, against a monthly budget of ${exact(b.budget, currency)}.`,
            'Open the Cost tab to see what grows and cut it; if the spend is expected, raise the budget (awsCost.budgets or the runway.io/cost-budget annotation).',
            options.sample ? 'Sample data.' : '',
          ]
            .filter(Boolean)
            .join(' '),
          link: costTabLink(b.entityRef),
          severity: over ? 'high' : 'normal',
          topic: COST_TOPIC,
        },
      };
    });
}
