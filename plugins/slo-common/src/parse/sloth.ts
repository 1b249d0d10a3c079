/**
 * Sloth `prometheus/v1` files: the schema of what Runway reads and their
 * normalisation into SLO definitions.
 */
import { z } from 'zod';
import { SliDefinition, SloDefinition, SloValidationIssue } from '../types';
import { checkLabelNames, issuesOf, Path } from './paths';
import { dnsLabelName as name, stringMap } from './schemaParts';

/** A Sloth `prometheus/v1` document. */
export const slothDoc = z.object({
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

/**
 * Reads one Sloth document at `at`: its SLOs, normalised, or none when the
 * document is invalid (every problem is added to `issues`).
 */
export function readSlothDocument(
  value: unknown,
  at: Path,
  issues: SloValidationIssue[],
): SloDefinition[] {
  const result = slothDoc.safeParse(value);
  if (!result.success) {
    issues.push(...issuesOf(result.error, at));
    return [];
  }
  return fromSloth(result.data, at, issues);
}

/**
 * Normalises a valid Sloth document; labels that are not Prometheus label
 * names are added to `issues`.
 */
export function fromSloth(
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
