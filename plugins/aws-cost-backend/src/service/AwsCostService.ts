import {
  CostAnomalies,
  CostBreakdown,
  CostBudgets,
  CostDataStatus,
  CostMovers,
  CostSummary,
  EntityCost,
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
}

/**
 * The `AwsCostService` of the plugin: one module per use case
 * (`reports/*.ts`) over the shared query layer (`ReportQueries`).
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

  status() {
    return this.ctx.queries.status();
  }

  asOf() {
    return this.ctx.queries.asOf();
  }

  summary() {
    return summaryReport(this.ctx);
  }

  breakdown(options: BreakdownOptions) {
    return breakdownReport(this.ctx, options);
  }

  movers(options: MoversOptions) {
    return moversReport(this.ctx, options);
  }

  anomalies() {
    return anomaliesReport(this.ctx);
  }

  budgets() {
    return budgetsReport(this.ctx);
  }

  entityCost(options: EntityCostOptions) {
    return entityCostReport(this.ctx, options);
  }

  async exportFilter(filter: BreakdownFilter) {
    return this.ctx.queries.storeFilter(await this.ctx.orgIndex(), filter);
  }
}
