import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { EksReads } from '../service/reads';
import { CallerCheck } from './caller';
import {
  clusterBaseFields,
  clusterErrorSchema,
  problemPodFields,
} from './schemas';
import { clusterListOutput, clusterOutput } from './clusterSummaries';
import { MAX_WARNING_EVENTS } from './words';

/**
 * `cluster-overview`: one cluster's problems, from the same read as
 * `GET /clusters/:name`, or every cluster's verdict, from the same read as
 * `GET /clusters` (both need eks.cluster.read).
 */
export function registerClusterOverviewAction(options: {
  actionsRegistry: ActionsRegistryService;
  reads: EksReads;
  caller: CallerCheck;
}): void {
  const { actionsRegistry, reads, caller } = options;
  actionsRegistry.register({
    name: 'cluster-overview',
    title: 'Problems of an EKS cluster',
    description: `With a cluster name: that cluster's verdict (healthy, degraded or down) with the reasons in words, its problem pods, warning events of the last hour (the newest ${MAX_WARNING_EVENTS}), HorizontalPodAutoscalers and node groups at their maximum, and unavailable Deployments. Without a name: every cluster Runway reads, each with its verdict, reasons and problem counts; clusters that did not answer are listed in errors. A summary sentence says what is wrong. Needs eks.cluster.read (platform operators).`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          name: z
            .string()
            .optional()
            .describe(
              'The cluster name, e.g. eks-prod-euw1; omit it to list every cluster with its verdict',
            ),
        }),
      output: z => {
        const base = clusterBaseFields(z);
        return z.object({
          summary: z.string().describe('What is wrong, in words'),
          cluster: z
            .object({
              ...base,
              problemPods: z
                .array(
                  z.object({
                    namespace: z.string().describe('Namespace'),
                    ...problemPodFields(z),
                    owner: z
                      .string()
                      .optional()
                      .describe(
                        'Owning workload, e.g. Deployment/payments-api',
                      ),
                  }),
                )
                .describe('Pods that cannot serve'),
              warningEvents: z
                .array(
                  z.object({
                    namespace: z.string().optional().describe('Namespace'),
                    object: z.string().describe('The object, as Kind/name'),
                    reason: z.string().optional().describe('Event reason'),
                    message: z.string().optional().describe('Event message'),
                    count: z.number().describe('How many times it was seen'),
                    lastSeen: z
                      .string()
                      .optional()
                      .describe('ISO time it was last seen'),
                  }),
                )
                .describe(
                  `Warning events of the last hour, newest first (at most ${MAX_WARNING_EVENTS})`,
                ),
              warningEventCount: z
                .number()
                .describe('All warning events of the last hour'),
              hpasAtMax: z
                .array(
                  z.object({
                    namespace: z.string().describe('Namespace'),
                    name: z.string().describe('HPA name'),
                    target: z.string().describe('Scaled object, as Kind/name'),
                    max: z.number().describe('Maximum replicas'),
                    current: z.number().describe('Current replicas'),
                    desired: z.number().describe('Desired replicas'),
                  }),
                )
                .describe('HorizontalPodAutoscalers at their maximum'),
              nodeGroupsAtMax: z
                .array(
                  z.object({
                    name: z.string().describe('Node group name'),
                    nodes: z.number().describe('Nodes carrying its label'),
                    readyNodes: z.number().describe('Of which Ready'),
                    desired: z.number().optional().describe('Desired size'),
                    max: z.number().optional().describe('Maximum size'),
                    capacityType: z
                      .string()
                      .optional()
                      .describe('ON_DEMAND or SPOT'),
                    instanceTypes: z
                      .array(z.string())
                      .describe('Instance types'),
                  }),
                )
                .describe('Node groups whose desired size is at the maximum'),
              unavailableDeployments: z
                .array(
                  z.object({
                    namespace: z.string().describe('Namespace'),
                    name: z.string().describe('Deployment name'),
                    ready: z.number().describe('Ready replicas'),
                    desired: z.number().describe('Desired replicas'),
                  }),
                )
                .describe('Deployments with fewer ready replicas than desired'),
            })
            .optional()
            .describe('The named cluster (when a name was given)'),
          clusters: z
            .array(
              z.object({
                ...base,
                problemPods: z.number().describe('Pods that cannot serve'),
                warningEvents: z
                  .number()
                  .describe('Warning events of the last hour'),
                hpasAtMax: z.number().describe('HPAs at their maximum'),
                nodeGroupsAtMax: z
                  .number()
                  .describe('Node groups at their maximum'),
              }),
            )
            .optional()
            .describe('Every cluster (when no name was given)'),
          errors: z
            .array(clusterErrorSchema(z))
            .describe('Clusters that did not answer (the list is partial)'),
          eksSource: z
            .enum(['eks', 'sample', 'none'])
            .describe(
              "Where node groups and version data come from: the AWS EKS API, Runway's sample data, or none",
            ),
          generatedAt: z.string().describe('ISO time of the answer'),
        });
      },
    },
    action: async ({ input, credentials }) => {
      const checked = caller(credentials);
      const output =
        input.name === undefined
          ? clusterListOutput(await reads.clusters(checked))
          : clusterOutput(await reads.cluster(checked, input.name));
      return { output };
    },
  });
}
