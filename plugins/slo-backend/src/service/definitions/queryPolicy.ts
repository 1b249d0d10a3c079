import { Entity } from '@backstage/catalog-model';
import {
  RECORDING_WINDOWS,
  SloDefinition,
  SloValidationIssue,
  errorRatioExpr,
  eventsRate,
  parseDuration,
  windowSeconds,
  withMatchers,
} from '@runway/plugin-slo-common';
import { SloQueryLimits } from '../../config';
import { checkPromql } from './promqlCheck';

/** The longest calendar month, in seconds. */
const MONTH_SECONDS = 31 * 86400;

/** One query field of an SLO, as its file names it, and the PromQL sent for it. */
type QueryField = {
  field: string;
  query: string;
  build: (w: string) => string;
};

function queryFields(slo: SloDefinition): QueryField[] {
  const { sli } = slo;
  const sloth = slo.format === 'sloth/prometheus/v1';
  switch (sli.type) {
    case 'ratio':
      return (['good', 'bad', 'total'] as const).flatMap(k => {
        const query = sli[k];
        if (query === undefined) return [];
        const field = sloth
          ? `sli.events.${k === 'bad' ? 'error' : k}_query`
          : `spec.indicator.spec.ratioMetric.${k}.metricSource.spec.query`;
        return [{ field, query, build: (w: string) => eventsRate(query, w) }];
      });
    case 'threshold':
      return [
        {
          field: 'spec.indicator.spec.thresholdMetric.metricSource.spec.query',
          query: sli.metric,
          build: (w: string) =>
            `sum(rate(${withMatchers(sli.metric, '_count', [])}[${w}]))`,
        },
      ];
    case 'raw':
      return [
        {
          field: 'sli.raw.error_ratio_query',
          query: sli.errorRatio,
          build: (w: string) => errorRatioExpr(sli, w),
        },
      ];
    default:
      return [];
  }
}

/**
 * The longest range an SLO's queries may use: its window (a calendar month
 * counts as 31 days), and at least the longest alert window.
 *
 * @public
 */
export function maxRangeSeconds(slo: SloDefinition): number {
  const longestAlertWindow = Math.max(
    ...RECORDING_WINDOWS.map(w => parseDuration(w)),
  );
  return Math.max(
    slo.window.type === 'calendar-month'
      ? MONTH_SECONDS
      : windowSeconds(slo.window),
    longestAlertWindow,
  );
}

/**
 * Applies the query rules to the SLOs of an entity's file: at most
 * `maxSlosPerFile` SLOs; each query field within `maxExpressionLength`,
 * parsing as PromQL once Runway's wrapping is applied, within the range,
 * regex and selector limits; and, unless the entity comes from a trusted
 * location, the SLO's `service` equal to the entity's name and every vector
 * selector carrying `service="<entity name>"`. An SLO that breaks a rule is
 * dropped, with an issue naming the SLO and the field.
 *
 * @public
 */
export function checkSloQueries(
  entity: Entity,
  slos: SloDefinition[],
  options: { limits: SloQueryLimits; trusted: boolean },
): { slos: SloDefinition[]; issues: SloValidationIssue[] } {
  const { limits, trusted } = options;
  const service = trusted ? undefined : entity.metadata.name;
  const issues: SloValidationIssue[] = [];
  const kept: SloDefinition[] = [];
  if (slos.length > limits.maxSlosPerFile) {
    issues.push({
      path: '',
      message: `the file defines ${slos.length} SLOs; only the first ${limits.maxSlosPerFile} are read (slo.queries.maxSlosPerFile)`,
    });
  }
  for (const slo of slos.slice(0, limits.maxSlosPerFile)) {
    const problems: SloValidationIssue[] = [];
    const add = (field: string, message: string) =>
      problems.push({ path: `${slo.name}: ${field}`, message });
    if (service !== undefined && slo.service !== service) {
      add(
        slo.format === 'sloth/prometheus/v1' ? 'service' : 'spec.service',
        `the service '${slo.service}' is not the entity's own ('${service}')`,
      );
    }
    const maxRange = maxRangeSeconds(slo);
    let selectors = 0;
    for (const { field, query, build } of queryFields(slo)) {
      if (query.length > limits.maxExpressionLength) {
        add(
          field,
          `the query is ${query.length} characters long, over the limit of ${limits.maxExpressionLength} (slo.queries.maxExpressionLength)`,
        );
        continue;
      }
      let expr: string;
      try {
        expr = build(`${maxRange}s`);
      } catch (error) {
        add(field, (error as Error).message);
        continue;
      }
      const result = checkPromql(expr, {
        service,
        maxRegexLength: limits.maxRegexLength,
        maxRangeSeconds: maxRange,
      });
      selectors += result.selectors;
      result.problems.forEach(p => add(field, p));
    }
    if (selectors > limits.maxSelectors) {
      add(
        'sli',
        `the queries hold ${selectors} selectors, over the limit of ${limits.maxSelectors} (slo.queries.maxSelectors)`,
      );
    }
    if (problems.length > 0) {
      issues.push(...problems);
    } else {
      kept.push(slo);
    }
  }
  return { slos: kept, issues };
}
