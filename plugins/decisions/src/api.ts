import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AdrListResponse,
  DocsHealthResponse,
} from '@runway/plugin-decisions-common';

/**
 * Reads decisions and docs health from the Decisions backend.
 *
 * @public
 */
export interface DecisionsApi {
  /** Every ADR the user may see, or one entity's (`kind:namespace/name`). */
  listAdrs(options?: { entityRef?: string }): Promise<AdrListResponse>;
  /** Runbook freshness and services without a runbook, per owner. */
  docsHealth(): Promise<DocsHealthResponse>;
}

/**
 * Reference to the {@link DecisionsApi} implementation the Decisions pages
 * and entity cards use.
 *
 * @public
 */
export const decisionsApiRef = createApiRef<DecisionsApi>({
  id: 'plugin.decisions.service',
});

/**
 * {@link DecisionsApi} over the backend's HTTP API.
 *
 * @public
 */
export class DecisionsClient implements DecisionsApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** {@inheritDoc DecisionsApi.listAdrs} */
  async listAdrs(
    options: { entityRef?: string } = {},
  ): Promise<AdrListResponse> {
    const query = options.entityRef
      ? `?entity=${encodeURIComponent(options.entityRef)}`
      : '';
    return this.get<AdrListResponse>(`/adrs${query}`);
  }

  /** {@inheritDoc DecisionsApi.docsHealth} */
  async docsHealth(): Promise<DocsHealthResponse> {
    return this.get<DocsHealthResponse>('/health');
  }

  private async get<T>(path: string): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl('decisions');
    const res = await this.options.fetchApi.fetch(`${base}${path}`);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
