import {
  createApiRef,
  DiscoveryApi,
  FetchApi,
} from '@backstage/frontend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityTemplateResponse,
  FleetResponse,
  UpgradeResponse,
} from '@runway/plugin-template-upgrades-common';

/**
 * Reads which template version each service is on, and opens upgrade
 * requests, through the template upgrades backend.
 *
 * @public
 */
export interface TemplateUpgradesApi {
  /**
   * Every template with the services made from it that the caller may read.
   * Fails with a 403 `ResponseError` without `template-upgrades.read`.
   */
  getFleet(): Promise<FleetResponse>;
  /**
   * One service (`kind:namespace/name`): its template status, absent when it
   * was not made from a template Runway knows, and whether the caller may
   * upgrade it.
   */
  getEntityStatus(entityRef: string): Promise<EntityTemplateResponse>;
  /**
   * Opens an upgrade request to the template's latest version for one
   * service, or returns the open one for that version (`created: false`).
   * Fails with a 403 `ResponseError` when the caller may not upgrade it and a
   * 409 when the service is not behind or cannot be upgraded.
   */
  upgrade(entityRef: string): Promise<UpgradeResponse>;
}

/**
 * Reference to the {@link TemplateUpgradesApi} implementation the Templates
 * page and the Template card use.
 *
 * @public
 */
export const templateUpgradesApiRef = createApiRef<TemplateUpgradesApi>({
  id: 'plugin.template-upgrades.service',
});

/** `component:default/checkout-api` -> `component/default/checkout-api` */
function refPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

/**
 * {@link TemplateUpgradesApi} over the backend's HTTP API. Failures throw a
 * `ResponseError` carrying the status and the backend's error message.
 *
 * @public
 */
export class TemplateUpgradesClient implements TemplateUpgradesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  /** {@inheritDoc TemplateUpgradesApi.getFleet} */
  getFleet() {
    return this.request<FleetResponse>('/fleet');
  }

  /** {@inheritDoc TemplateUpgradesApi.getEntityStatus} */
  getEntityStatus(entityRef: string) {
    return this.request<EntityTemplateResponse>(
      `/entity/${refPath(entityRef)}`,
    );
  }

  /** {@inheritDoc TemplateUpgradesApi.upgrade} */
  upgrade(entityRef: string) {
    return this.request<UpgradeResponse>(
      `/entity/${refPath(entityRef)}/upgrade`,
      { method: 'POST' },
    );
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const base = await this.options.discoveryApi.getBaseUrl(
      'template-upgrades',
    );
    const res = await this.options.fetchApi.fetch(`${base}${path}`, init);
    if (!res.ok) throw await ResponseError.fromResponse(res);
    return (await res.json()) as T;
  }
}
