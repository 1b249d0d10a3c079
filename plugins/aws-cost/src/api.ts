import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CostAnomalies,
  CostBreakdown,
  CostBudgets,
  CostDimension,
  CostMovers,
  CostSummary,
  EntityCost,
  Granularity,
  RangePresetName,
} from '@runway/plugin-aws-cost-common';

/** A date range and granularity; omitted values use the backend's defaults. @public */
export type CostRange = {
  from?: string;
  to?: string;
  /** A named range ending on the backend's last day with data, instead of from and to. */
  preset?: RangePresetName;
  granularity?: Granularity;
};

/** Drill-down filter, e.g. `{ team: 'team-payments' }`. @public */
export type CostFilter = Partial<Record<CostDimension, string>>;

/**
 * Reads Runway's cost dashboard data from the aws-cost backend (which answers
 * from its store, never from AWS).
 *
 * @public
 */
export interface AwsCostApi {
  /** Month to date, last month, forecast and unallocated spend, with the data's age. */
  getSummary(): Promise<CostSummary>;
  /** Spend per value of one dimension (team, service, AWS service, ...) over a range, drilled down by `filter`. */
  getBreakdown(
    options: CostRange & { dimension: CostDimension; filter?: CostFilter },
  ): Promise<CostBreakdown>;
  /** The values of one dimension whose spend changed most, month to date against the same days before. */
  getMovers(
    options: CostRange & { dimension: CostDimension; limit?: number },
  ): Promise<CostMovers>;
  /** Open cost anomalies: spend well above its recent baseline, with what drove it. */
  getAnomalies(): Promise<CostAnomalies>;
  /** Each budget's month-to-date spend and month-end forecast against its amount. */
  getBudgets(): Promise<CostBudgets>;
  /** One catalog entity's spend (`kind:namespace/name`), as its allocation selects it. */
  getEntityCost(entityRef: string, range?: CostRange): Promise<EntityCost>;
  /** Downloads the CSV export (streamed by the backend) as a Blob. */
  exportCsv(
    options: CostRange & { filter?: CostFilter },
  ): Promise<{ blob: Blob; filename: string }>;
  /**
   * Downloads the rows the imports of a source (or of every source)
   * refused, as CSV: source, file, line, column, reason, billing period,
   * account, currency and cost.
   */
  downloadRefusedRows(options: {
    source?: string;
  }): Promise<{ blob: Blob; filename: string }>;
  /**
   * The requests an entity served per calendar month, as Runway's SLO
   * backend counts them (a Group: the sum over its Components), for cost
   * per request.
   */
  getRequests(entityRef: string, months: number): Promise<EntityRequests>;
}

/**
 * Requests per calendar month from the SLO backend
 * (`GET /api/slo/entity/:kind/:namespace/:name/requests`).
 *
 * @public
 */
export type EntityRequests = {
  entityRef: string;
  /** The SLO environment the requests were counted in. */
  env: string;
  /** The SLO counters summed, one per Component. */
  counters: Array<{ entityRef: string; slo: string }>;
  /** `YYYY-MM`, oldest first; `requests` absent without data. */
  months: Array<{ month: string; requests?: number }>;
  errors: Array<{ source: string; message: string }>;
};

/**
 * The API ref of {@link AwsCostApi} (`plugin.aws-cost.service`).
 *
 * @public
 */
export const awsCostApiRef = createApiRef<AwsCostApi>({
  id: 'plugin.aws-cost.service',
});

function query(params: Record<string, string | number | undefined>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** `/entity/:kind/:namespace/:name` of `kind:namespace/name`. */
function entityPath(entityRef: string) {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/entity/${encodeURIComponent(kind)}/${encodeURIComponent(
    namespace,
  )}/${encodeURIComponent(name)}`;
}

/** The file name a download's Content-Disposition gives, else `fallback`. */
function filenameOf(res: Response, fallback: string) {
  const disposition = res.headers.get('content-disposition') ?? '';
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallback;
}

/**
 * {@link AwsCostApi} over the backend's HTTP API.
 *
 * @public
 */
export class AwsCostClient implements AwsCostApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** {@inheritDoc AwsCostApi.getSummary} */
  getSummary() {
    return this.get<CostSummary>('/summary');
  }

  /** {@inheritDoc AwsCostApi.getBreakdown} */
  getBreakdown(
    options: CostRange & { dimension: CostDimension; filter?: CostFilter },
  ) {
    const { filter, ...rest } = options;
    return this.get<CostBreakdown>(
      `/breakdown${query({ ...rest, ...filter })}`,
    );
  }

  /** {@inheritDoc AwsCostApi.getMovers} */
  getMovers(options: CostRange & { dimension: CostDimension; limit?: number }) {
    const { granularity: _ignored, ...rest } = options;
    return this.get<CostMovers>(`/movers${query(rest)}`);
  }

  /** {@inheritDoc AwsCostApi.getAnomalies} */
  getAnomalies() {
    return this.get<CostAnomalies>('/anomalies');
  }

  /** {@inheritDoc AwsCostApi.getBudgets} */
  getBudgets() {
    return this.get<CostBudgets>('/budgets');
  }

  /** {@inheritDoc AwsCostApi.getEntityCost} */
  getEntityCost(entityRef: string, range: CostRange = {}) {
    return this.get<EntityCost>(`${entityPath(entityRef)}${query(range)}`);
  }

  /** {@inheritDoc AwsCostApi.getRequests} */
  async getRequests(entityRef: string, months: number) {
    const base = await this.options.discoveryApi.getBaseUrl('slo');
    const res = await this.options.fetchApi.fetch(
      `${base}${entityPath(entityRef)}/requests${query({ months })}`,
    );
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as EntityRequests;
  }

  /** {@inheritDoc AwsCostApi.exportCsv} */
  async exportCsv(options: CostRange & { filter?: CostFilter }) {
    const { filter, granularity: _ignored, ...rest } = options;
    const res = await this.fetch(`/export.csv${query({ ...rest, ...filter })}`);
    return {
      blob: await res.blob(),
      filename: filenameOf(res, 'aws-cost.csv'),
    };
  }

  /** {@inheritDoc AwsCostApi.downloadRefusedRows} */
  async downloadRefusedRows(options: { source?: string }) {
    const res = await this.fetch(
      `/refused-rows${query({ source: options.source, format: 'csv' })}`,
    );
    return { blob: await res.blob(), filename: filenameOf(res, 'refused.csv') };
  }

  private async fetch(path: string) {
    const base = await this.options.discoveryApi.getBaseUrl('aws-cost');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return res;
  }

  private async get<T>(path: string): Promise<T> {
    return (await (await this.fetch(path)).json()) as T;
  }
}
