import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  EntityRequestsResponse,
  EntitySlosResponse,
  GateResponse,
  SloDetailResponse,
  SloListResponse,
  TeamComplianceResponse,
} from '@runway/plugin-slo-common';

/**
 * What the SLO backend's router calls: SLOs evaluated against Prometheus,
 * partial results when a source is down. Callers check permissions before
 * calling.
 *
 * @public
 */
export interface SloService {
  /** Whether the Prometheus data is generated sample data. */
  readonly sampleData: boolean;
  /** The environment a request names, else the default; InputError when unknown. */
  environment(env: string | undefined): string;
  /** The SLOs of one entity with their current figures. */
  entitySlos(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntitySlosResponse>;
  /** One SLO with its budget history over its window. */
  sloDetail(
    entityRef: string,
    sloName: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloDetailResponse>;
  /** Every SLO in the catalog the user may see, lowest remaining budget first. */
  listSlos(
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloListResponse>;
  /** Calendar-month compliance of every SLO the team owns. */
  teamCompliance(
    team: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<TeamComplianceResponse>;
  /** Requests per calendar month as the SLOs count them (a Group: its Components'). */
  entityRequests(
    entityRef: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntityRequestsResponse>;
  /** The deploy gate: deny when a budget is low or a fast burn is on. */
  gate(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<GateResponse>;
}
