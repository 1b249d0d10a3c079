import { parseAllDocuments } from 'yaml';
import { z } from 'zod';
import { isDuration, parseDuration } from './duration';
import {
  SliDefinition,
  SloDefinition,
  SloParseResult,
  SloValidationIssue,
  SloWindow,
} from './types';

// --- schemas ----------------------------------------------------------------

const name = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be lower-case letters, digits and dashes (a DNS label)',
  );
const stringMap = z.record(z.string(), z.string());
// OpenSLO v1 labels may be a string or a list of strings
const openSloLabels = z.record(
  z.string(),
  z.union([z.string(), z.array(z.string())]),
);

const metadata = z.object({
  name,
  displayName: z.string().optional(),
  labels: openSloLabels.optional(),
  annotations: stringMap.optional(),
});

const metricSource = z.object({
  metricSourceRef: z.string().optional(),
  type: z.string().refine(t => t.toLowerCase() === 'prometheus', {
    message: "only metric sources of type 'Prometheus' are supported",
  }),
  spec: z.object({ query: z.string().min(1, 'must not be empty') }),
});
const metric = z.object({ metricSource });

const sliSpec = z
  .object({
    description: z.string().optional(),
    thresholdMetric: metric.optional(),
    ratioMetric: z
      .object({
        counter: z.boolean().optional(),
        good: metric.optional(),
        bad: metric.optional(),
        total: metric,
      })
      .refine(r => Boolean(r.good) !== Boolean(r.bad), {
        message: 'exactly one of good and bad is required',
      })
      .optional(),
  })
  .refine(s => Boolean(s.thresholdMetric) !== Boolean(s.ratioMetric), {
    message: 'exactly one of ratioMetric and thresholdMetric is required',
  });

const sliDoc = z.object({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLI'),
  metadata,
  spec: sliSpec,
});

const alertCondition = z.object({
  kind: z.literal('AlertCondition').optional(),
  metadata: metadata.optional(),
  spec: z.object({
    description: z.string().optional(),
    severity: z.string().min(1),
    condition: z.object({
      kind: z.literal('burnrate'),
      op: z.enum(['lt', 'lte', 'gt', 'gte']),
      threshold: z.number().positive(),
      lookbackWindow: z.string().refine(isDuration, 'must be a duration'),
      alertAfter: z.string().refine(isDuration, 'must be a duration'),
    }),
  }),
});

const alertPolicySpec = z.object({
  description: z.string().optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  conditions: z
    .array(z.union([alertCondition, z.object({ conditionRef: z.string() })]))
    .min(1, 'at least one condition is required'),
  notificationTargets: z.array(z.unknown()).optional(),
});

const alertPolicyDoc = z.object({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('AlertPolicy'),
  metadata,
  spec: alertPolicySpec,
});

const timeWindow = z
  .object({
    duration: z
      .string()
      .regex(/^\d+[mhdwMQY]$/, 'must be a duration such as 28d, 1w or 1M'),
    isRolling: z.boolean().optional(),
    calendar: z
      .object({
        startTime: z.string().optional(),
        timeZone: z.string().optional(),
      })
      .optional(),
  })
  .refine(
    w =>
      w.isRolling === false ? w.duration === '1M' : !w.duration.match(/[MQY]$/),
    {
      message:
        'supported windows: rolling in m/h/d/w (e.g. 28d) or calendar 1M (isRolling: false)',
    },
  );

const objective = z
  .object({
    displayName: z.string().optional(),
    op: z.enum(['lt', 'lte']).optional(),
    value: z.number().positive().optional(),
    target: z
      .number()
      .gt(0)
      .lt(1, 'must be below 1 (a fraction, e.g. 0.999)')
      .optional(),
    targetPercent: z.number().gt(0).lt(100).optional(),
  })
  .refine(o => (o.target === undefined) !== (o.targetPercent === undefined), {
    message: 'exactly one of target and targetPercent is required',
  });

const sloDoc = z.object({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('SLO'),
  metadata,
  spec: z
    .object({
      description: z.string().optional(),
      service: z.string().min(1),
      indicator: z.object({ metadata, spec: sliSpec }).optional(),
      indicatorRef: z.string().optional(),
      timeWindow: z
        .array(timeWindow)
        .length(1, 'exactly one time window is supported'),
      budgetingMethod: z.literal('Occurrences', {
        message: "only 'Occurrences' budgeting is supported",
      }),
      objectives: z
        .array(objective)
        .length(1, 'exactly one objective is supported'),
      alertPolicies: z
        .array(
          z.union([
            z.string(),
            z.object({
              kind: z.literal('AlertPolicy').optional(),
              metadata,
              spec: alertPolicySpec,
            }),
          ]),
        )
        .optional(),
    })
    .refine(s => Boolean(s.indicator) !== Boolean(s.indicatorRef), {
      message: 'exactly one of indicator and indicatorRef is required',
    }),
});

const slothDoc = z.object({
  version: z.literal('prometheus/v1'),
  service: z.string().min(1),
  labels: stringMap.optional(),
  slos: z
    .array(
      z.object({
        name,
        objective: z.number().gt(0).lt(100, 'must be a percentage below 100'),
        description: z.string().optional(),
        labels: stringMap.optional(),
        sli: z
          .object({
            events: z
              .object({
                error_query: z.string().includes('{{.window}}', {
                  message: 'must contain {{.window}}',
                }),
                total_query: z.string().includes('{{.window}}', {
                  message: 'must contain {{.window}}',
                }),
              })
              .optional(),
            raw: z
              .object({
                error_ratio_query: z.string().includes('{{.window}}', {
                  message: 'must contain {{.window}}',
                }),
              })
              .optional(),
            plugin: z.unknown().optional(),
          })
          .refine(s => !s.plugin, { message: 'SLI plugins are not supported' })
          .refine(s => Boolean(s.events) !== Boolean(s.raw), {
            message: 'exactly one of events and raw is required',
          }),
        alerting: z
          .object({
            name: z.string().optional(),
            labels: stringMap.optional(),
            annotations: stringMap.optional(),
            page_alert: z
              .object({
                disable: z.boolean().optional(),
                labels: stringMap.optional(),
              })
              .optional(),
            ticket_alert: z
              .object({
                disable: z.boolean().optional(),
                labels: stringMap.optional(),
              })
              .optional(),
          })
          .optional(),
      }),
    )
    .min(1, 'at least one SLO is required'),
});

// --- helpers ----------------------------------------------------------------

type Path = ReadonlyArray<PropertyKey>;

function formatPath(path: Path): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') {
      out += `[${part}]`;
    } else {
      out += out ? `.${String(part)}` : String(part);
    }
  }
  return out;
}

function issuesOf(error: z.ZodError, prefix: Path): SloValidationIssue[] {
  return error.issues.map(issue => ({
    path: formatPath([...prefix, ...issue.path]),
    message: issue.message,
  }));
}

function flattenLabels(
  labels: Record<string, string | string[]> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) {
    out[key] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function checkLabelNames(
  labels: Record<string, string>,
  path: Path,
  issues: SloValidationIssue[],
) {
  for (const key of Object.keys(labels)) {
    if (!LABEL_NAME.test(key)) {
      issues.push({
        path: formatPath([...path, key]),
        message: 'is not a valid Prometheus label name',
      });
    }
  }
}

const HISTOGRAM_SELECTOR = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?$/s;

function toSli(
  spec: z.infer<typeof sliSpec>,
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

function toWindow(w: z.infer<typeof timeWindow>): SloWindow {
  if (w.isRolling === false) {
    return { type: 'calendar-month', timeZone: w.calendar?.timeZone ?? 'UTC' };
  }
  return {
    type: 'rolling',
    duration: w.duration,
    seconds: parseDuration(w.duration),
  };
}

function severityKind(severity: string): 'page' | 'ticket' | undefined {
  const s = severity.toLowerCase();
  if (['page', 'critical', 'high'].includes(s)) return 'page';
  if (['ticket', 'warning', 'low', 'medium', 'info'].includes(s))
    return 'ticket';
  return undefined;
}

// --- parsing ----------------------------------------------------------------

/**
 * Parses an SLO file: one or more YAML documents in OpenSLO v1 (kinds SLO,
 * SLI, AlertPolicy) or one Sloth `prometheus/v1` document. Every bad field is
 * reported with its path (`documents[<i>].<field path>`); valid SLOs are
 * returned even when others are not. Never throws.
 *
 * @public
 */
export function parseSloFile(text: string): SloParseResult {
  const issues: SloValidationIssue[] = [];
  const slos: SloDefinition[] = [];
  let docs;
  try {
    docs = parseAllDocuments(text);
  } catch (error) {
    return {
      slos,
      issues: [{ path: '', message: `not YAML: ${(error as Error).message}` }],
    };
  }
  const values: { index: number; value: any }[] = [];
  (Array.isArray(docs) ? docs : [docs]).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        issues.push({
          path: `documents[${index}]`,
          message: `YAML: ${e.message}`,
        });
      }
      return;
    }
    const value = doc.toJS();
    if (value !== null && value !== undefined) {
      values.push({ index, value });
    }
  });
  if (values.length === 0 && issues.length === 0) {
    issues.push({ path: '', message: 'the file holds no SLO' });
  }

  const slis = new Map<string, z.infer<typeof sliSpec>>();
  const policies = new Map<string, z.infer<typeof alertPolicySpec>>();
  const sloDocs: { index: number; doc: z.infer<typeof sloDoc> }[] = [];

  for (const { index, value } of values) {
    const at: Path = ['documents', index];
    if (typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ path: formatPath(at), message: 'must be a mapping' });
      continue;
    }
    if (value.version !== undefined) {
      const result = slothDoc.safeParse(value);
      if (!result.success) {
        issues.push(...issuesOf(result.error, at));
        continue;
      }
      slos.push(...fromSloth(result.data, at, issues));
      continue;
    }
    if (value.apiVersion !== 'openslo/v1') {
      issues.push({
        path: formatPath([...at, 'apiVersion']),
        message:
          "must be 'openslo/v1' (or use Sloth's 'version: prometheus/v1')",
      });
      continue;
    }
    switch (value.kind) {
      case 'SLO': {
        const result = sloDoc.safeParse(value);
        if (result.success) sloDocs.push({ index, doc: result.data });
        else issues.push(...issuesOf(result.error, at));
        break;
      }
      case 'SLI': {
        const result = sliDoc.safeParse(value);
        if (result.success)
          slis.set(result.data.metadata.name, result.data.spec);
        else issues.push(...issuesOf(result.error, at));
        break;
      }
      case 'AlertPolicy': {
        const result = alertPolicyDoc.safeParse(value);
        if (result.success)
          policies.set(result.data.metadata.name, result.data.spec);
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

  for (const { index, doc } of sloDocs) {
    const at: Path = ['documents', index];
    const spec = doc.spec;
    const objectivePath: Path = [...at, 'spec', 'objectives', 0];
    const obj = spec.objectives[0];
    let indicator = spec.indicator?.spec;
    let sliPath: Path = [...at, 'spec', 'indicator', 'spec'];
    if (spec.indicatorRef) {
      indicator = slis.get(spec.indicatorRef);
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

    let page = true;
    let ticket = true;
    if (spec.alertPolicies && spec.alertPolicies.length > 0) {
      page = false;
      ticket = false;
      spec.alertPolicies.forEach((p, i) => {
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
    }

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

  const seen = new Set<string>();
  for (const slo of slos) {
    if (seen.has(slo.name)) {
      issues.push({
        path: '',
        message: `SLO name '${slo.name}' is used twice`,
      });
    }
    seen.add(slo.name);
  }
  return { slos, issues };
}

function fromSloth(
  doc: z.infer<typeof slothDoc>,
  at: Path,
  issues: SloValidationIssue[],
): SloDefinition[] {
  checkLabelNames(doc.labels ?? {}, [...at, 'labels'], issues);
  return doc.slos.map((s, i) => {
    checkLabelNames(s.labels ?? {}, [...at, 'slos', i, 'labels'], issues);
    const sli: SliDefinition = s.sli.events
      ? {
          type: 'ratio',
          bad: s.sli.events.error_query.trim(),
          total: s.sli.events.total_query.trim(),
        }
      : { type: 'raw', errorRatio: s.sli.raw!.error_ratio_query.trim() };
    return {
      name: s.name,
      description: s.description,
      service: doc.service,
      objective: s.objective / 100,
      // Sloth's default window; Sloth sets it per run, not per file
      window: { type: 'rolling', duration: '30d', seconds: 30 * 86400 },
      sli,
      labels: { ...doc.labels, ...s.labels },
      alerting: {
        page: !s.alerting?.page_alert?.disable,
        ticket: !s.alerting?.ticket_alert?.disable,
        labels: s.alerting?.labels ?? {},
        annotations: s.alerting?.annotations ?? {},
      },
      format: 'sloth/prometheus/v1',
    };
  });
}
