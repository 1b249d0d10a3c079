import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityRequestsResponse,
  EntitySlosResponse,
  GateResponse,
  SloDetailResponse,
  SloListResponse,
  TeamComplianceResponse,
} from '@runway/plugin-slo-common';
import { SloSettings } from '../config';
import { createSloCaches } from './evaluation/caches';
import { PrometheusSources } from './evaluation/PrometheusSources';
import { SloEvaluator } from './evaluation/SloEvaluator';
import { SourceHealthListener } from './evaluation/types';
import { DefaultSloCatalog } from './SloCatalog';
import { SloDefinitionSource } from './SloDefinitions';
import type { SloService } from './SloService';
import { DeployGate } from './useCases/deployGate';
import { EntitySlos } from './useCases/entitySlos';
import { SloDetail } from './useCases/sloDetail';
import { SloList } from './useCases/sloList';
import { EntityRequests } from './useCases/entityRequests';
import { TeamCompliance } from './useCases/teamCompliance';

/**
 * Options of {@link DefaultSloService}.
 *
 * @public
 */
export type SloServiceOptions = {
  /** Everything but `notifications` (the notification check's own). */
  settings: Omit<SloSettings, 'notifications'>;
  definitions: SloDefinitionSource;
  catalog: Pick<CatalogService, 'getEntityByRef' | 'getEntities'>;
  logger: LoggerService;
  /** Unix seconds; defaults to the wall clock. */
  clock?: () => number;
  /** Told whether each Prometheus call succeeded. */
  onSourceHealth?: SourceHealthListener;
};

/**
 * The {@link SloService} of the plugin: one module per use case over the
 * shared evaluation layer (`SloEvaluator`: recording-rule series first,
 * raw expressions when the rules are not there; short-TTL caches shared by
 * concurrent requests; partial results when a source is down). This class
 * only composes them.
 *
 * @public
 */
export class DefaultSloService implements SloService {
  readonly #settings: SloServiceOptions['settings'];
  readonly #sources: PrometheusSources;
  readonly #entitySlos: EntitySlos;
  readonly #sloDetail: SloDetail;
  readonly #sloList: SloList;
  readonly #teamCompliance: TeamCompliance;
  readonly #entityRequests: EntityRequests;
  readonly #gate: DeployGate;

  constructor(options: SloServiceOptions) {
    const { settings, definitions } = options;
    const clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
    const catalog = new DefaultSloCatalog({ catalog: options.catalog });
    this.#settings = settings;
    this.#sources = new PrometheusSources({
      sources: settings.sources,
      defaultEnvironment: settings.defaultEnvironment,
      logger: options.logger,
      onSourceHealth: options.onSourceHealth,
    });
    const evaluator = new SloEvaluator({
      sources: this.#sources,
      caches: createSloCaches(settings.cacheTtlMs),
      clock,
      maxConcurrentQueries: settings.queries.maxConcurrentQueries,
    });
    const uses = { catalog, definitions, evaluator, clock };
    this.#entitySlos = new EntitySlos(uses);
    this.#sloDetail = new SloDetail(uses);
    this.#teamCompliance = new TeamCompliance(uses);
    this.#entityRequests = new EntityRequests(uses);
    this.#sloList = new SloList({ catalog, entitySlos: this.#entitySlos });
    this.#gate = new DeployGate({
      entitySlos: this.#entitySlos,
      gate: settings.gate,
    });
  }

  /** {@inheritDoc SloService.sampleData} */
  get sampleData(): boolean {
    return this.#settings.sampleData;
  }

  /** {@inheritDoc SloService.environment} */
  environment(env: string | undefined): string {
    return this.#sources.environment(env);
  }

  /** {@inheritDoc SloService.entitySlos} */
  entitySlos(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntitySlosResponse> {
    return this.#entitySlos.forRef(entityRef, env, credentials);
  }

  /** {@inheritDoc SloService.sloDetail} */
  sloDetail(
    entityRef: string,
    sloName: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloDetailResponse> {
    return this.#sloDetail.get(entityRef, sloName, env, credentials);
  }

  /** {@inheritDoc SloService.listSlos} */
  listSlos(
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloListResponse> {
    return this.#sloList.list(env, credentials);
  }

  /**
   * Every SLO in the catalog the caller may see, one answer per entity (the
   * evaluation behind {@link SloService.listSlos}); the SLO notifications
   * read it with the plugin's own credentials.
   */
  allEntitySlos(
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntitySlosResponse[]> {
    return this.#sloList.perEntity(env, credentials);
  }

  /** {@inheritDoc SloService.teamCompliance} */
  teamCompliance(
    team: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<TeamComplianceResponse> {
    return this.#teamCompliance.get(team, monthCount, env, credentials);
  }

  /** {@inheritDoc SloService.entityRequests} */
  entityRequests(
    entityRef: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntityRequestsResponse> {
    return this.#entityRequests.get(entityRef, monthCount, env, credentials);
  }

  /** {@inheritDoc SloService.gate} */
  gate(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<GateResponse> {
    return this.#gate.decide(entityRef, env, credentials);
  }
}
