/**
 * Zod schemas of the OpenSLO v1 kinds Runway reads (SLO, SLI, AlertPolicy),
 * limited to what Runway can compute: Prometheus metric sources, Occurrences
 * budgeting, one time window and one objective.
 */
import { z } from 'zod';
import { isDuration } from '../duration';
import { dnsLabelName as name, stringMap } from './schemaParts';

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

/** An SLI spec: exactly one of `ratioMetric` and `thresholdMetric`. */
export const sliSpec = z
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

/** A `kind: SLI` document. */
export const sliDoc = z.object({
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

/** An AlertPolicy spec, inline in an SLO or in its own document. */
export const alertPolicySpec = z.object({
  description: z.string().optional(),
  alertWhenNoData: z.boolean().optional(),
  alertWhenResolved: z.boolean().optional(),
  alertWhenBreaching: z.boolean().optional(),
  conditions: z
    .array(z.union([alertCondition, z.object({ conditionRef: z.string() })]))
    .min(1, 'at least one condition is required'),
  notificationTargets: z.array(z.unknown()).optional(),
});

/** A `kind: AlertPolicy` document. */
export const alertPolicyDoc = z.object({
  apiVersion: z.literal('openslo/v1'),
  kind: z.literal('AlertPolicy'),
  metadata,
  spec: alertPolicySpec,
});

/** A time window: rolling in m/h/d/w, or calendar `1M`. */
export const timeWindow = z
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

/** A `kind: SLO` document. */
export const sloDoc = z.object({
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

/** A parsed SLI spec. */
export type OpenSloSliSpec = z.infer<typeof sliSpec>;
/** A parsed AlertPolicy spec. */
export type OpenSloAlertPolicySpec = z.infer<typeof alertPolicySpec>;
/** A parsed time window. */
export type OpenSloTimeWindow = z.infer<typeof timeWindow>;
/** A parsed `kind: SLO` document. */
export type OpenSloSloDoc = z.infer<typeof sloDoc>;
