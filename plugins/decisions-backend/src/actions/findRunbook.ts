import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { DecisionsQueryDeps, findRunbookSections } from '../service/queries';
import { SECTION_TEXT_LIMIT } from '../service/runbookSections';
import { entityRefInput } from './entityInput';

/**
 * `find-runbook`: the runbook section for an alert, from the runbooks the
 * Decisions index read (`docs/runbook.md` or `docs/runbooks/index.md` of
 * each entity with TechDocs), in the runbooks of the entities the calling
 * user may read in the catalog (the check `GET /api/decisions/adrs` makes).
 */
export function createFindRunbookAction(
  options: DecisionsQueryDeps & { actionsRegistry: ActionsRegistryService },
): void {
  const { actionsRegistry, ...deps } = options;
  actionsRegistry.register({
    name: 'find-runbook',
    title: 'Find the runbook section for an alert',
    description: `Finds what to do when an alert fires: the section of a service's runbook whose heading names the alert.
Runway's runbooks have one section per alert, headed by the alert name (e.g. CheckoutApiAvailabilityErrorBudgetFastBurn for the SLO checkout-api-availability burning its error budget fast; ...SlowBurn for the slow burn).
Answers the service, the runbook file, the section heading, its Markdown text (at most ${SECTION_TEXT_LIMIT} characters) and the TechDocs page path with the section's anchor (relative to the Backstage base URL).
Only the runbooks of services the calling user may read in the catalog are searched.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          alert: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .describe(
              'The alert name as Prometheus or Alertmanager shows it (its alertname label), e.g. CheckoutApiAvailabilityErrorBudgetFastBurn.',
            ),
          entity: z
            .string()
            .max(300)
            .optional()
            .describe(
              "The service whose runbook to search: an entity ref such as component:default/checkout-api, or a component name such as checkout-api (the alert's service label). Omit to search every runbook.",
            ),
        }),
      output: z =>
        z.object({
          found: z
            .boolean()
            .describe('Whether a runbook section names the alert'),
          alert: z.string().describe('The alert name searched for'),
          entityRef: z
            .string()
            .optional()
            .describe(
              'The service whose runbook has the section, e.g. component:default/checkout-api',
            ),
          entityTitle: z
            .string()
            .optional()
            .describe("The service's title or name"),
          owner: z
            .string()
            .optional()
            .describe('Owner of the service, e.g. group:default/team-checkout'),
          runbook: z
            .string()
            .optional()
            .describe(
              'The runbook file in the service repository, e.g. docs/runbook.md',
            ),
          heading: z.string().optional().describe("The section's heading"),
          text: z
            .string()
            .optional()
            .describe(
              `The section's Markdown below its heading, at most ${SECTION_TEXT_LIMIT} characters`,
            ),
          truncated: z
            .boolean()
            .optional()
            .describe(
              'Whether text was cut at the limit (the page has the rest)',
            ),
          docsPath: z
            .string()
            .optional()
            .describe(
              'TechDocs path of the section, e.g. /docs/default/component/checkout-api/runbook/#checkoutapiavailabilityerrorbudgetfastburn',
            ),
          alsoIn: z
            .array(z.string())
            .describe(
              'Other services whose runbooks also have a section naming the alert',
            ),
          headings: z
            .array(z.string())
            .optional()
            .describe(
              "With entity and nothing found: the headings of that service's runbook, to choose from",
            ),
          errors: z
            .array(
              z.object({
                entityRef: z
                  .string()
                  .describe('Entity whose docs could not be read'),
                message: z.string().describe('Why they could not be read'),
              }),
            )
            .describe('Entities whose runbooks could not be read'),
          refreshedAt: z
            .string()
            .optional()
            .describe(
              'When the index was built (ISO 8601); absent before its first build',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      const entityRef = entityRefInput(input.entity);
      const answer = await findRunbookSections(
        deps,
        credentials,
        input.alert,
        entityRef,
      );
      const [best, ...others] = answer.matches;
      const common = {
        alert: input.alert,
        alsoIn: others.map(m => m.entityRef),
        errors: answer.errors,
        refreshedAt: answer.refreshedAt,
      };
      if (!best) {
        return {
          output: { found: false, ...common, headings: answer.headings },
        };
      }
      return {
        output: {
          found: true,
          ...common,
          entityRef: best.entityRef,
          entityTitle: best.entityTitle,
          owner: best.owner,
          runbook: best.runbook,
          heading: best.section.heading,
          text: best.section.text,
          truncated: best.section.truncated,
          docsPath: `${best.docsPath}#${best.section.anchor}`,
        },
      };
    },
  });
}
