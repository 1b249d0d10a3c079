import {
  addDays,
  anomalyCauses,
  budgetState,
  buildBreakdownRows,
  costChange,
  CostAnomalies,
  CostAnomaly,
  CostBreakdown,
  CostBudgets,
  CostDataStatus,
  CostDimension,
  CostMovers,
  CostSummary,
  daysBetween,
  detectAnomalies,
  EntityCost,
  forecastPoints,
  Granularity,
  linearForecast,
  microsToNumber,
  monthEnd,
  monthStart,
  previousPeriod,
  splitShared,
  topMovers,
  toMicros,
  UNALLOCATED_KEY,
  AllocationPair,
} from '@runway/plugin-aws-cost-common';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  allocationFilter,
  costAllocationOf,
} from '@runway/plugin-aws-cost-common';
import { AwsCostConfig } from '../config';
import { CostStore, StoreColumn, StoreFilter } from '../store/CostStore';
import { OrgIndex, SHARED_KEY } from './OrgIndex';

const COLUMN: Record<
  Exclude<CostDimension, 'team' | 'service'>,
  StoreColumn
> = {
  awsService: 'aws_service',
  account: 'account_id',
  environment: 'environment',
  region: 'region',
  chargeType: 'charge_type',
};

/** Filters a breakdown can be narrowed by (drill-down). */
export type BreakdownFilter = Partial<Record<CostDimension, string>>;

type Row = Record<string, string> & { period: string; micros: bigint };

/**
 * Computes every dashboard answer from the cost store and the catalog's org
 * index. Never calls AWS.
 */
export class ReportService {
  constructor(
    private readonly options: {
      store: CostStore;
      config: AwsCostConfig;
      orgIndex: () => Promise<OrgIndex>;
    },
  ) {}

  private get store() {
    return this.options.store;
  }

  async status(): Promise<CostDataStatus> {
    const [sources, lastDay, currencies] = await Promise.all([
      this.store.getSyncStatus(),
      this.store.lastDay(),
      this.store.currencies(),
    ]);
    const lastSync = sources
      .map(s => s.lastSuccessAt)
      .filter((s): s is string => !!s)
      .sort()
      .pop();
    return {
      currency: currencies[0] ?? 'USD',
      sample: sources.some(s => s.sample),
      lastDay,
      lastSyncAt: lastSync ?? null,
      sources: sources.map(s => ({
        source: s.source,
        type: s.type as CostDataStatus['sources'][0]['type'],
        sample: s.sample,
        lastSuccessAt: s.lastSuccessAt,
        lastAttemptAt: s.lastAttemptAt,
        lastError: s.lastError,
        lastDay: s.lastDay,
        callsToday: s.callsToday,
      })),
    };
  }

  /** The last day with data (the dashboard's "today"). */
  async asOf(): Promise<string> {
    return (
      (await this.store.lastDay()) ??
      addDays(new Date().toISOString().slice(0, 10), -1)
    );
  }

  private async storeFilter(
    org: OrgIndex,
    filter: BreakdownFilter,
  ): Promise<StoreFilter> {
    const out: StoreFilter = {};
    if (filter.team) {
      if (filter.team === UNALLOCATED_KEY) {
        out.team = '';
      } else if (filter.team === SHARED_KEY) {
        out.team = '';
        out.service = this.options.config.sharedServices;
      } else {
        const f = org.teamFilter(filter.team);
        out.resolvedTeam = { teams: f.teams, services: f.services };
      }
    }
    if (filter.service) {
      if (filter.service === UNALLOCATED_KEY) out.service = '';
      else if (filter.service === SHARED_KEY) {
        out.service = this.options.config.sharedServices;
      } else out.service = filter.service;
    }
    for (const [dim, column] of Object.entries(COLUMN)) {
      const v = filter[dim as CostDimension];
      if (v !== undefined) out[column] = v === '(none)' ? '' : v;
    }
    return out;
  }

  /** Daily (or monthly) rows keyed by the dimension's resolved key. */
  private async keyedRows(options: {
    org: OrgIndex;
    dimension: CostDimension;
    from: string;
    to: string;
    granularity: Granularity | 'total';
    filter: BreakdownFilter;
  }): Promise<Array<{ period: string; key: string; micros: bigint }>> {
    const { org, dimension } = options;
    const columns: StoreColumn[] =
      dimension === 'team' || dimension === 'service'
        ? ['team', 'service']
        : [COLUMN[dimension]];
    const rows: Row[] = await this.store.sumBy({
      from: options.from,
      to: options.to,
      granularity: options.granularity,
      columns,
      filter: await this.storeFilter(org, options.filter),
    });
    const keyOf = (r: Row) => {
      if (dimension === 'team') return org.teamKey(r.team, r.service);
      if (dimension === 'service') return org.serviceKey(r.service, r.team);
      return r[COLUMN[dimension]] || '(none)';
    };
    const keyed = rows.map(r => ({
      period: r.period,
      micros: r.micros,
      key: keyOf(r),
    }));
    if (dimension === 'team' && this.options.config.sharedSplit !== 'none') {
      return this.splitSharedRows(keyed);
    }
    return keyed;
  }

  /** Spreads the shared bucket over teams, per period, by the declared key. */
  private splitSharedRows(
    rows: Array<{ period: string; key: string; micros: bigint }>,
  ) {
    const byPeriod = new Map<string, Map<string, bigint>>();
    for (const r of rows) {
      const m = byPeriod.get(r.period) ?? new Map<string, bigint>();
      m.set(r.key, (m.get(r.key) ?? 0n) + r.micros);
      byPeriod.set(r.period, m);
    }
    const out: Array<{ period: string; key: string; micros: bigint }> = [];
    for (const [period, m] of byPeriod) {
      const shared = m.get(SHARED_KEY) ?? 0n;
      m.delete(SHARED_KEY);
      const weights =
        this.options.config.sharedSplit === 'weights'
          ? Object.entries(this.options.config.sharedWeights).map(
              ([key, w]) => ({ key, weight: w }),
            )
          : [...m.entries()]
              .filter(([k]) => k !== UNALLOCATED_KEY)
              .map(([key, v]) => ({ key, weight: v > 0n ? v : 0n }));
      const parts = splitShared({ shared, weights });
      if (shared !== 0n && parts.length === 0) m.set(SHARED_KEY, shared);
      for (const p of parts)
        m.set(p.key, (m.get(p.key) ?? 0n) + toMicros(p.micros));
      for (const [key, micros] of m) out.push({ period, key, micros });
    }
    return out;
  }

  private dayOf(period: string, from: string) {
    if (period.length === 10) return period;
    const first = `${period}-01`;
    return first < from ? from : first;
  }

  async breakdown(options: {
    dimension: CostDimension;
    from: string;
    to: string;
    granularity: Granularity;
    filter: BreakdownFilter;
  }): Promise<CostBreakdown> {
    const org = await this.options.orgIndex();
    const prev = previousPeriod(options.from, options.to);
    const [rows, previous, status, asOf] = await Promise.all([
      this.keyedRows({ org, ...options }),
      this.keyedRows({ org, ...options, ...prev, granularity: 'total' }),
      this.status(),
      this.asOf(),
    ]);
    const shaped = buildBreakdownRows({
      rows: rows.map(r => ({
        day: this.dayOf(r.period, options.from),
        key: r.key,
        micros: r.micros,
      })),
      previous,
      from: options.from,
      to: options.to,
      granularity: options.granularity,
      label: key => org.label(options.dimension, key),
    });
    let forecast;
    if (options.to >= monthStart(asOf) && options.to >= asOf) {
      const daily = await this.keyedRows({
        org,
        ...options,
        from: addDays(asOf, -6),
        to: asOf,
        granularity: 'daily',
      });
      const mtd = await this.keyedRows({
        org,
        ...options,
        from: monthStart(asOf),
        to: asOf,
        granularity: 'total',
      });
      const f = linearForecast({
        daily: [...daily.map(d => ({ day: d.period, micros: d.micros }))],
        asOf,
      });
      const mtdTotal = mtd.reduce((a, r) => a + r.micros, 0n);
      const left = BigInt(daysBetween(asOf, monthEnd(asOf)));
      forecast = forecastPoints({
        asOf,
        dailyRate: f.dailyRate,
        forecastMonthEnd: mtdTotal + f.dailyRate * left,
        granularity: options.granularity,
      }).filter(
        p =>
          p.period <=
          options.to.slice(0, options.granularity === 'daily' ? 10 : 7),
      );
    }
    return {
      status,
      dimension: options.dimension,
      granularity: options.granularity,
      from: options.from,
      to: options.to,
      filter: options.filter,
      ...shaped,
      ...(forecast ? { forecast } : {}),
    };
  }

  async movers(options: {
    dimension: CostDimension;
    from: string;
    to: string;
    limit: number;
    filter: BreakdownFilter;
  }): Promise<CostMovers> {
    const org = await this.options.orgIndex();
    const prev = previousPeriod(options.from, options.to);
    const [current, previous, status] = await Promise.all([
      this.keyedRows({ org, ...options, granularity: 'total' }),
      this.keyedRows({ org, ...options, ...prev, granularity: 'total' }),
      this.status(),
    ]);
    return {
      status,
      dimension: options.dimension,
      from: options.from,
      to: options.to,
      previousFrom: prev.from,
      previousTo: prev.to,
      movers: topMovers({
        current,
        previous,
        limit: options.limit,
        label: key => org.label(options.dimension, key),
      }),
    };
  }

  private async forecastMonthEnd(asOf: string, filter?: StoreFilter) {
    const rows = await this.store.sumBy({
      from:
        addDays(monthStart(asOf), -7) < addDays(asOf, -6)
          ? addDays(asOf, -6)
          : addDays(asOf, -6),
      to: asOf,
      granularity: 'daily',
      columns: [],
      filter,
    });
    const mtdRows = await this.store.sumBy({
      from: monthStart(asOf),
      to: asOf,
      granularity: 'total',
      columns: [],
      filter,
    });
    const mtd = mtdRows.reduce((a, r) => a + r.micros, 0n);
    const f = linearForecast({
      daily: rows.map(r => ({ day: r.period, micros: r.micros })),
      asOf,
    });
    const left = BigInt(daysBetween(asOf, monthEnd(asOf)));
    return {
      monthToDate: mtd,
      forecast: mtd + f.dailyRate * left,
      dailyRate: f.dailyRate,
    };
  }

  async summary(): Promise<CostSummary> {
    const org = await this.options.orgIndex();
    const asOf = await this.asOf();
    const mStart = monthStart(asOf);
    const lastStart = monthStart(addDays(mStart, -1));
    const lastEnd = addDays(mStart, -1);
    const samePrevEnd = (() => {
      const d = addDays(lastStart, daysBetween(mStart, asOf));
      return d > lastEnd ? lastEnd : d;
    })();
    const total = async (from: string, to: string) =>
      (
        await this.store.sumBy({ from, to, granularity: 'total', columns: [] })
      ).reduce((a, r) => a + r.micros, 0n);
    const [lastMonth, samePrev, f, byTag, ceForecast, anomalies, status] =
      await Promise.all([
        total(lastStart, lastEnd),
        total(lastStart, samePrevEnd),
        this.forecastMonthEnd(asOf),
        this.store.sumBy({
          from: mStart,
          to: asOf,
          granularity: 'total',
          columns: ['team', 'service'],
        }),
        this.store.forecastFor(asOf.slice(0, 7)),
        this.anomalies(),
        this.status(),
      ]);
    const unallocated = byTag
      .filter(r => org.isUnallocated(r.team, r.service))
      .reduce((a, r) => a + r.micros, 0n);
    return {
      status,
      asOf,
      monthToDate: microsToNumber(f.monthToDate),
      lastMonth: microsToNumber(lastMonth),
      change: costChange(f.monthToDate, samePrev),
      forecastMonthEnd: microsToNumber(ceForecast ?? f.forecast),
      forecastSource: ceForecast !== undefined ? 'cost-explorer' : 'linear',
      unallocatedMonthToDate: microsToNumber(unallocated),
      openAnomalies: anomalies.anomalies.filter(a => a.status === 'open')
        .length,
    };
  }

  async anomalies(): Promise<CostAnomalies> {
    const org = await this.options.orgIndex();
    const asOf = await this.asOf();
    const baselineStart = monthStart(
      addDays(
        monthStart(addDays(monthStart(addDays(monthStart(asOf), -1)), -1)),
        -1,
      ),
    );
    const cfg = this.options.config;
    const daily = await this.keyedRows({
      org,
      dimension: 'service',
      from: baselineStart,
      to: asOf,
      granularity: 'daily',
      filter: { chargeType: 'Usage' },
    });
    const detected = detectAnomalies({
      dimension: 'service',
      daily: daily
        .filter(d => d.key !== UNALLOCATED_KEY)
        .map(d => ({ day: d.period, key: d.key, micros: d.micros })),
      asOf,
      threshold: cfg.anomalyThreshold,
      minImpact: cfg.anomalyMinImpactMicros,
      label: key => org.label('service', key),
    });
    const mStart = monthStart(asOf);
    const scale = {
      numerator: daysBetween(mStart, asOf) + 1,
      denominator: daysBetween(baselineStart, mStart),
    };
    for (const a of detected) {
      const sub = async (from: string, to: string) =>
        (
          await this.store.sumBy({
            from,
            to,
            granularity: 'total',
            columns: ['aws_service', 'usage_type'],
            filter: { service: a.key, charge_type: 'Usage' },
          })
        ).map(r => ({
          key: `${r.aws_service} / ${r.usage_type}`,
          micros: r.micros,
        }));
      a.causes = anomalyCauses({
        dimension: 'awsService',
        current: await sub(mStart, asOf),
        baseline: await sub(baselineStart, addDays(mStart, -1)),
        scale,
      });
    }
    // untagged spend that appeared or grew: by account and usage type
    const untagged = await this.store.sumBy({
      from: baselineStart,
      to: asOf,
      granularity: 'daily',
      columns: ['account_id', 'aws_service', 'usage_type'],
      filter: { team: '', service: '', charge_type: 'Usage' },
    });
    const untaggedAnomalies = detectAnomalies({
      dimension: 'service',
      daily: untagged.map(r => ({
        day: r.period,
        key: `${r.account_id}|${r.aws_service}|${r.usage_type}`,
        micros: r.micros,
      })),
      asOf,
      threshold: cfg.anomalyThreshold,
      minImpact: cfg.anomalyMinImpactMicros,
      allowNew: true,
    }).map((a): CostAnomaly => {
      const [account, awsService, usageType] = a.key.split('|');
      return {
        ...a,
        id: `detected:untagged:${a.key}:${mStart.slice(0, 7)}`,
        key: UNALLOCATED_KEY,
        label: `Untagged ${usageType} (${awsService}) in account ${account}`,
        causes: [
          {
            dimension: 'awsService',
            key: `${awsService} / ${usageType}`,
            impact: a.impact,
          },
        ],
      };
    });
    const fromCe: CostAnomaly[] = (await this.store.anomalies()).map(s => {
      const key = s.dimensionValue || s.accountId;
      const named = org.label('service', key);
      return {
        id: s.id,
        source: 'cost-explorer',
        dimension: 'service',
        key,
        label: named.label,
        ...(named.entityRef ? { entityRef: named.entityRef } : {}),
        startDay: s.startDay,
        lastDay: s.endDay ?? asOf,
        expected: microsToNumber(s.expectedMicros),
        actual: microsToNumber(s.actualMicros),
        impact: microsToNumber(s.impactMicros),
        ratio:
          s.expectedMicros === 0n
            ? null
            : Number(s.actualMicros) / Number(s.expectedMicros),
        status: s.endDay && s.endDay < asOf ? 'closed' : 'open',
        causes: s.causes.map(c => ({
          dimension: 'awsService' as const,
          key: c.key,
          impact: 0,
        })),
      };
    });
    const anomalies = [...detected, ...untaggedAnomalies, ...fromCe].sort(
      (x, y) => y.impact - x.impact,
    );
    return { status: await this.status(), anomalies };
  }

  async budgets(): Promise<CostBudgets> {
    const org = await this.options.orgIndex();
    const asOf = await this.asOf();
    const budgets = [];
    const configured = new Set(
      this.options.config.budgets.map(b => b.entityRef),
    );
    const all = [
      ...this.options.config.budgets,
      ...[...org.budgets.entries()]
        .filter(([ref]) => !configured.has(ref))
        .map(([entityRef, monthlyMicros]) => ({ entityRef, monthlyMicros })),
    ];
    for (const b of all) {
      let filter: StoreFilter = {};
      if (b.entityRef.startsWith('group:')) {
        const g = org.groupFilter(b.entityRef);
        filter = { resolvedTeam: { teams: g.teams, services: g.services } };
      } else if (b.entityRef.startsWith('component:')) {
        filter = {
          service: org.components.get(b.entityRef)?.serviceTag ?? '\u0000',
        };
      }
      const isRoot = org.roots().some(r => r.ref === b.entityRef);
      const f = await this.forecastMonthEnd(asOf, isRoot ? undefined : filter);
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
    return { status: await this.status(), budgets };
  }

  async entityCost(options: {
    entity: Entity;
    from: string;
    to: string;
    granularity: Granularity;
  }): Promise<EntityCost> {
    const org = await this.options.orgIndex();
    const { entity } = options;
    const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
    const allocation: AllocationPair[] = costAllocationOf(
      entity,
      this.options.config.tagKeys,
    );
    let filter: StoreFilter;
    let includes: string[] = [entityRef];
    if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
      const g = org.groupFilter(entityRef);
      const own = allocationFilter(allocation, this.options.config.tagKeys)
        .filter.team;
      filter = {
        resolvedTeam: {
          teams: [...new Set([...g.teams, ...(own ? [own] : [])])],
          services: g.services,
        },
      };
      includes = g.includes.length ? g.includes : includes;
    } else {
      const f = allocationFilter(
        allocation,
        this.options.config.tagKeys,
      ).filter;
      filter = {};
      if (f.service) filter.service = f.service;
      if (f.team) filter.team = f.team;
      if (f.environment) filter.environment = f.environment;
      if (!f.service && !f.team && !f.environment) filter.service = '\u0000';
    }
    const asOf = await this.asOf();
    const mStart = monthStart(asOf);
    const lastStart = monthStart(addDays(mStart, -1));
    const samePrevEnd = (() => {
      const d = addDays(lastStart, daysBetween(mStart, asOf));
      return d > addDays(mStart, -1) ? addDays(mStart, -1) : d;
    })();
    const sum = async (from: string, to: string) =>
      (
        await this.store.sumBy({
          from,
          to,
          granularity: 'total',
          columns: [],
          filter,
        })
      ).reduce((a, r) => a + r.micros, 0n);
    const [series, top, lastMonth, samePrev, f, status] = await Promise.all([
      this.store.sumBy({
        from: options.from,
        to: options.to,
        granularity: options.granularity,
        columns: [],
        filter,
      }),
      this.store.sumBy({
        from: options.from,
        to: options.to,
        granularity: 'total',
        columns: ['aws_service'],
        filter,
      }),
      sum(lastStart, addDays(mStart, -1)),
      sum(lastStart, samePrevEnd),
      this.forecastMonthEnd(asOf, filter),
      this.status(),
    ]);
    const shaped = buildBreakdownRows({
      rows: series.map(r => ({
        day: this.dayOf(r.period, options.from),
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
    };
  }

  /** Store filter for the export (same filters as breakdowns). */
  async exportFilter(filter: BreakdownFilter): Promise<StoreFilter> {
    return this.storeFilter(await this.options.orgIndex(), filter);
  }
}
