/**
 * Prometheus rules for SLOs: recording rules for the error ratio over every
 * alert window and the SLO's own window, and multi-window multi-burn-rate
 * alerts (SRE workbook), as a plain rule file and as a prometheus-operator
 * PrometheusRule.
 */
import { stringify } from 'yaml';
import { formatDuration } from './duration';
import {
  BURN_RATE_WINDOWS,
  RECORDING_WINDOWS,
  burnRateFactor,
  clean,
  windowSeconds,
} from './math';
import { parseSloFile } from './parse';
import {
  errorRatioExpr,
  errorRatioRecordName,
  labelSelector,
  sloSeriesLabels,
} from './promql';
import { SloDefinition } from './types';

/**
 * A Prometheus recording rule.
 *
 * @public
 */
export type RecordingRule = {
  record: string;
  expr: string;
  labels?: Record<string, string>;
};

/**
 * A Prometheus alerting rule.
 *
 * @public
 */
export type AlertingRule = {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

/**
 * A Prometheus rule group.
 *
 * @public
 */
export type RuleGroup = {
  name: string;
  interval?: string;
  rules: Array<RecordingRule | AlertingRule>;
};

/**
 * Options of {@link generateRules}.
 *
 * @public
 */
export type GenerateRulesOptions = {
  /**
   * Base of every alert's `runbook_url`; the alert name, lower-cased, is
   * appended as the anchor. For a service:
   * `<app.baseUrl>/docs/default/component/<entity>/runbook/` (see
   * {@link runbookBaseUrl}).
   */
  runbookBaseUrl: string;
  /** The catalog entity's name (names the PrometheusRule: `<entity>-slos`). */
  entity: string;
  /** Extra labels on every rule (e.g. `team`, `environment`). */
  labels?: Record<string, string>;
  /** metadata of the PrometheusRule object. */
  prometheusRule?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
};

/**
 * What {@link generateRules} returns.
 *
 * @public
 */
export type GeneratedRules = {
  groups: RuleGroup[];
  /** A Prometheus rule file (`prometheus --config.file` `rule_files:`, promtool). */
  ruleFile: { groups: RuleGroup[] };
  /** A prometheus-operator `monitoring.coreos.com/v1` PrometheusRule. */
  prometheusRule: {
    apiVersion: 'monitoring.coreos.com/v1';
    kind: 'PrometheusRule';
    metadata: {
      name: string;
      namespace?: string;
      labels: Record<string, string>;
    };
    spec: { groups: RuleGroup[] };
  };
  /** `ruleFile` as YAML. */
  ruleFileYaml: string;
  /** `prometheusRule` as YAML. */
  prometheusRuleYaml: string;
};

/**
 * PascalCase of an SLO name: `checkout-api-availability` becomes
 * `CheckoutApiAvailability`.
 *
 * @public
 */
export function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map(part => part[0].toUpperCase() + part.slice(1))
    .join('');
}

/**
 * The alert names of an SLO (Runway's contract): `<PascalCase(slo)>ErrorBudgetFastBurn`
 * (severity page) and `<PascalCase(slo)>ErrorBudgetSlowBurn` (severity ticket).
 *
 * @public
 */
export function sloAlertNames(sloName: string): {
  fastBurn: string;
  slowBurn: string;
} {
  const base = pascalCase(sloName);
  return {
    fastBurn: `${base}ErrorBudgetFastBurn`,
    slowBurn: `${base}ErrorBudgetSlowBurn`,
  };
}

/**
 * Where an entity's runbook lives in TechDocs: a service's `docs/runbook.md`
 * (`<appBaseUrl>/docs/default/component/<entity>/runbook/`), or, for Runway
 * itself, `docs/runbooks/alerts.md`.
 *
 * @public
 */
export function runbookBaseUrl(appBaseUrl: string, entity: string): string {
  const base = appBaseUrl.replace(/\/+$/, '');
  return entity === 'runway'
    ? `${base}/docs/default/component/runway/runbooks/alerts/`
    : `${base}/docs/default/component/${entity}/runbook/`;
}

/**
 * The runbook URL of one alert: the base plus `#<alert name lower-cased>`
 * (mkdocs' slug of the runbook's `## <AlertName>` heading).
 *
 * @public
 */
export function runbookUrl(base: string, alertName: string): string {
  return `${base}#${alertName.toLowerCase()}`;
}

function num(value: number): string {
  return String(clean(value));
}

function sloRuleGroups(
  slo: SloDefinition,
  options: GenerateRulesOptions,
): RuleGroup[] {
  const seriesLabels = {
    ...options.labels,
    ...slo.labels,
    ...sloSeriesLabels(slo),
  };
  const fullWindow = formatDuration(windowSeconds(slo.window));
  const budget = clean(1 - slo.objective);
  const windowsSecs = windowSeconds(slo.window);

  const recordings: RecordingRule[] = RECORDING_WINDOWS.map(w => ({
    record: errorRatioRecordName(w),
    expr: errorRatioExpr(slo.sli, w),
    labels: seriesLabels,
  }));
  recordings.push(
    {
      record: 'slo:objective:ratio',
      expr: num(slo.objective),
      labels: seriesLabels,
    },
    {
      record: 'slo:error_budget:ratio',
      expr: num(budget),
      labels: seriesLabels,
    },
  );

  const selector = labelSelector({ slo: slo.name });
  const names = sloAlertNames(slo.name);
  const base = options.runbookBaseUrl;
  const alerts: AlertingRule[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    if (!slo.alerting[severity]) continue;
    const alert = severity === 'page' ? names.fastBurn : names.slowBurn;
    const conditions = BURN_RATE_WINDOWS.filter(c => c.severity === severity);
    const expr = conditions
      .map(c => {
        const threshold = `(${num(burnRateFactor(c, windowsSecs))} * ${num(
          budget,
        )})`;
        return [
          '(',
          `  ${errorRatioRecordName(c.long)}${selector} > ${threshold}`,
          'and',
          `  ${errorRatioRecordName(c.short)}${selector} > ${threshold}`,
          ')',
        ].join('\n');
      })
      .join('\nor\n');
    const factors = conditions
      .map(
        c =>
          `${num(burnRateFactor(c, windowsSecs))}x over ${c.long} and ${
            c.short
          }`,
      )
      .join(', or ');
    alerts.push({
      alert,
      expr,
      labels: { ...seriesLabels, ...slo.alerting.labels, severity },
      annotations: {
        summary: `${slo.displayName ?? slo.name}: error budget burning ${
          severity === 'page' ? 'fast' : 'slowly'
        }`,
        description:
          `The ${slo.name} SLO (${num(
            slo.objective * 100,
          )} % over ${fullWindow}) of ${slo.service} ` +
          `is spending its error budget at ${factors} the sustainable rate.`,
        runbook_url: runbookUrl(base, alert),
        ...slo.alerting.annotations,
      },
    });
  }

  const groups: RuleGroup[] = [
    { name: `slo-${slo.name}-recordings`, rules: recordings },
    {
      name: `slo-${slo.name}-window`,
      interval: '5m',
      rules: [
        {
          record: errorRatioRecordName(fullWindow),
          expr: errorRatioExpr(slo.sli, fullWindow),
          labels: seriesLabels,
        },
      ],
    },
  ];
  if (alerts.length > 0) {
    groups.push({ name: `slo-${slo.name}-alerts`, rules: alerts });
  }
  return groups;
}

const YAML_OPTIONS = { lineWidth: 0 } as const;

/**
 * Generates Prometheus rules for SLOs: per SLO, recording rules
 * `slo:sli_error:ratio_rate<w>` for w in 5m, 30m, 1h, 2h, 6h, 1d, 3d (one
 * group) and for the SLO's window (its own group, evaluated every 5m), each
 * labelled `slo`, `service` and the given labels; `slo:objective:ratio` and
 * `slo:error_budget:ratio`; and two alerts
 * `<PascalCase(slo)>ErrorBudgetFastBurn` (severity page: 14.4x over 1h and
 * 5m, or 6x over 6h and 30m) and `<PascalCase(slo)>ErrorBudgetSlowBurn`
 * (severity ticket: 3x over 1d and 2h, or 1x over 3d and 6h), factors
 * scaled for windows other than 30 days, each with a `runbook_url`.
 *
 * `slos` are parsed SLOs or the text of an SLO file (which must be valid).
 *
 * @example
 * ```ts
 * const { prometheusRuleYaml } = generateRules(sloYamlText, {
 *   runbookBaseUrl: runbookBaseUrl('https://runway.example.com', 'checkout-api'),
 *   entity: 'checkout-api',
 *   labels: { team: 'team-checkout' },
 *   prometheusRule: { namespace: 'production' },
 * });
 * ```
 * @public
 */
export function generateRules(
  slos: SloDefinition[] | string,
  options: GenerateRulesOptions,
): GeneratedRules {
  let definitions: SloDefinition[];
  if (typeof slos === 'string') {
    const parsed = parseSloFile(slos);
    if (parsed.issues.length > 0) {
      throw new Error(
        `invalid SLO file: ${parsed.issues
          .map(i => `${i.path}: ${i.message}`)
          .join('; ')}`,
      );
    }
    definitions = parsed.slos;
  } else {
    definitions = slos;
  }
  const groups = definitions.flatMap(slo => sloRuleGroups(slo, options));
  const ruleFile = { groups };
  const prometheusRule = {
    apiVersion: 'monitoring.coreos.com/v1' as const,
    kind: 'PrometheusRule' as const,
    metadata: {
      name: options.prometheusRule?.name ?? `${options.entity}-slos`,
      ...(options.prometheusRule?.namespace
        ? { namespace: options.prometheusRule.namespace }
        : {}),
      labels: {
        'app.kubernetes.io/name': options.entity,
        ...options.prometheusRule?.labels,
      },
    },
    spec: { groups },
  };
  return {
    groups,
    ruleFile,
    prometheusRule,
    ruleFileYaml: stringify(ruleFile, YAML_OPTIONS),
    prometheusRuleYaml: stringify(prometheusRule, YAML_OPTIONS),
  };
}
