import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  SloDefinition,
  SloSummary,
  TIER_LABEL,
  budgetFromErrorRatio,
  burnRate,
  evaluateBurnRateAlerts,
  sloStatus,
  timeToExhaustion,
  windowSeconds,
} from '@runway/plugin-slo-common';
import { Evaluation } from './types';

/** Seconds to exhaustion for JSON: null when the budget never runs out. */
function tteOrNever(tte: number | undefined): number | null | undefined {
  if (tte === undefined) return undefined;
  return Number.isFinite(tte) ? tte : null;
}

/**
 * One SLO's figures from its evaluation: remaining budget, 1 h burn rate,
 * time to exhaustion, burn-rate alerts and status. Without an evaluation
 * the status is `unknown` and `error` (else "no Prometheus source
 * answered") says why; `clock` (Unix seconds) then dates the answer.
 *
 * @public
 */
export function summarizeSlo(options: {
  entity: Entity;
  slo: SloDefinition;
  evaluation: Evaluation | undefined;
  error?: string;
  clock: () => number;
}): SloSummary {
  const { entity, slo, evaluation, error, clock } = options;
  const base = {
    entityRef: stringifyEntityRef(entity),
    entityTitle: entity.metadata.title,
    owner:
      entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
      (typeof entity.spec?.owner === 'string' ? entity.spec.owner : undefined),
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
      evaluatedAt: new Date(clock() * 1000).toISOString(),
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
