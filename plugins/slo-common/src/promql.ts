/**
 * PromQL for SLIs, built by functions (never pasted in routes).
 */
import { parseDuration } from './duration';
import { SliDefinition, SloDefinition } from './types';

const WINDOW_PLACEHOLDER = /\{\{\s*\.window\s*\}\}/g;
function hasWindowPlaceholder(query: string): boolean {
  return /\{\{\s*\.window\s*\}\}/.test(query);
}

const SELECTOR = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?$/s;

/**
 * Prefix of Runway's SLO recording rules.
 *
 * @public
 */
export const RECORDING_RULE_PREFIX = 'slo:sli_error:ratio_rate';

/**
 * Name of the recording rule holding an SLO's error ratio over `window`
 * (`5m` ... `3d`, or the SLO's window such as `30d`).
 *
 * @public
 */
export function errorRatioRecordName(window: string): string {
  return `${RECORDING_RULE_PREFIX}${window}`;
}

/**
 * Escapes a PromQL string literal.
 *
 * @public
 */
export function promString(value: string): string {
  return `"${value
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')}"`;
}

/**
 * A label matcher set `{a="b",c="d"}` (empty string for no labels).
 *
 * @public
 */
export function labelSelector(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${promString(v)}`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

/**
 * `sum(rate(<selector>[window]))`, or the query with `{{.window}}` filled in.
 *
 * @public
 */
export function eventsRate(query: string, window: string): string {
  if (hasWindowPlaceholder(query)) {
    return query.replace(WINDOW_PLACEHOLDER, window);
  }
  return `sum(rate(${query}[${window}]))`;
}

/** `(<expr> or vector(0))`: an absent numerator counts as zero. */
function orZero(expr: string): string {
  return `(${expr}) or vector(0)`;
}

/**
 * Adds matchers to a metric selector: `m{a="b"}` + `le="0.3"`.
 *
 * @public
 */
export function withMatchers(
  selector: string,
  suffix: string,
  extra: string[],
): string {
  const match = SELECTOR.exec(selector.trim());
  if (!match) {
    throw new Error(`not a metric selector: ${selector}`);
  }
  const inner = [match[2]?.trim(), ...extra].filter(Boolean).join(',');
  return `${match[1]}${suffix}${inner ? `{${inner}}` : ''}`;
}

/**
 * The raw (non-recorded) error-ratio expression of an SLI over `window`.
 *
 * @public
 */
export function errorRatioExpr(sli: SliDefinition, window: string): string {
  switch (sli.type) {
    case 'ratio':
      // A numerator with no series yet (no 5xx since the process started)
      // counts as zero events, not as "no data".
      if (sli.bad) {
        return `(${orZero(eventsRate(sli.bad, window))})\n/\n(${eventsRate(
          sli.total,
          window,
        )})`;
      }
      return `1 - (\n(${orZero(
        eventsRate(sli.good!, window),
      )})\n/\n(${eventsRate(sli.total, window)})\n)`;
    case 'threshold': {
      const good = withMatchers(sli.metric, '_bucket', [
        `le=${promString(String(sli.threshold))}`,
      ]);
      const total = withMatchers(sli.metric, '_count', []);
      return `1 - (\n(${orZero(
        `sum(rate(${good}[${window}]))`,
      )})\n/\nsum(rate(${total}[${window}]))\n)`;
    }
    case 'raw':
      return sli.errorRatio.replace(WINDOW_PLACEHOLDER, window);
    default:
      throw new Error('unknown SLI type');
  }
}

/**
 * Labels that identify an SLO's recorded series.
 *
 * @public
 */
export function sloSeriesLabels(slo: SloDefinition): Record<string, string> {
  return { slo: slo.name, service: slo.service };
}

/**
 * PromQL reading an SLO's recorded error ratio over `window`.
 *
 * @public
 */
export function recordedErrorRatioQuery(
  slo: SloDefinition,
  window: string,
): string {
  return `${errorRatioRecordName(window)}${labelSelector({ slo: slo.name })}`;
}

/**
 * PromQL for good and bad event counts over a range that ends at the
 * evaluation time (`increase` with reset handling), for budgets over calendar
 * months and other ranges no recording rule covers. `undefined` for raw
 * SLIs, which only know a ratio.
 *
 * @public
 */
export function eventIncreaseQueries(
  sli: SliDefinition,
  window: string,
): { bad: string; total: string } | undefined {
  const inc = (q: string) =>
    hasWindowPlaceholder(q)
      ? // a full expression in per-second rates: scale it by the range
        `(${q.replace(WINDOW_PLACEHOLDER, window)}) * ${parseDuration(window)}`
      : `sum(increase(${q}[${window}]))`;
  switch (sli.type) {
    case 'ratio':
      return sli.bad
        ? { bad: inc(sli.bad), total: inc(sli.total) }
        : {
            bad: `(${inc(sli.total)}) - (${inc(sli.good!)})`,
            total: inc(sli.total),
          };
    case 'threshold': {
      const good = withMatchers(sli.metric, '_bucket', [
        `le=${promString(String(sli.threshold))}`,
      ]);
      const total = withMatchers(sli.metric, '_count', []);
      return {
        bad: `sum(increase(${total}[${window}])) - sum(increase(${good}[${window}]))`,
        total: `sum(increase(${total}[${window}]))`,
      };
    }
    default:
      return undefined;
  }
}
