import {
  addDays,
  CostDataStatus,
  CostDimension,
  CostIncomplete,
  CostRead,
  incompleteOf,
  daysBetween,
  Granularity,
  linearForecast,
  monthEnd,
  monthStart,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';
import { AwsCostConfig } from '../../config';
import {
  CostStore,
  StoreColumn,
  StoreFilter,
  SumRow,
} from '../../store/CostStore';
import { OrgIndex, SHARED_KEY } from '../OrgIndex';
import { KeyedRow, splitSharedRows } from './sharedSplit';

/** Filters a breakdown can be narrowed by (drill-down). */
export type BreakdownFilter = Partial<Record<CostDimension, string>>;

/** Store columns of the dimensions that are plain columns. */
const COLUMN: Record<
  Exclude<CostDimension, 'team' | 'service'>,
  StoreColumn
> = {
  awsService: 'aws_service',
  account: 'account_id',
  environment: 'environment',
  region: 'region',
  chargeType: 'charge_type',
  cluster: 'cluster',
  namespace: 'namespace',
};

/**
 * The day a summed period starts on within a range: the day itself, or the
 * month's first day (not before `from`) for a monthly period.
 */
export function dayOf(period: string, from: string): string {
  if (period.length === 10) return period;
  const first = `${period}-01`;
  return first < from ? from : first;
}

/**
 * The shared query layer of the report use cases: reads the cost store only
 * (never AWS), resolves dimensions and drill-down filters through the
 * catalog's org index, splits shared spend as configured, and forecasts
 * month ends. Amounts stay integer micros.
 *
 * `forAnswer()` gives a layer for one answer that notes every range (and
 * account filter) it reads, so `incomplete()` can mark an answer that
 * covers a billing period and account an import did not write, whichever
 * report built it.
 */
export class ReportQueries {
  constructor(
    private readonly options: {
      store: CostStore;
      config: AwsCostConfig;
      /** The reads of one answer (set by `forAnswer`). */
      reads?: CostRead[];
    },
  ) {}

  private get store() {
    return this.options.store;
  }

  /** The refused rows and the groups not written because of them. */
  get refused() {
    return this.store.refused;
  }

  /** A query layer for one answer, noting what it reads. */
  forAnswer(): ReportQueries {
    return new ReportQueries({ ...this.options, reads: [] });
  }

  private note(
    from: string,
    to: string,
    filter: StoreFilter | undefined,
    forecast: boolean,
  ) {
    this.options.reads?.push({
      from,
      to,
      ...(filter?.account_id !== undefined
        ? { accountId: filter.account_id }
        : {}),
      forecast,
    });
  }

  /**
   * The incomplete marker of the answer built with this layer: the groups
   * imports did not write (refused rows) that its reads cover.
   */
  async incomplete(): Promise<CostIncomplete | undefined> {
    const reads = this.options.reads ?? [];
    if (!reads.length) return undefined;
    return incompleteOf(await this.store.refused.groups(), reads);
  }

  /** The sources, data age and currency every answer carries. */
  async status(): Promise<CostDataStatus> {
    const [sources, lastDay, refused] = await Promise.all([
      this.store.getSyncStatus(),
      this.store.lastDay(),
      this.store.refused.countsBySource(),
    ]);
    const lastSync = sources
      .map(s => s.lastSuccessAt)
      .filter((s): s is string => !!s)
      .sort()
      .pop();
    return {
      currency: this.options.config.currency,
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
        notices: s.notices,
        refusedRows: refused.get(s.source) ?? 0,
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

  /**
   * Sums cost by period and columns (see `CostStore.sumBy`); `forecast`
   * when a forecast is built from them.
   */
  sumBy(
    options: Parameters<CostStore['sumBy']>[0] & { forecast?: boolean },
  ): Promise<SumRow[]> {
    const { forecast, ...query } = options;
    this.note(query.from, query.to, query.filter, forecast ?? false);
    return this.store.sumBy(query);
  }

  /** The total cost of a day range. */
  async total(
    from: string,
    to: string,
    filter?: StoreFilter,
    forecast?: boolean,
  ) {
    const rows = await this.sumBy({
      forecast,
      from,
      to,
      granularity: 'total',
      columns: [],
      filter,
    });
    return rows.reduce((a, r) => a + r.micros, 0n);
  }

  /** Cost Explorer's month-end forecast for a month, when synced. */
  upstreamForecast(month: string): Promise<bigint | undefined> {
    return this.store.forecastFor(month);
  }

  /** Anomalies Cost Explorer reported (stored by the sync). */
  upstreamAnomalies() {
    return this.store.anomalies();
  }

  /** The store filter for a drill-down filter (keys as breakdowns show them). */
  storeFilter(org: OrgIndex, filter: BreakdownFilter): StoreFilter {
    const { sharedServices } = this.options.config;
    const out: StoreFilter = {};
    if (filter.team) {
      if (filter.team === UNALLOCATED_KEY) {
        out.team = '';
      } else if (filter.team === SHARED_KEY) {
        out.team = '';
        out.service = sharedServices;
      } else {
        const f = org.teamFilter(filter.team);
        out.resolvedTeam = { teams: f.teams, services: f.services };
      }
    }
    if (filter.service) {
      if (filter.service === UNALLOCATED_KEY) out.service = '';
      else if (filter.service === SHARED_KEY) {
        out.service = sharedServices;
      } else out.service = filter.service;
    }
    for (const [dim, column] of Object.entries(COLUMN)) {
      const v = filter[dim as CostDimension];
      if (v !== undefined) out[column] = v === '(none)' ? '' : v;
    }
    return out;
  }

  /**
   * Daily (or monthly, or total) sums keyed by the dimension's resolved key:
   * a team or service as the org index names it, else the column's value
   * (`(none)` when empty). Shared spend is split when configured.
   *
   * A pod's split cost (EKS split cost allocation) belongs to the Component
   * its workload is served to (`OrgIndex.podComponent`), whatever tags the
   * node carried: its team and service are that Component's, in the keys and
   * in team and service drill-down filters, so "(shared)" keeps only what
   * no workload claims.
   */
  async keyedRows(options: {
    org: OrgIndex;
    dimension: CostDimension;
    from: string;
    to: string;
    granularity: Granularity | 'total';
    filter: BreakdownFilter;
    /** A forecast is built from the rows. */
    forecast?: boolean;
  }): Promise<KeyedRow[]> {
    const { org, dimension, filter } = options;
    const byTags = dimension === 'team' || dimension === 'service';
    const columns: StoreColumn[] = byTags
      ? ['team', 'service']
      : [COLUMN[dimension]];
    const storeFilter = this.storeFilter(org, filter);
    const routes = org.routesPods;
    const matches = (ref: string) => this.podOwnerMatches(org, filter, ref);
    if (routes) {
      columns.push('team', 'service', 'cluster', 'namespace', 'workload');
      // the drilled-into team's or service's own pods, wherever they ran
      if (filter.team !== undefined || filter.service !== undefined) {
        const pods = [...org.components.keys()]
          .filter(matches)
          .flatMap(ref => org.kubernetesWorkloads(ref));
        if (pods.length) storeFilter.kubernetes = pods;
      }
      for (const [dim, column] of Object.entries(COLUMN)) {
        if (filter[dim as CostDimension] !== undefined) columns.push(column);
      }
    }
    const rows = await this.sumBy({
      from: options.from,
      to: options.to,
      granularity: options.granularity,
      columns: [...new Set(columns)],
      filter: storeFilter,
      forecast: options.forecast,
    });
    const sums = new Map<string, KeyedRow>();
    for (const r of rows) {
      const pod =
        routes && r.cluster ? org.podComponent(r.workload, r.namespace) : '';
      if (pod) {
        // a pod row came in by its node's tags or as the target's pod
        if (!matches(pod) || !this.columnsMatch(r, filter)) continue;
      }
      let key: string;
      if (dimension === 'team') {
        key = pod ? org.componentTeamKey(pod) : org.teamKey(r.team, r.service);
      } else if (dimension === 'service') {
        key = pod
          ? org.componentServiceKey(pod)
          : org.serviceKey(r.service, r.team);
      } else key = r[COLUMN[dimension]] || '(none)';
      const id = `${r.period}\u0000${key}`;
      const sum = sums.get(id);
      if (sum) sum.micros += r.micros;
      else sums.set(id, { period: r.period, micros: r.micros, key });
    }
    const keyed = [...sums.values()];
    if (dimension === 'team' && this.options.config.sharedSplit !== 'none') {
      return splitSharedRows(keyed, this.options.config);
    }
    return keyed;
  }

  /**
   * Whether the Component a pod's cost belongs to is within a drill-down's
   * team and service (always, without them).
   */
  private podOwnerMatches(
    org: OrgIndex,
    filter: BreakdownFilter,
    componentRef: string,
  ): boolean {
    if (filter.team !== undefined) {
      // a group covers the Components of the groups below it too
      const group = `group:default/${filter.team}`;
      const owner = org.components.get(componentRef)?.owner;
      const inTeam = org.groups.has(group)
        ? org.descendants(group).some(g => g.ref === owner)
        : org.componentTeamKey(componentRef) === filter.team;
      if (!inTeam) return false;
    }
    return (
      filter.service === undefined ||
      org.componentServiceKey(componentRef) === filter.service
    );
  }

  /** Whether a row has the drill-down's values of the plain columns. */
  private columnsMatch(row: SumRow, filter: BreakdownFilter): boolean {
    return Object.entries(COLUMN).every(([dim, column]) => {
      const v = filter[dim as CostDimension];
      return v === undefined || (row[column] || '(none)') === v;
    });
  }

  /**
   * Month to date and a linear month-end forecast (the last 7 days' daily
   * rate times the days left) for the rows a filter selects.
   */
  async forecastMonthEnd(asOf: string, filter?: StoreFilter) {
    const rows = await this.sumBy({
      from: addDays(asOf, -6),
      to: asOf,
      granularity: 'daily',
      columns: [],
      filter,
      forecast: true,
    });
    const mtd = await this.total(monthStart(asOf), asOf, filter, true);
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
}

export type { KeyedRow } from './sharedSplit';
