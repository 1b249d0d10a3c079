import fs from 'node:fs/promises';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AlertingRule,
  generateRules,
  parseSloFile,
  runbookBaseUrl,
} from '@runway/plugin-slo-common';
import { writablePath } from '../workspaceFiles';
import { examples } from './sloRules.examples';

/**
 * The runbook section of one generated alert: its heading is the alert name,
 * so mkdocs' anchor is the lower-cased name that the alert's runbook_url
 * points at.
 */
export function runbookSection(
  rule: AlertingRule,
  rollbackCommand?: string,
): string {
  const severity = rule.labels?.severity ?? 'page';
  const summary = rule.annotations?.summary ?? rule.alert;
  const description = rule.annotations?.description ?? '';
  return [
    `## ${rule.alert}`,
    '',
    `**Severity:** ${severity}. ${summary}.`,
    '',
    description,
    '',
    "1. Open the logs: the Observability card's **Logs** link on the service's page in Runway",
    '   opens its logs for the environment over the last hour; filter by the `request_id` of a',
    '   failing request. The SLO tab shows how much error budget is left and since when it burns.',
    severity === 'page'
      ? `2. Page-level burn: the budget is gone within hours. Roll back the last deploy first${
          rollbackCommand ? '' : ','
        }`
      : '2. Ticket-level burn: the budget is gone within days. Find the cause this week,',
    ...(severity === 'page'
      ? [
          rollbackCommand
            ? `   (\`${rollbackCommand}\`), then investigate (errors by route and status on the`
            : '   then investigate (errors by route and status on the',
          '   **Dashboard** or in `/metrics`, logs, dependencies).',
        ]
      : ['   starting with the routes and statuses that fail most.']),
    '3. Write a post-mortem (docs/post-mortem-template.md) when the SLO was breached.',
    '',
    '<details><summary>Alert expression</summary>',
    '',
    '```promql',
    rule.expr,
    '```',
    '',
    '</details>',
    '',
  ].join('\n');
}

/**
 * `runway:slo:rules`: renders the service's PrometheusRule (recording rules
 * and multi-window multi-burn-rate alerts) from its OpenSLO file with
 * `@runway/plugin-slo-common`, the same generator the SLO plugin uses, and
 * appends one runbook section per generated alert.
 *
 * @public
 */
export function createSloRulesAction(options: { appBaseUrl: string }) {
  return createTemplateAction({
    id: 'runway:slo:rules',
    description:
      "Generates the PrometheusRule from the workspace's slo.yaml (recording rules, burn-rate alerts with runbook_url) and one runbook section per alert.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entity: z =>
          z.string().describe('Catalog name of the service (runbook URLs)'),
        sloFile: z =>
          z
            .string()
            .default('slo.yaml')
            .describe('OpenSLO file in the workspace'),
        rulesFile: z =>
          z
            .string()
            .default('k8s/base/prometheusrule.yaml')
            .describe('Where to write the PrometheusRule'),
        runbookFile: z =>
          z
            .string()
            .optional()
            .describe('Markdown runbook to append one section per alert to'),
        rollbackCommand: z =>
          z
            .string()
            .max(200)
            .optional()
            .describe(
              "The service's rollback command, quoted in each page-level alert's runbook section",
            ),
        labels: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe('Labels of the PrometheusRule object'),
        ruleLabels: z =>
          z
            .record(z.string(), z.string())
            .optional()
            .describe('Extra labels on every rule'),
      },
      output: {
        alerts: z =>
          z.array(z.string()).describe('Names of the generated alerts'),
      },
    },
    async handler(ctx) {
      const { entity, runbookFile, rollbackCommand, labels, ruleLabels } =
        ctx.input;
      const sloFile = ctx.input.sloFile ?? 'slo.yaml';
      const rulesFile = ctx.input.rulesFile ?? 'k8s/base/prometheusrule.yaml';
      const text = await fs.readFile(
        resolveSafeChildPath(ctx.workspacePath, sloFile),
        'utf8',
      );
      const parsed = parseSloFile(text);
      if (parsed.issues.length > 0) {
        throw new InputError(
          `${sloFile}: ${parsed.issues
            .map(i => `${i.path}: ${i.message}`)
            .join('; ')}`,
        );
      }
      const rules = generateRules(parsed.slos, {
        entity,
        runbookBaseUrl: runbookBaseUrl(options.appBaseUrl, entity),
        labels: ruleLabels,
        prometheusRule: { labels },
      });
      // no write follows a symbolic link (out of the workspace or into .git)
      const workspace = await fs.realpath(ctx.workspacePath);
      const rulesPath = await writablePath(workspace, rulesFile, 'rulesFile');
      const runbook = runbookFile
        ? await writablePath(workspace, runbookFile, 'runbookFile')
        : undefined;
      const header = `# Generated from ${sloFile} by runway:slo:rules (@runway/plugin-slo-common).\n# Regenerate it when the SLOs change; the runbook has one section per alert.\n`;
      await fs.writeFile(rulesPath, header + rules.prometheusRuleYaml);
      const alerts = rules.groups
        .flatMap(g => g.rules)
        .filter((r): r is AlertingRule => 'alert' in r);
      if (runbook) {
        const existing = await fs.readFile(runbook, 'utf8').catch(() => '');
        await fs.writeFile(
          runbook,
          `${existing.trimEnd()}\n\n${alerts
            .map(alert => runbookSection(alert, rollbackCommand))
            .join('\n')}`,
        );
      }
      ctx.logger.info(
        `generated ${rules.groups.length} rule groups and ${alerts.length} alerts from ${sloFile}`,
      );
      ctx.output(
        'alerts',
        alerts.map(a => a.alert),
      );
    },
  });
}
