import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { filterAdrs } from '@runway/plugin-decisions-common';
import { DecisionsQueryDeps, listAdrs } from '../service/queries';
import { entityRefInput } from './entityInput';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/**
 * `find-decisions`: ADRs by service, text and status, from the Decisions
 * index, as `GET /api/decisions/adrs` answers them to the calling user (the
 * same query: only entities the caller may read in the catalog), filtered
 * and sorted as the Decisions page does (newest first).
 */
export function createFindDecisionsAction(
  options: DecisionsQueryDeps & { actionsRegistry: ActionsRegistryService },
): void {
  const { actionsRegistry, ...deps } = options;
  actionsRegistry.register({
    name: 'find-decisions',
    title: 'Find architecture decisions (ADRs)',
    description: `Finds architecture decision records (MADR files in each service's ADR folder) by service, by text in the title or service, and by status.
Answers only the services the calling user may read in the catalog, newest first, each with its TechDocs page path (relative to the Backstage base URL).`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entity: z
            .string()
            .max(300)
            .optional()
            .describe(
              'The service whose ADRs to list: an entity ref such as component:default/checkout-api, or a component name such as checkout-api. Omit for every service.',
            ),
          text: z
            .string()
            .max(200)
            .optional()
            .describe(
              'Case-insensitive text to find in the ADR title or the entity ref, e.g. "outbox".',
            ),
          status: z
            .array(z.string().max(50))
            .max(10)
            .optional()
            .describe(
              'Only ADRs with one of these MADR statuses: proposed, accepted, rejected, deprecated, superseded (or any other status text an ADR has).',
            ),
          limit: z
            .number()
            .int()
            .min(1)
            .max(MAX_LIMIT)
            .optional()
            .describe(
              `Most ADRs to return (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}); total says how many matched.`,
            ),
        }),
      output: z =>
        z.object({
          items: z
            .array(
              z.object({
                entityRef: z
                  .string()
                  .describe(
                    'The entity the ADR belongs to, e.g. component:default/checkout-api',
                  ),
                entityTitle: z.string().describe("The entity's title or name"),
                owner: z
                  .string()
                  .describe(
                    'Owner of the entity, e.g. group:default/team-checkout',
                  ),
                number: z.string().describe('ADR number, e.g. 0001'),
                title: z.string().describe('ADR title'),
                status: z
                  .string()
                  .describe(
                    'Lower-cased MADR status; unknown when the ADR has none',
                  ),
                date: z
                  .string()
                  .optional()
                  .describe(
                    'Date of the decision (YYYY-MM-DD), when the ADR has one',
                  ),
                deciders: z
                  .string()
                  .optional()
                  .describe('Who decided, as the ADR names them'),
                file: z.string().describe('File name in the ADR folder'),
                docsPath: z
                  .string()
                  .optional()
                  .describe(
                    "The ADR's TechDocs page path, e.g. /docs/default/component/checkout-api/adr/0001-x/ (absent when the ADR folder is not part of the entity's docs)",
                  ),
              }),
            )
            .describe('Matching ADRs, newest first, at most limit'),
          total: z.number().describe('How many ADRs matched before the limit'),
          errors: z
            .array(
              z.object({
                entityRef: z
                  .string()
                  .describe('Entity whose docs could not be read'),
                message: z.string().describe('Why they could not be read'),
              }),
            )
            .describe(
              'Entities whose ADRs are missing because their docs could not be read',
            ),
          refreshedAt: z
            .string()
            .optional()
            .describe(
              'When the index was built (ISO 8601); absent before its first build',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      const answer = await listAdrs(
        deps,
        credentials,
        entityRefInput(input.entity),
      );
      const matched = filterAdrs(answer.items, {
        text: input.text,
        status: input.status?.map(s => s.trim().toLowerCase()),
      });
      const items = matched.slice(0, input.limit ?? DEFAULT_LIMIT).map(a => ({
        entityRef: a.entityRef,
        entityTitle: a.entityTitle,
        owner: a.owner,
        number: a.number,
        title: a.title,
        status: a.status,
        date: a.date,
        deciders: a.deciders,
        file: a.file,
        docsPath: a.docsPath,
      }));
      return {
        output: {
          items,
          total: matched.length,
          errors: answer.errors,
          refreshedAt: answer.refreshedAt,
        },
      };
    },
  });
}
