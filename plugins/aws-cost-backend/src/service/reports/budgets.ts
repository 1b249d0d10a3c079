import {
  budgetState,
  CostBudget,
  CostBudgets,
  microsToNumber,
} from '@runway/plugin-aws-cost-common';
import { StoreFilter } from '../../store/CostStore';
import { OrgIndex } from '../OrgIndex';
import { ReportContext } from './context';

/**
 * Every budget: those in config (`awsCost.budgets`) and, for entities config
 * does not name, the `runway.io/cost-budget` annotation.
 */
export function budgetsOf(
  configured: Array<{ entityRef: string; monthlyMicros: bigint }>,
  org: OrgIndex,
): Array<{ entityRef: string; monthlyMicros: bigint }> {
  const refs = new Set(configured.map(b => b.entityRef));
  return [
    ...configured,
    ...[...org.budgets.entries()]
      .filter(([ref]) => !refs.has(ref))
      .map(([entityRef, monthlyMicros]) => ({ entityRef, monthlyMicros })),
  ];
}

/** The store filter of what a Group (with its sub-groups) or a Component owns. */
function ownedBy(org: OrgIndex, entityRef: string): StoreFilter {
  if (entityRef.startsWith('group:')) {
    const g = org.groupFilter(entityRef);
    return { resolvedTeam: { teams: g.teams, services: g.services } };
  }
  if (entityRef.startsWith('component:')) {
    // the service tag only when it is attributed to this Component
    const tag = org.components.get(entityRef)?.serviceTag;
    return {
      service: tag && org.serviceOwner(tag) === entityRef ? tag : '\u0000',
    };
  }
  return {};
}

/**
 * Budget against actual (month to date) and the linear month-end forecast
 * per entity with a budget. The organisation's root group is measured on
 * all spend, allocated or not.
 */
export async function budgetsReport(ctx: ReportContext): Promise<CostBudgets> {
  const org = await ctx.orgIndex();
  const asOf = await ctx.queries.asOf();
  const budgets: CostBudget[] = [];
  for (const b of budgetsOf(ctx.config.budgets, org)) {
    const isRoot = org.roots().some(r => r.ref === b.entityRef);
    const f = await ctx.queries.forecastMonthEnd(
      asOf,
      isRoot ? undefined : ownedBy(org, b.entityRef),
    );
    const label =
      org.groups.get(b.entityRef)?.title ??
      org.components.get(b.entityRef)?.title ??
      b.entityRef;
    budgets.push({
      entityRef: b.entityRef,
      label,
      month: asOf.slice(0, 7),
      budget: microsToNumber(b.monthlyMicros),
      actual: microsToNumber(f.monthToDate),
      forecast: microsToNumber(f.forecast),
      state: budgetState(b.monthlyMicros, f.monthToDate, f.forecast),
    });
  }
  return { status: await ctx.queries.status(), budgets };
}
