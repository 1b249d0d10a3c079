import { PermissionsService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { authorizeSloRead } from './authorize';
import { SloService } from './SloService';

/**
 * Registers the SLO backend's actions (exposed to MCP clients by the MCP
 * actions backend). Each checks what the matching route checks (`slo.read`
 * for the caller, then the entity read with the caller's credentials) and
 * answers what the route answers.
 *
 * - `slo-status`: an entity's SLOs with budget left and burn rate
 *   (`GET /entity/:kind/:namespace/:name`);
 * - `deploy-gate`: the deploy gate's decision with its reasons
 *   (`GET /gate`).
 *
 * @public
 */
export function registerSloActions(options: {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  service: SloService;
}): void {
  const { actionsRegistry, permissions, service } = options;
  const environments = `one of the configured Prometheus environments (${service.environment(
    undefined,
  )} when omitted)`;

  actionsRegistry.register({
    name: 'slo-status',
    title: 'SLO status of a service',
    description: `The service level objectives of one catalog entity with their current figures: the SLI over the window, the fraction of the error budget left, the burn rate over the last hour, the time until the budget is gone at that rate, and a status. Issues name problems in the entity's SLO file; errors name Prometheus sources that did not answer (their SLOs then have status unknown).`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The entity, as kind:namespace/name (component:default/checkout-api); kind defaults to component and namespace to default (checkout-api)',
            ),
          environment: z
            .string()
            .optional()
            .describe(`The environment, ${environments}`),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          environment: z.string(),
          slos: z.array(
            z.object({
              name: z.string(),
              objective: z.number().describe('Target as a fraction (0.999)'),
              window: z.string(),
              status: z.string(),
              sli: z.number().optional(),
              remaining: z
                .number()
                .optional()
                .describe('Fraction of the error budget left'),
              burnRate: z
                .number()
                .optional()
                .describe('Burn rate over the last hour'),
              timeToExhaustionSeconds: z.number().nullable().optional(),
            }),
          ),
          issues: z.array(z.object({ path: z.string(), message: z.string() })),
          errors: z.array(
            z.object({ source: z.string(), message: z.string() }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeSloRead(permissions, credentials);
      const environment = service.environment(input.environment);
      const answer = await service.entitySlos(
        input.entityRef,
        environment,
        credentials,
      );
      return {
        output: {
          entityRef: answer.entityRef,
          environment,
          slos: answer.slos.map(s => ({
            name: s.name,
            objective: s.objective,
            window: s.window,
            status: s.status,
            sli: s.sli,
            remaining: s.remaining,
            burnRate: s.burnRate,
            timeToExhaustionSeconds: s.timeToExhaustionSeconds,
          })),
          issues: answer.issues,
          errors: answer.errors,
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'deploy-gate',
    title: 'May this service be deployed?',
    description: `The deploy gate CI calls before a production rollout: allow or deny, with the reasons in words. It denies when an SLO's error budget is below the threshold, when a fast burn is on, when Prometheus cannot be read, and when the entity declares no SLO.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The entity, as kind:namespace/name (component:default/checkout-api)',
            ),
          environment: z.string().describe(`The environment, ${environments}`),
        }),
      output: z =>
        z.object({
          entityRef: z.string(),
          environment: z.string(),
          decision: z.enum(['allow', 'deny']),
          reasons: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorizeSloRead(permissions, credentials);
      const environment = service.environment(input.environment);
      const { decision, reasons } = await service.gate(
        input.entityRef,
        environment,
        credentials,
      );
      return {
        output: {
          entityRef: input.entityRef,
          environment,
          decision,
          reasons,
        },
      };
    },
  });
}
