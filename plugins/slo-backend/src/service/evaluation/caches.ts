/**
 * The evaluation layer's caches: one short-TTL cache each for current
 * figures, budget histories and monthly error ratios, and the keys that say
 * when an entry may be reused.
 */
import { BudgetPoint, SloDefinition } from '@runway/plugin-slo-common';
import { TtlCache } from '../cache';
import { Evaluation } from './types';

/**
 * The caches of the evaluation layer, shared by every request.
 *
 * @public
 */
export type SloCaches = {
  /** Current error ratios per (source, entity, SLO). */
  evaluations: TtlCache<Evaluation>;
  /** Budget history per (source, entity, SLO, last step). */
  history: TtlCache<BudgetPoint[]>;
  /** Error ratio per (source, SLO, month). */
  months: TtlCache<number | undefined>;
};

/**
 * Three empty caches that keep entries for `ttlMs`.
 *
 * @public
 */
export function createSloCaches(ttlMs: number, now?: () => number): SloCaches {
  return {
    evaluations: new TtlCache(ttlMs, now),
    history: new TtlCache(ttlMs, now),
    months: new TtlCache(ttlMs, now),
  };
}

/**
 * Key of an SLO's current figures on one source: a changed SLI or objective
 * is a new entry.
 *
 * @public
 */
export function evaluationKey(
  source: string,
  entityRef: string,
  slo: SloDefinition,
): string {
  return `${source}|${entityRef}|${slo.name}|${JSON.stringify(slo.sli)}|${
    slo.objective
  }`;
}

/**
 * Key of an SLO's budget history ending at `end` (the last whole step).
 *
 * @public
 */
export function historyKey(
  source: string,
  entityRef: string,
  sloName: string,
  end: number,
): string {
  return `${source}|${entityRef}|${sloName}|${end}`;
}

/**
 * Key of an SLO's error ratio over a calendar month: a closed month has one
 * entry; the month so far has one per evaluation time `now`.
 *
 * @public
 */
export function monthKey(
  source: string,
  slo: SloDefinition,
  month: { month: string; end: number },
  now: number,
): string {
  return `${source}|${slo.name}|${JSON.stringify(slo.sli)}|${month.month}|${
    month.end <= now ? 'closed' : Math.min(month.end, now)
  }`;
}
