import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  addDays,
  AllocationPair,
  allocationFilter,
  buildBreakdownRows,
  costChange,
  daysBetween,
  EntityCost,
  Granularity,
  KubernetesShare,
  microsToNumber,
  monthStart,
  TagKeys,
} from '@runway/plugin-aws-cost-common';
import { StoreFilter, SumRow } from '../../store/CostStore';
import { OrgIndex } from '../OrgIndex';
import { ReportContext } from './context';
import { effectiveAllocation } from './entityAllocation';
import { dayOf } from './ReportQueries';

/** Options of one entity's cost report. */
export type EntityCostOptions = {
  entity: Entity;
  from: string;
  to: string;
  granularity: Granularity;
  /**
   * The caller may read every cost report (`aws-cost.report.read`), so the
   * entity's allocation is used as written.
   */
  orgWide?: boolean;
};

/**
 * The store filter of one entity's cost and the entities it covers: a Group
 * covers its own team tag, its sub-groups and the Components they own; a
 * Component the tags of its allocation as `effectiveAllocation` allows them
 * (nothing when it has none).
 */
export function entityScope(
  entity: Entity,
  entityRef: string,
  allocation: AllocationPair[],
  org: OrgIndex,
  tagKeys: TagKeys,
): { filter: StoreFilter; includes: string[] } {
  const own = allocationFilter(allocation, tagKeys).filter;
  if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
    const g = org.groupFilter(entityRef);
    const kubernetes = g.includes.flatMap(r => org.kubernetesWorkloads(r));
    return {
      filter: {
        resolvedTeam: {
          teams: [...new Set([...g.teams, ...(own.team ? [own.team] : [])])],
          services: g.services,
        },
        ...(kubernetes.length ? { kubernetes } : {}),
      },
      includes: g.includes.length ? g.includes : [entityRef],
    };
  }
  const filter: StoreFilter = {};
  if (own.service) filter.service = own.service;
  if (own.team) filter.team = own.team;
  if (own.environment) filter.environment = own.environment;
  if (!own.service && !own.team && !own.environment) filter.service = '\u0000';
  const kubernetes = org.kubernetesWorkloads(entityRef);
  if (kubernetes.length) filter.kubernetes = kubernetes;
  return { filter, includes: [entityRef] };
}

/**
 * One Component's or Group's cost: the series over the range, month to
 * date against the same days of last month, last month, the linear month-end
 * forecast and the top five AWS services.
 */
export async function entityCostReport(
  ctx: ReportContext,
  options: EntityCostOptions,
): Promise<EntityCost> {
  const { queries, config } = ctx;
  const org = await ctx.orgIndex();
  const { entity } = options;
  const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const { allocation, warnings } = effectiveAllocation({
    entity,
    entityRef,
    org,
    tagKeys: config.tagKeys,
    orgWide: options.orgWide ?? false,
  });
  const { filter, includes } = entityScope(
    entity,
    entityRef,
    allocation,
    org,
    config.tagKeys,
  );
  const asOf = await queries.asOf();
  const mStart = monthStart(asOf);
  const lastStart = monthStart(addDays(mStart, -1));
  const lastEnd = addDays(mStart, -1);
  const samePrevEnd = (() => {
    const d = addDays(lastStart, daysBetween(mStart, asOf));
    return d > lastEnd ? lastEnd : d;
  })();
  const [series, top, lastMonth, samePrev, f, status, pods] = await Promise.all(
    [
      queries.sumBy({
        from: options.from,
        to: options.to,
        granularity: options.granularity,
        columns: [],
        filter,
      }),
      queries.sumBy({
        from: options.from,
        to: options.to,
        granularity: 'total',
        columns: ['aws_service'],
        filter,
      }),
      queries.total(lastStart, lastEnd, filter),
      queries.total(lastStart, samePrevEnd, filter),
      queries.forecastMonthEnd(asOf, filter),
      queries.status(),
      filter.kubernetes
        ? queries.sumBy({
            from: options.from,
            to: options.to,
            granularity: 'total',
            columns: ['cluster', 'namespace', 'workload'],
            filter: { kubernetes: filter.kubernetes },
          })
        : Promise.resolve([]),
    ],
  );
  const shaped = buildBreakdownRows({
    rows: series.map(r => ({
      day: dayOf(r.period, options.from),
      key: 'total',
      micros: r.micros,
    })),
    from: options.from,
    to: options.to,
    granularity: options.granularity,
  });
  return {
    status,
    entityRef,
    allocation,
    granularity: options.granularity,
    from: options.from,
    to: options.to,
    monthToDate: microsToNumber(f.monthToDate),
    lastMonth: microsToNumber(lastMonth),
    change: costChange(f.monthToDate, samePrev),
    forecastMonthEnd: microsToNumber(f.forecast),
    series:
      shaped.rows[0]?.series ??
      shaped.periods.map(period => ({ period, micros: 0 })),
    topAwsServices: top
      .map(r => ({ key: r.aws_service, total: microsToNumber(r.micros) }))
      .sort((a, b) => b.total - a.total)
      .slice(0, 5),
    includes,
    ...(filter.kubernetes ? { kubernetes: kubernetesShares(pods) } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

/** Split cost per cluster, namespace and workload, in that order. */
function kubernetesShares(rows: SumRow[]): KubernetesShare[] {
  return rows
    .map(r => ({
      cluster: r.cluster,
      namespace: r.namespace,
      workload: r.workload,
      total: microsToNumber(r.micros),
    }))
    .sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.namespace.localeCompare(b.namespace) ||
        a.workload.localeCompare(b.workload),
    );
}
