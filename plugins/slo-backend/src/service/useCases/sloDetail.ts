import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  BudgetPoint,
  SloDetailResponse,
  SloSourceError,
  SloWindow,
  windowSeconds,
} from '@runway/plugin-slo-common';
import { HistoryRange } from '../evaluation/SloEvaluator';
import { summarizeSlo } from '../evaluation/summary';
import { SloUseCaseDeps } from './deps';

/**
 * The budget history's range for an SLO window at `now`: the whole window
 * ending at the last whole step, about 240 points, steps of at least 5
 * minutes in multiples of 5 minutes.
 *
 * @public
 */
export function historyRange(window: SloWindow, now: number): HistoryRange {
  const length = windowSeconds(window);
  const stepSeconds = Math.max(300, Math.ceil(length / 240 / 300) * 300);
  const end = Math.floor(now / stepSeconds) * stepSeconds;
  return { start: end - length, end, stepSeconds };
}

/**
 * Use case `GET /entity/:kind/:namespace/:name/slos/:slo`: one SLO with its
 * current figures and its budget history over its window.
 *
 * @public
 */
export class SloDetail {
  readonly #deps: SloUseCaseDeps;

  constructor(deps: SloUseCaseDeps) {
    this.#deps = deps;
  }

  /** NotFoundError when the entity has no SLO named `sloName`. */
  async get(
    entityRef: string,
    sloName: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloDetailResponse> {
    const entity = await this.#deps.catalog.entity(entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    const defs = await this.#deps.definitions.read(entity);
    const slo = defs.slos.find(s => s.name === sloName);
    if (!slo) {
      throw new NotFoundError(`${ref} has no SLO named '${sloName}'`);
    }
    const errors: SloSourceError[] = [];
    const limit = this.#deps.evaluator.requestLimit();
    const evaluation = await this.#deps.evaluator.evaluate(
      ref,
      slo,
      env,
      errors,
      limit,
    );
    const summary = summarizeSlo({
      entity,
      slo,
      evaluation,
      clock: this.#deps.clock,
    });
    const now = this.#deps.clock();
    const range = historyRange(slo.window, now);
    let history: BudgetPoint[] = await this.#deps.evaluator.budgetHistory({
      entityRef: ref,
      slo,
      env,
      evaluation,
      range,
      errors,
      limit,
    });
    // the history ends at the last whole step: add the current figure
    const last = history[history.length - 1];
    if (summary.remaining !== undefined && (!last || last.t < now)) {
      history = [...history, { t: now, remaining: summary.remaining }];
    }
    return { slo: summary, history, stepSeconds: range.stepSeconds, errors };
  }
}
