/**
 * OpenSLO v1 files: documents of kinds SLO, SLI and AlertPolicy collected
 * across a file, then each SLO normalised with its referenced SLI and alert
 * policies.
 */
import { parseDuration } from '../duration';
import {
  SliDefinition,
  SloDefinition,
  SloValidationIssue,
  SloWindow,
} from '../types';
import {
  OpenSloAlertPolicySpec,
  OpenSloSliSpec,
  OpenSloSloDoc,
  OpenSloTimeWindow,
  alertPolicyDoc,
  sliDoc,
  sloDoc,
} from './openSloSchema';
import {
  Path,
  checkLabelNames,
  flattenLabels,
  formatPath,
  issuesOf,
} from './paths';

/**
 * The valid OpenSLO documents of one file: SLIs and AlertPolicies by name
 * (for `indicatorRef` and `alertPolicies` references), and SLOs with their
 * document index.
 */
export type OpenSloDocuments = {
  slis: Map<string, OpenSloSliSpec>;
  policies: Map<string, OpenSloAlertPolicySpec>;
  slos: { index: number; doc: OpenSloSloDoc }[];
};

/** An empty collection, to fill with {@link readOpenSloDocument}. */
export function emptyOpenSloDocuments(): OpenSloDocuments {
  return { slis: new Map(), policies: new Map(), slos: [] };
}

/**
 * Validates document number `index` (a mapping) and adds it to `into` by
 * kind; problems are added to `issues`. Kinds that carry nothing Runway
 * computes with are accepted and skipped.
 */
export function readOpenSloDocument(
  value: Record<string, unknown>,
  index: number,
  into: OpenSloDocuments,
  issues: SloValidationIssue[],
): void {
  const at: Path = ['documents', index];
  if (value.apiVersion !== 'openslo/v1') {
    issues.push({
      path: formatPath([...at, 'apiVersion']),
      message: "must be 'openslo/v1' (or use Sloth's 'version: prometheus/v1')",
    });
    return;
  }
  switch (value.kind) {
    case 'SLO': {
      const result = sloDoc.safeParse(value);
      if (result.success) into.slos.push({ index, doc: result.data });
      else issues.push(...issuesOf(result.error, at));
      break;
    }
    case 'SLI': {
      const result = sliDoc.safeParse(value);
      if (result.success)
        into.slis.set(result.data.metadata.name, result.data.spec);
      else issues.push(...issuesOf(result.error, at));
      break;
    }
    case 'AlertPolicy': {
      const result = alertPolicyDoc.safeParse(value);
      if (result.success)
        into.policies.set(result.data.metadata.name, result.data.spec);
      else issues.push(...issuesOf(result.error, at));
      break;
    }
    case 'Service':
    case 'DataSource':
    case 'AlertCondition':
    case 'AlertNotificationTarget':
      // valid OpenSLO kinds that carry nothing Runway computes with
      break;
    default:
      issues.push({
        path: formatPath([...at, 'kind']),
        message: `unknown kind '${value.kind}' (SLO, SLI and AlertPolicy are read; Service, DataSource, AlertCondition and AlertNotificationTarget are accepted)`,
      });
  }
}

const HISTOGRAM_SELECTOR = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?$/s;

/**
 * The SLI of an SLO: a ratio, or a threshold on a histogram (which needs
 * `op` and `value` on the objective). `undefined` when it is unusable (the
 * problems are added to `issues`).
 */
export function toSli(
  spec: OpenSloSliSpec,
  op: 'lt' | 'lte' | undefined,
  value: number | undefined,
  path: Path,
  objectivePath: Path,
  issues: SloValidationIssue[],
): SliDefinition | undefined {
  if (spec.ratioMetric) {
    const r = spec.ratioMetric;
    return {
      type: 'ratio',
      good: r.good?.metricSource.spec.query.trim(),
      bad: r.bad?.metricSource.spec.query.trim(),
      total: r.total.metricSource.spec.query.trim(),
    };
  }
  const query = spec.thresholdMetric!.metricSource.spec.query.trim();
  let ok = true;
  if (!HISTOGRAM_SELECTOR.test(query)) {
    issues.push({
      path: formatPath([
        ...path,
        'thresholdMetric',
        'metricSource',
        'spec',
        'query',
      ]),
      message:
        'must be a histogram name with an optional selector, e.g. http_request_duration_seconds{job="x"}',
    });
    ok = false;
  }
  if (value === undefined || op === undefined) {
    issues.push({
      path: formatPath(objectivePath),
      message:
        'a thresholdMetric SLI needs op (lt or lte) and value (seconds) on its objective',
    });
    ok = false;
  }
  return ok
    ? { type: 'threshold', metric: query, threshold: value! }
    : undefined;
}

/** The normalised window: rolling, or a calendar month (`isRolling: false`). */
export function toWindow(w: OpenSloTimeWindow): SloWindow {
  if (w.isRolling === false) {
    return { type: 'calendar-month', timeZone: w.calendar?.timeZone ?? 'UTC' };
  }
  return {
    type: 'rolling',
    duration: w.duration,
    seconds: parseDuration(w.duration),
  };
}

/** Which of Runway's alerts an AlertCondition severity enables, if any. */
export function severityKind(severity: string): 'page' | 'ticket' | undefined {
  const s = severity.toLowerCase();
  if (['page', 'critical', 'high'].includes(s)) return 'page';
  if (['ticket', 'warning', 'low', 'medium', 'info'].includes(s))
    return 'ticket';
  return undefined;
}

/**
 * Which alerts an SLO's `alertPolicies` enable: both without policies (or
 * with referenced conditions), else those their severities name. Unknown
 * policy names are added to `issues`.
 */
function alertsOf(
  doc: OpenSloSloDoc,
  at: Path,
  policies: Map<string, OpenSloAlertPolicySpec>,
  issues: SloValidationIssue[],
): { page: boolean; ticket: boolean } {
  const alertPolicies = doc.spec.alertPolicies;
  if (!alertPolicies || alertPolicies.length === 0) {
    return { page: true, ticket: true };
  }
  let page = false;
  let ticket = false;
  alertPolicies.forEach((p, i) => {
    const policy = typeof p === 'string' ? policies.get(p) : p.spec;
    if (!policy) {
      issues.push({
        path: formatPath([...at, 'spec', 'alertPolicies', i]),
        message: `no AlertPolicy named '${p}' in this file`,
      });
      return;
    }
    for (const c of policy.conditions) {
      if ('spec' in c) {
        const kind = severityKind(c.spec.severity);
        if (kind === 'page') page = true;
        if (kind === 'ticket') ticket = true;
      } else {
        // referenced conditions: keep Runway's default alerts
        page = true;
        ticket = true;
      }
    }
  });
  return { page, ticket };
}

/**
 * Normalises every collected SLO, resolving `indicatorRef` and
 * `alertPolicies` against the file's SLIs and AlertPolicies. SLOs whose SLI
 * cannot be resolved or used are left out (with issues).
 */
export function fromOpenSlo(
  documents: OpenSloDocuments,
  issues: SloValidationIssue[],
): SloDefinition[] {
  const slos: SloDefinition[] = [];
  for (const { index, doc } of documents.slos) {
    const at: Path = ['documents', index];
    const spec = doc.spec;
    const objectivePath: Path = [...at, 'spec', 'objectives', 0];
    const obj = spec.objectives[0];
    let indicator = spec.indicator?.spec;
    let sliPath: Path = [...at, 'spec', 'indicator', 'spec'];
    if (spec.indicatorRef) {
      indicator = documents.slis.get(spec.indicatorRef);
      sliPath = [...at, 'spec', 'indicatorRef'];
      if (!indicator) {
        issues.push({
          path: formatPath(sliPath),
          message: `no SLI named '${spec.indicatorRef}' in this file`,
        });
        continue;
      }
    }
    const sli = toSli(
      indicator!,
      obj.op,
      obj.value,
      sliPath,
      objectivePath,
      issues,
    );
    if (!sli) continue;

    const { page, ticket } = alertsOf(doc, at, documents.policies, issues);

    const labels = flattenLabels(doc.metadata.labels);
    checkLabelNames(labels, [...at, 'metadata', 'labels'], issues);
    slos.push({
      name: doc.metadata.name,
      displayName: doc.metadata.displayName,
      description: spec.description,
      service: spec.service,
      objective: obj.target ?? obj.targetPercent! / 100,
      window: toWindow(spec.timeWindow[0]),
      sli,
      labels,
      alerting: { page, ticket, labels: {}, annotations: {} },
      format: 'openslo/v1',
    });
  }
  return slos;
}
