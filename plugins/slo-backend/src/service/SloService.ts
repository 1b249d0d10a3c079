import {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BudgetPoint,
  EntitySlosResponse,
  GateResponse,
  RECORDING_WINDOWS,
  RECORDING_RULE_PREFIX,
  SLO_REF_ANNOTATION,
  SloDefinition,
  SloDetailResponse,
  SloListResponse,
  SloSourceError,
  SloSummary,
  TIER_LABEL,
  TeamComplianceResponse,
  budgetFromErrorRatio,
  burnRate,
  errorRatioExpr,
  errorRatioRecordName,
  evaluateBurnRateAlerts,
  formatDuration,
  labelSelector,
  lastCalendarMonths,
  promString,
  sloStatus,
  timeToExhaustion,
  windowRange,
  windowSeconds,
} from '@runway/plugin-slo-common';
import { TtlCache } from './cache';
import { SloSettings } from '../config';
import { PrometheusApi } from './PrometheusClient';
import { SloDefinitionSource } from './SloDefinitions';

/** Error ratios of one SLO per window, from one Prometheus. */
type Evaluation = {
  source: string;
  /** `5m` ... `3d` and `window` (the SLO's whole window). */
  ratios: Record<string, number | undefined>;
  fromRecordingRules: boolean;
  evaluatedAt: number;
};

type SourceHealth = (source: string, up: boolean) => void;

const finite = (v: number | undefined) =>
  v !== undefined && Number.isFinite(v) ? v : undefined;

/** Seconds to exhaustion for JSON: null when the budget never runs out. */
function tteOrNever(tte: number | undefined): number | null | undefined {
  if (tte === undefined) return undefined;
  return Number.isFinite(tte) ? tte : null;
}

/** Runs at most `limit` promises at once. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

/**
 * Evaluates SLOs against Prometheus: recording-rule series first, raw
 * expressions when the rules are not there; a short-TTL cache per (source,
 * SLO, window) shared by concurrent requests; partial results when a source
 * is down. Callers check permissions before calling.
 *
 * @public
 */
export class SloService {
  readonly #settings: SloSettings;
  readonly #definitions: SloDefinitionSource;
  readonly #catalog: CatalogService;
  readonly #logger: LoggerService;
  readonly #clock: () => number;
  readonly #cache: TtlCache<Evaluation>;
  readonly #historyCache: TtlCache<BudgetPoint[]>;
  readonly #monthCache: TtlCache<number | undefined>;
  readonly #onHealth?: SourceHealth;

  constructor(options: {
    settings: SloSettings;
    definitions: SloDefinitionSource;
    catalog: CatalogService;
    logger: LoggerService;
    /** Unix seconds; defaults to the wall clock. */
    clock?: () => number;
    onSourceHealth?: SourceHealth;
  }) {
    this.#settings = options.settings;
    this.#definitions = options.definitions;
    this.#catalog = options.catalog;
    this.#logger = options.logger;
    this.#clock = options.clock ?? (() => Math.floor(Date.now() / 1000));
    this.#cache = new TtlCache(options.settings.cacheTtlMs);
    this.#historyCache = new TtlCache(options.settings.cacheTtlMs);
    this.#monthCache = new TtlCache(options.settings.cacheTtlMs);
    this.#onHealth = options.onSourceHealth;
  }

  get sampleData(): boolean {
    return this.#settings.sampleData;
  }

  environment(env: string | undefined): string {
    const e = env ?? this.#settings.defaultEnvironment;
    const known = new Set(this.#settings.sources.flatMap(s => s.environments));
    if (!known.has(e)) {
      throw new InputError(
        `Unknown environment '${e}'; configured: ${
          [...known].join(', ') || 'none'
        }`,
      );
    }
    return e;
  }

  #sources(env: string): PrometheusApi[] {
    return this.#settings.sources
      .filter(s => s.environments.includes(env))
      .map(s => s.client);
  }

  async #tracked<T>(source: PrometheusApi, call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.#onHealth?.(source.name, true);
      return result;
    } catch (error) {
      this.#onHealth?.(source.name, false);
      this.#logger.warn(
        `Prometheus ${source.name}: ${(error as Error).message}`,
      );
      throw error;
    }
  }

  /** One source's error ratios for an SLO (recording rules, else raw). */
  async #evaluateOn(
    source: PrometheusApi,
    slo: SloDefinition,
    now: number,
  ): Promise<Evaluation> {
    const full = formatDuration(windowSeconds(slo.window));
    const recorded = await this.#tracked(source, () =>
      source.query(
        `{__name__=~${promString(
          `${RECORDING_RULE_PREFIX}.+`,
        )},slo=${promString(slo.name)}}`,
        now,
      ),
    );
    const ratios: Record<string, number | undefined> = {};
    for (const s of recorded) {
      const w = s.labels.__name__.slice(RECORDING_RULE_PREFIX.length);
      ratios[w === full ? 'window' : w] = finite(s.value);
    }
    let fromRecordingRules = recorded.length > 0;
    if (!fromRecordingRules) {
      // no recording rules for this SLO here: raw expressions
      const windows = [...RECORDING_WINDOWS];
      const values = await Promise.all(
        windows.map(w =>
          this.#tracked(source, () =>
            source.query(errorRatioExpr(slo.sli, w), now),
          ),
        ),
      );
      windows.forEach((w, i) => {
        ratios[w] = finite(values[i][0]?.value);
      });
    }
    if (
      slo.window.type === 'calendar-month' ||
      !fromRecordingRules ||
      !('window' in ratios)
    ) {
      const range = windowRange(slo.window, now);
      const seconds = Math.max(60, now - range.start);
      const result = await this.#tracked(source, () =>
        source.query(errorRatioExpr(slo.sli, `${seconds}s`), now),
      );
      ratios.window = finite(result[0]?.value);
      if (slo.window.type === 'calendar-month') fromRecordingRules = false;
    }
    return {
      source: source.name,
      ratios,
      fromRecordingRules,
      evaluatedAt: now,
    };
  }

  /**
   * Evaluates an SLO on the environment's sources: the first that has data
   * wins; sources that fail are reported in `errors`.
   */
  async #evaluate(
    entityRef: string,
    slo: SloDefinition,
    env: string,
    errors: SloSourceError[],
  ): Promise<Evaluation | undefined> {
    const sources = this.#sources(env);
    const now = this.#clock();
    const results = await Promise.all(
      sources.map(source =>
        this.#cache
          .get(
            `${source.name}|${entityRef}|${slo.name}|${JSON.stringify(
              slo.sli,
            )}|${slo.objective}`,
            () => this.#evaluateOn(source, slo, now),
          )
          .then(
            evaluation => ({ evaluation, error: undefined }),
            (error: Error) => ({ evaluation: undefined, error }),
          ),
      ),
    );
    results.forEach((r, i) => {
      if (r.error) {
        const message = r.error.message;
        if (
          !errors.some(
            e => e.source === sources[i].name && e.message === message,
          )
        ) {
          errors.push({ source: sources[i].name, message });
        }
      }
    });
    const withData = results.find(
      r => r.evaluation && r.evaluation.ratios.window !== undefined,
    );
    return (withData ?? results.find(r => r.evaluation))?.evaluation;
  }

  #summary(
    entity: Entity,
    slo: SloDefinition,
    evaluation: Evaluation | undefined,
    error?: string,
  ): SloSummary {
    const base = {
      entityRef: stringifyEntityRef(entity),
      entityTitle: entity.metadata.title,
      owner:
        entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
        (typeof entity.spec?.owner === 'string'
          ? entity.spec.owner
          : undefined),
      tier: entity.metadata.labels?.[TIER_LABEL],
      name: slo.name,
      displayName: slo.displayName,
      description: slo.description,
      service: slo.service,
      objective: slo.objective,
      window:
        slo.window.type === 'rolling' ? slo.window.duration : 'calendar-month',
      sliType: slo.sli.type,
    };
    if (!evaluation) {
      return {
        ...base,
        alerts: { page: false, ticket: false },
        status: 'unknown',
        evaluatedAt: new Date(this.#clock() * 1000).toISOString(),
        error: error ?? 'no Prometheus source answered',
      };
    }
    const { ratios } = evaluation;
    const hasData = ratios.window !== undefined;
    const budget = budgetFromErrorRatio(slo.objective, ratios.window);
    const rate =
      ratios['1h'] !== undefined
        ? burnRate(ratios['1h'], slo.objective)
        : undefined;
    const alerts = evaluateBurnRateAlerts(
      ratios as Record<string, number>,
      slo.objective,
      windowSeconds(slo.window),
    );
    const tte =
      hasData && rate !== undefined
        ? timeToExhaustion(budget.remaining, rate, windowSeconds(slo.window))
        : undefined;
    return {
      ...base,
      source: evaluation.source,
      sli: hasData ? budget.sli : undefined,
      errorRatio: hasData ? budget.errorRatio : undefined,
      remaining: hasData ? budget.remaining : undefined,
      consumed: hasData ? budget.consumed : undefined,
      burnRate: rate,
      timeToExhaustionSeconds: tteOrNever(tte),
      alerts: { page: alerts.page, ticket: alerts.ticket },
      status: sloStatus({
        remaining: hasData ? budget.remaining : undefined,
        alerting: alerts.page || alerts.ticket,
      }),
      evaluatedAt: new Date(evaluation.evaluatedAt * 1000).toISOString(),
      fromRecordingRules: evaluation.fromRecordingRules,
      ...(hasData ? {} : { error: 'no data for this SLO yet' }),
    };
  }

  async #entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    let ref;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
    } catch (error) {
      throw new InputError(
        `Invalid entity ref '${entityRef}': ${(error as Error).message}`,
      );
    }
    const entity = await this.#catalog.getEntityByRef(ref, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    return entity;
  }

  async #entitySlos(entity: Entity, env: string): Promise<EntitySlosResponse> {
    const defs = await this.#definitions.read(entity);
    const errors: SloSourceError[] = [];
    const entityRef = stringifyEntityRef(entity);
    const slos = await Promise.all(
      defs.slos.map(async slo =>
        this.#summary(
          entity,
          slo,
          await this.#evaluate(entityRef, slo, env, errors),
          errors.map(e => `${e.source}: ${e.message}`).join('; ') || undefined,
        ),
      ),
    );
    return {
      entityRef,
      sloRef: defs.sloRef,
      slos,
      issues: defs.issues,
      errors,
    };
  }

  /** The SLOs of one entity with their current figures. */
  async entitySlos(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntitySlosResponse> {
    return this.#entitySlos(await this.#entity(entityRef, credentials), env);
  }

  /** One SLO with its budget history over its window. */
  async sloDetail(
    entityRef: string,
    sloName: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloDetailResponse> {
    const entity = await this.#entity(entityRef, credentials);
    const defs = await this.#definitions.read(entity);
    const slo = defs.slos.find(s => s.name === sloName);
    if (!slo) {
      throw new NotFoundError(
        `${stringifyEntityRef(entity)} has no SLO named '${sloName}'`,
      );
    }
    const errors: SloSourceError[] = [];
    const evaluation = await this.#evaluate(
      stringifyEntityRef(entity),
      slo,
      env,
      errors,
    );
    const summary = this.#summary(entity, slo, evaluation);
    const length = windowSeconds(slo.window);
    const stepSeconds = Math.max(300, Math.ceil(length / 240 / 300) * 300);
    const now = this.#clock();
    const end = Math.floor(now / stepSeconds) * stepSeconds;
    const start = end - length;
    const full = formatDuration(length);
    let history: BudgetPoint[] = [];
    const source = this.#sources(env).find(s => s.name === evaluation?.source);
    if (source) {
      try {
        history = await this.#historyCache.get(
          `${source.name}|${stringifyEntityRef(entity)}|${slo.name}|${end}`,
          async () => {
            const recordedQuery = `${errorRatioRecordName(full)}${labelSelector(
              { slo: slo.name },
            )}`;
            let series = evaluation?.fromRecordingRules
              ? await this.#tracked(source, () =>
                  source.queryRange(recordedQuery, start, end, stepSeconds),
                )
              : [];
            // rules deployed recently hold too little history: raw expressions
            const points = series[0]?.values.length ?? 0;
            if (points < (end - start) / stepSeconds / 2) {
              series = await this.#tracked(source, () =>
                source.queryRange(
                  errorRatioExpr(slo.sli, full),
                  start,
                  end,
                  stepSeconds,
                ),
              );
            }
            return (series[0]?.values ?? [])
              .filter(([, v]) => Number.isFinite(v))
              .map(([t, v]) => ({
                t,
                remaining: budgetFromErrorRatio(slo.objective, v).remaining,
              }));
          },
        );
      } catch (error) {
        errors.push({ source: source.name, message: (error as Error).message });
      }
    }
    // the history ends at the last whole step: add the current figure
    const last = history[history.length - 1];
    if (summary.remaining !== undefined && (!last || last.t < now)) {
      history = [...history, { t: now, remaining: summary.remaining }];
    }
    return { slo: summary, history, stepSeconds, errors };
  }

  /** Every SLO in the catalog the user may see, lowest remaining budget first. */
  async listSlos(
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloListResponse> {
    const { items: entities } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${SLO_REF_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
        },
      },
      { credentials },
    );
    const responses = await mapLimit(entities, 8, e =>
      this.#entitySlos(e, env),
    );
    const errors: SloSourceError[] = [];
    for (const r of responses) {
      for (const e of r.errors) {
        if (!errors.some(x => x.source === e.source && x.message === e.message))
          errors.push(e);
      }
      if (r.issues.length > 0) {
        errors.push({
          source: r.sloRef ?? r.entityRef,
          message: `${r.entityRef}: invalid SLO file (${r.issues
            .map(i => `${i.path}: ${i.message}`)
            .join('; ')})`,
        });
      }
    }
    const items = responses
      .flatMap(r => r.slos)
      .sort(
        (a, b) =>
          (a.remaining ?? Infinity) - (b.remaining ?? Infinity) ||
          a.name.localeCompare(b.name),
      );
    return { items, errors };
  }

  /** Calendar-month compliance of every SLO the team owns. */
  async teamCompliance(
    team: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<TeamComplianceResponse> {
    let teamRef: string;
    try {
      teamRef = stringifyEntityRef(
        parseEntityRef(team, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      throw new InputError(`Invalid team '${team}'`);
    }
    const { items: entities } = await this.#catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${SLO_REF_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
          'relations.ownedBy': teamRef,
        },
      },
      { credentials },
    );
    const now = this.#clock();
    const months = lastCalendarMonths(now, monthCount);
    const errors: SloSourceError[] = [];
    const sources = this.#sources(env);
    const rows = (
      await mapLimit(entities, 4, async entity => {
        const defs = await this.#definitions.read(entity);
        return Promise.all(
          defs.slos.map(async slo => ({
            entityRef: stringifyEntityRef(entity),
            slo: slo.name,
            objective: slo.objective,
            months: await Promise.all(
              months.map(async m => {
                const end = Math.min(m.end, now);
                const seconds = end - m.start;
                if (seconds <= 0) return { month: m.month };
                for (const source of sources) {
                  try {
                    const ratio = await this.#monthCache.get(
                      `${source.name}|${slo.name}|${JSON.stringify(slo.sli)}|${
                        m.month
                      }|${m.end <= now ? 'closed' : end}`,
                      async () => {
                        const r = await this.#tracked(source, () =>
                          source.query(
                            errorRatioExpr(slo.sli, `${seconds}s`),
                            end,
                          ),
                        );
                        return finite(r[0]?.value);
                      },
                    );
                    if (ratio !== undefined) {
                      const sli = 1 - ratio;
                      return { month: m.month, sli, met: sli >= slo.objective };
                    }
                  } catch (error) {
                    const message = (error as Error).message;
                    if (
                      !errors.some(
                        e => e.source === source.name && e.message === message,
                      )
                    ) {
                      errors.push({ source: source.name, message });
                    }
                  }
                }
                return { month: m.month };
              }),
            ),
          })),
        );
      })
    ).flat();
    return { team: teamRef, months: months.map(m => m.month), rows, errors };
  }

  /** The deploy gate: deny when a budget is low or a fast burn is on. */
  async gate(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<GateResponse> {
    const entity = await this.#entity(entityRef, credentials);
    const result = await this.#entitySlos(entity, env);
    const { minRemainingBudget, denyOnFastBurn, failOpen } =
      this.#settings.gate;
    const reasons: string[] = [];
    let deny = false;
    const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
    if (result.issues.length > 0) {
      reasons.push(
        `the SLO file ${result.sloRef} is invalid: ${result.issues
          .map(i => `${i.path}: ${i.message}`)
          .join('; ')}`,
      );
      deny ||= !failOpen;
    }
    if (!result.sloRef) {
      reasons.push(
        `${result.entityRef} declares no SLOs (no ${SLO_REF_ANNOTATION} annotation)`,
      );
    }
    for (const slo of result.slos) {
      if (slo.remaining === undefined) {
        reasons.push(
          `${slo.name}: could not be evaluated in ${env} (${
            slo.error ?? 'no data'
          })`,
        );
        deny ||= !failOpen;
        continue;
      }
      if (slo.remaining < minRemainingBudget) {
        reasons.push(
          `${slo.name}: ${pct(
            Math.max(slo.remaining, 0),
          )} of the error budget left in ${env}, below the ${pct(
            minRemainingBudget,
          )} minimum`,
        );
        deny = true;
      } else {
        reasons.push(
          `${slo.name}: ${pct(
            slo.remaining,
          )} of the error budget left in ${env}`,
        );
      }
      if (slo.alerts.page && denyOnFastBurn) {
        reasons.push(
          `${slo.name}: the error budget is burning fast (page-level burn rate) in ${env}`,
        );
        deny = true;
      }
    }
    return { decision: deny ? 'deny' : 'allow', reasons };
  }
}
