import {
  BudgetPoint,
  RECORDING_RULE_PREFIX,
  RECORDING_WINDOWS,
  SloDefinition,
  SloSourceError,
  TimeRange,
  budgetFromErrorRatio,
  errorRatioExpr,
  eventIncreaseQueries,
  errorRatioRecordName,
  formatDuration,
  labelSelector,
  promString,
  windowRange,
  windowSeconds,
} from '@runway/plugin-slo-common';
import { PrometheusApi } from '../PrometheusClient';
import { addSourceError } from '../sourceErrors';
import { SloCaches, evaluationKey, historyKey, monthKey } from './caches';
import { PrometheusSources } from './PrometheusSources';
import { QueryLimit } from './QueryLimit';
import { Evaluation } from './types';

const finite = (v: number | undefined) =>
  v !== undefined && Number.isFinite(v) ? v : undefined;

/**
 * The range and resolution of a budget history, in Unix seconds.
 *
 * @public
 */
export type HistoryRange = { start: number; end: number; stepSeconds: number };

/**
 * The shared evaluation layer: asks an environment's Prometheus sources for
 * an SLO's error ratios (recording-rule series first, raw expressions when
 * the rules are not there), its budget history and its monthly error
 * ratios, through short-TTL caches shared by concurrent requests. A source
 * that fails adds an entry to the caller's `errors`; it never fails the
 * whole answer. Callers check permissions before calling.
 *
 * @public
 */
export class SloEvaluator {
  readonly #sources: PrometheusSources;
  readonly #caches: SloCaches;
  readonly #clock: () => number;
  readonly #maxConcurrentQueries: number;

  constructor(options: {
    sources: PrometheusSources;
    caches: SloCaches;
    /** Unix seconds. */
    clock: () => number;
    /** Queries in flight per request (per {@link QueryLimit}). Default: 8. */
    maxConcurrentQueries?: number;
  }) {
    this.#sources = options.sources;
    this.#caches = options.caches;
    this.#clock = options.clock;
    this.#maxConcurrentQueries = options.maxConcurrentQueries ?? 8;
  }

  /**
   * A new limit for the queries of one request: pass it to every call the
   * request makes. Calls without one get a limit of their own.
   */
  requestLimit(): QueryLimit {
    return new QueryLimit(this.#maxConcurrentQueries);
  }

  /** A query to `source`, tracked and within `limit`. */
  #ask<T>(source: PrometheusApi, limit: QueryLimit, call: () => Promise<T>) {
    return limit.run(() => this.#sources.tracked(source, call));
  }

  /**
   * Evaluates an SLO on the environment's sources: the first that has data
   * wins; sources that fail are added to `errors` (once per message).
   */
  async evaluate(
    entityRef: string,
    slo: SloDefinition,
    env: string,
    errors: SloSourceError[],
    limit: QueryLimit = this.requestLimit(),
  ): Promise<Evaluation | undefined> {
    const sources = this.#sources.forEnvironment(env);
    const now = this.#clock();
    const results = await Promise.all(
      sources.map(source =>
        this.#caches.evaluations
          .get(evaluationKey(source.name, entityRef, slo), () =>
            this.#evaluateOn(source, slo, now, limit),
          )
          .then(
            evaluation => ({ evaluation, error: undefined }),
            (error: Error) => ({ evaluation: undefined, error }),
          ),
      ),
    );
    results.forEach((r, i) => {
      if (r.error) {
        addSourceError(errors, {
          source: sources[i].name,
          message: r.error.message,
        });
      }
    });
    const withData = results.find(
      r => r.evaluation && r.evaluation.ratios.window !== undefined,
    );
    return (withData ?? results.find(r => r.evaluation))?.evaluation;
  }

  /** One source's error ratios for an SLO (recording rules, else raw). */
  async #evaluateOn(
    source: PrometheusApi,
    slo: SloDefinition,
    now: number,
    limit: QueryLimit,
  ): Promise<Evaluation> {
    const full = formatDuration(windowSeconds(slo.window));
    const recorded = await this.#ask(source, limit, () =>
      source.query(
        `{__name__=~${promString(
          `${RECORDING_RULE_PREFIX}.+`,
        )},slo=${promString(slo.name)},service=${promString(slo.service)}}`,
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
          this.#ask(source, limit, () =>
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
      const result = await this.#ask(source, limit, () =>
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
   * The remaining budget over `range` from the source that produced
   * `evaluation`: the window's recording rule when the evaluation came from
   * recording rules and it holds at least half the points, else the raw
   * expression. Empty without such a source; a failure is added to
   * `errors`.
   */
  async budgetHistory(options: {
    entityRef: string;
    slo: SloDefinition;
    env: string;
    evaluation: Evaluation | undefined;
    range: HistoryRange;
    errors: SloSourceError[];
    limit?: QueryLimit;
  }): Promise<BudgetPoint[]> {
    const { entityRef, slo, env, evaluation, errors } = options;
    const limit = options.limit ?? this.requestLimit();
    const { start, end, stepSeconds } = options.range;
    const source = this.#sources
      .forEnvironment(env)
      .find(s => s.name === evaluation?.source);
    if (!source) return [];
    const full = formatDuration(windowSeconds(slo.window));
    try {
      return await this.#caches.history.get(
        historyKey(source.name, entityRef, slo.name, end),
        async () => {
          const recordedQuery = `${errorRatioRecordName(full)}${labelSelector({
            slo: slo.name,
            service: slo.service,
          })}`;
          let series = evaluation?.fromRecordingRules
            ? await this.#ask(source, limit, () =>
                source.queryRange(recordedQuery, start, end, stepSeconds),
              )
            : [];
          // rules deployed recently hold too little history: raw expressions
          const points = series[0]?.values.length ?? 0;
          if (points < (end - start) / stepSeconds / 2) {
            series = await this.#ask(source, limit, () =>
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
      return [];
    }
  }

  /**
   * An SLO's error ratio over a calendar month up to `now` (the month so far
   * for the current month): the first of the environment's sources with
   * data answers; sources that fail are added to `errors` (once per
   * message). `undefined` when the month has not started or no source has
   * data.
   */
  monthErrorRatio(options: MonthQueryOptions): Promise<number | undefined> {
    return this.#monthValue(options, 'ratio', window =>
      errorRatioExpr(options.slo.sli, window),
    );
  }

  /**
   * The events an SLO counted over a calendar month up to `now`, e.g. the
   * requests of a request-based SLO (its SLI's total counter), answered
   * like `monthErrorRatio`. `undefined` for an SLI that only knows a ratio.
   */
  monthEvents(options: MonthQueryOptions): Promise<number | undefined> {
    const { sli } = options.slo;
    if (!eventIncreaseQueries(sli, '1s')) return Promise.resolve(undefined);
    return this.#monthValue(
      options,
      'events',
      window => eventIncreaseQueries(sli, window)!.total,
    );
  }

  async #monthValue(
    options: MonthQueryOptions,
    kind: string,
    expr: (window: string) => string,
  ): Promise<number | undefined> {
    const { slo, env, month, now, errors } = options;
    const limit = options.limit ?? this.requestLimit();
    const end = Math.min(month.end, now);
    const seconds = end - month.start;
    if (seconds <= 0) return undefined;
    for (const source of this.#sources.forEnvironment(env)) {
      try {
        const value = await this.#caches.months.get(
          `${kind}|${monthKey(source.name, slo, month, now)}`,
          async () => {
            const r = await this.#ask(source, limit, () =>
              source.query(expr(`${seconds}s`), end),
            );
            return finite(r[0]?.value);
          },
        );
        if (value !== undefined) return value;
      } catch (error) {
        addSourceError(errors, {
          source: source.name,
          message: (error as Error).message,
        });
      }
    }
    return undefined;
  }
}

/** A month query of one SLO (see `SloEvaluator.monthErrorRatio`). */
export type MonthQueryOptions = {
  slo: SloDefinition;
  env: string;
  month: TimeRange & { month: string };
  now: number;
  errors: SloSourceError[];
  limit?: QueryLimit;
};
