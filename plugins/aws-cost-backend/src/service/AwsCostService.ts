import {
  CostAnomalies,
  CostBreakdown,
  CostBudgets,
  CostDataStatus,
  CostMovers,
  CostIncomplete,
  CostSummary,
  EntityCost,
  limitIncomplete,
  RefusedRows,
} from '@runway/plugin-aws-cost-common';
import { AwsCostConfig } from '../config';
import { CostStore, StoreFilter } from '../store/CostStore';
import { OrgIndex } from './OrgIndex';
import { anomaliesReport } from './reports/anomalies';
import { breakdownReport, BreakdownOptions } from './reports/breakdown';
import { budgetsReport } from './reports/budgets';
import { ReportContext } from './reports/context';
import { entityCostReport, EntityCostOptions } from './reports/entityCost';
import { moversReport, MoversOptions } from './reports/movers';
import { BreakdownFilter, ReportQueries } from './reports/ReportQueries';
import { summaryReport } from './reports/summary';

export type { BreakdownFilter } from './reports/ReportQueries';
export type { BreakdownOptions } from './reports/breakdown';
export type { EntityCostOptions } from './reports/entityCost';
export type { MoversOptions } from './reports/movers';

/**
 * Every dashboard answer, computed from the cost store and the catalog's
 * org index. Never calls AWS. The router translates HTTP to these calls.
 */
export interface AwsCostService {
  /** Sources, data age and currency. */
  status(): Promise<CostDataStatus>;
  /** The last day with data (the dashboard's "today"). */
  asOf(): Promise<string>;
  /** The organisation's month so far. */
  summary(): Promise<CostSummary>;
  /** Series per key of a dimension, drilled down by a filter. */
  breakdown(options: BreakdownOptions): Promise<CostBreakdown>;
  /** Largest changes against the previous period. */
  movers(options: MoversOptions): Promise<CostMovers>;
  /** Detected and Cost Explorer anomalies. */
  anomalies(): Promise<CostAnomalies>;
  /** Budget against actual and forecast per entity with a budget. */
  budgets(): Promise<CostBudgets>;
  /** One Component's or Group's cost. */
  entityCost(options: EntityCostOptions): Promise<EntityCost>;
  /** Store filter for the CSV export (same filters as breakdowns). */
  exportFilter(filter: BreakdownFilter): Promise<StoreFilter>;
  /** A page of the rows imports refused, of one source or of all. */
  refusedRows(options: {
    source?: string;
    offset: number;
    limit: number;
  }): Promise<RefusedRows>;
}

/**
 * The `AwsCostService` of the plugin: one module per use case
 * (`reports/*.ts`) over the shared query layer (`ReportQueries`). Every
 * answer is built over a query layer of its own that notes what it reads,
 * and carries `incomplete` when that covers a billing period and account
 * an import did not write because of refused rows.
 */
export class DefaultAwsCostService implements AwsCostService {
  /** Builds the service from the `awsCost` config read at start-up. */
  static fromConfig(
    config: AwsCostConfig,
    deps: { store: CostStore; orgIndex: () => Promise<OrgIndex> },
  ): DefaultAwsCostService {
    return new DefaultAwsCostService({
      queries: new ReportQueries({ store: deps.store, config }),
      config,
      orgIndex: deps.orgIndex,
    });
  }

  constructor(private readonly ctx: ReportContext) {}

  /** Runs one report over its own query layer and marks it when incomplete. */
  private async answer<T extends object>(
    report: (ctx: ReportContext) => Promise<T>,
  ): Promise<T & { incomplete?: CostIncomplete }> {
    const queries = this.ctx.queries.forAnswer();
    const answer = await report({ ...this.ctx, queries });
    const incomplete = await queries.incomplete();
    return incomplete ? { ...answer, incomplete } : answer;
  }

  status() {
    return this.ctx.queries.status();
  }

  asOf() {
    return this.ctx.queries.asOf();
  }

  summary() {
    return this.answer(ctx => summaryReport(ctx));
  }

  breakdown(options: BreakdownOptions) {
    return this.answer(ctx => breakdownReport(ctx, options));
  }

  movers(options: MoversOptions) {
    return this.answer(ctx => moversReport(ctx, options));
  }

  anomalies() {
    return this.answer(ctx => anomaliesReport(ctx));
  }

  budgets() {
    return this.answer(ctx => budgetsReport(ctx));
  }

  async entityCost(options: EntityCostOptions) {
    const answer = await this.answer(ctx => entityCostReport(ctx, options));
    // refused rows hold any account's spend: owners learn the months only
    return options.orgWide || !answer.incomplete
      ? answer
      : { ...answer, incomplete: limitIncomplete(answer.incomplete) };
  }

  async exportFilter(filter: BreakdownFilter) {
    return this.ctx.queries.storeFilter(await this.ctx.orgIndex(), filter);
  }

  async refusedRows(options: {
    source?: string;
    offset: number;
    limit: number;
  }): Promise<RefusedRows> {
    const { refused } = this.ctx.queries;
    const [files, rows] = await Promise.all([
      refused.files(options.source),
      refused.page(options),
    ]);
    return {
      source: options.source ?? null,
      total: files.reduce((n, f) => n + f.refusedRows, 0),
      kept: files.reduce((n, f) => n + f.keptRows, 0),
      offset: options.offset,
      limit: options.limit,
      rows,
      files,
    };
  }
}
