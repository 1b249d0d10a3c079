import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntitySlosResponse,
  SloDetailResponse,
  SloListResponse,
  TeamComplianceResponse,
} from '@runway/plugin-slo-common';

/**
 * Reads SLOs and error budgets from the SLO backend.
 *
 * @public
 */
export interface SloApi {
  /** Whether the figures come from make dev's sample history. */
  getConfig(): Promise<{ sampleData: boolean }>;
  /** Every SLO the user may see, lowest remaining budget first. */
  listSlos(): Promise<SloListResponse>;
  /** The SLOs of one entity (`kind:namespace/name`). */
  getEntitySlos(entityRef: string): Promise<EntitySlosResponse>;
  /** One SLO with its budget history. */
  getSloDetail(entityRef: string, slo: string): Promise<SloDetailResponse>;
  /** Calendar-month compliance of a team's SLOs. */
  getTeamCompliance(
    team: string,
    months?: number,
  ): Promise<TeamComplianceResponse>;
}

/**
 * Reference to the {@link SloApi} implementation the SLO pages and entity
 * tab use.
 *
 * @public
 */
export const sloApiRef = createApiRef<SloApi>({ id: 'plugin.slo.service' });

function refPath(entityRef: string): string {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  if (!match) throw new Error(`Not a full entity ref: ${entityRef}`);
  return match.slice(1).map(encodeURIComponent).join('/');
}

/**
 * {@link SloApi} over the backend's HTTP API.
 *
 * @public
 */
export class SloClient implements SloApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** {@inheritDoc SloApi.getConfig} */
  getConfig() {
    return this.get<{ sampleData: boolean }>('/config');
  }

  /** {@inheritDoc SloApi.listSlos} */
  listSlos() {
    return this.get<SloListResponse>('/slos');
  }

  /** {@inheritDoc SloApi.getEntitySlos} */
  getEntitySlos(entityRef: string) {
    return this.get<EntitySlosResponse>(`/entity/${refPath(entityRef)}`);
  }

  /** {@inheritDoc SloApi.getSloDetail} */
  getSloDetail(entityRef: string, slo: string) {
    return this.get<SloDetailResponse>(
      `/entity/${refPath(entityRef)}/slos/${encodeURIComponent(slo)}`,
    );
  }

  /** {@inheritDoc SloApi.getTeamCompliance} */
  getTeamCompliance(team: string, months = 6) {
    return this.get<TeamComplianceResponse>(
      `/teams/${encodeURIComponent(team)}/compliance?months=${months}`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('slo');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
