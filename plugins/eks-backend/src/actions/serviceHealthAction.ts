import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { EksReads } from '../service/reads';
import {
  clusterErrorSchema,
  problemPodFields,
  reasonSchema,
  verdictSchema,
} from './schemas';
import { serviceHealthOutput } from './summaries';
import { CallerCheck } from './caller';

/**
 * `service-health`: one service's verdict across clusters, from the same
 * read as `GET /workloads?entity=` (the same checks: eks.workload.read on
 * the entity, the entity resolved through the catalog as the caller,
 * kubernetes-id claims, restricted namespaces).
 */
export function registerServiceHealthAction(options: {
  actionsRegistry: ActionsRegistryService;
  reads: EksReads;
  caller: CallerCheck;
}): void {
  const { actionsRegistry, reads, caller } = options;
  actionsRegistry.register({
    name: 'service-health',
    title: 'Health of a service in Kubernetes',
    description: `One catalog entity's health across every EKS cluster Runway reads: a verdict (healthy, degraded or down) with the reasons in words, per cluster and namespace the Deployments' rollouts and the Argo Rollouts (a canary's step, weight and analysis), the pods (counts and the ones with a problem: crash loop, image pull, unschedulable...) and the production-readiness checklist, and the service's Argo CD Applications (sync and health). A summary sentence says what is wrong. Clusters that did not answer are listed in errors; the rest of the answer still stands. Needs eks.workload.read on the entity; workloads in restricted namespaces are left out for callers without eks.restricted-namespace.read.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          entityRef: z
            .string()
            .describe(
              'The entity as kind:namespace/name, e.g. component:default/checkout-api; the kind is required, the namespace defaults to default (component:checkout-api)',
            ),
        }),
      output: z =>
        z.object({
          entityRef: z.string().describe('The entity, normalised'),
          kubernetesId: z
            .string()
            .describe("The entity's backstage.io/kubernetes-id"),
          verdict: verdictSchema(z).describe(
            "The worst of its workloads' verdicts (healthy when none was found)",
          ),
          summary: z.string().describe('What is wrong, in words'),
          reasons: z
            .array(reasonSchema(z))
            .describe(
              'Every reason, each message prefixed by cluster/namespace',
            ),
          workloads: z
            .array(
              z.object({
                cluster: z.string().describe('Cluster name'),
                namespace: z.string().describe('Kubernetes namespace'),
                environment: z
                  .string()
                  .optional()
                  .describe("The cluster's environment, when configured"),
                verdict: verdictSchema(z),
                reasons: z
                  .array(reasonSchema(z))
                  .describe('Why this workload is not healthy'),
                rollouts: z
                  .array(
                    z.object({
                      name: z.string().describe('Deployment name'),
                      rollout: z
                        .enum(['complete', 'progressing', 'stalled', 'paused'])
                        .describe('Rollout state'),
                      rolloutMessage: z
                        .string()
                        .optional()
                        .describe('Why a rollout is stalled or progressing'),
                      revision: z
                        .number()
                        .optional()
                        .describe('Current revision'),
                      ready: z.number().describe('Ready replicas'),
                      desired: z.number().describe('Desired replicas'),
                      updated: z
                        .number()
                        .describe('Replicas on the current revision'),
                      restarts: z
                        .number()
                        .describe('Container restarts of its pods'),
                      image: z.string().optional().describe('Container image'),
                      lastDeploy: z
                        .string()
                        .optional()
                        .describe('ISO time the current revision was created'),
                      changeCause: z
                        .string()
                        .optional()
                        .describe('kubernetes.io/change-cause of the revision'),
                    }),
                  )
                  .describe('The Deployments and their rollouts'),
                argoRollouts: z
                  .array(
                    z.object({
                      name: z.string().describe('Rollout name'),
                      phase: z
                        .string()
                        .describe(
                          'Healthy, Progressing, Paused or Degraded (an aborted canary)',
                        ),
                      message: z.string().optional(),
                      strategy: z.string().describe('canary or blueGreen'),
                      step: z
                        .string()
                        .optional()
                        .describe(
                          'Where a canary is: step N of M (what it does)',
                        ),
                      weight: z
                        .number()
                        .optional()
                        .describe("The canary's traffic weight in percent"),
                      analysis: z
                        .string()
                        .optional()
                        .describe(
                          "The current step's AnalysisRun and its status",
                        ),
                      aborted: z.boolean(),
                      ready: z.number().describe('Ready replicas'),
                      desired: z.number().describe('Desired replicas'),
                      image: z.string().optional(),
                    }),
                  )
                  .describe(
                    'Argo Rollouts Rollouts (empty where the CRD is not installed)',
                  ),
                pods: z
                  .object({
                    total: z.number().describe('Pods'),
                    ready: z.number().describe('Pods Ready'),
                    restarts: z
                      .number()
                      .describe('Container restarts, all pods'),
                    problems: z
                      .array(
                        z.object({
                          ...problemPodFields(z),
                          lastExitCode: z
                            .number()
                            .optional()
                            .describe("The failing container's last exit code"),
                          lastTerminationReason: z
                            .string()
                            .optional()
                            .describe(
                              'Its last termination reason (OOMKilled...)',
                            ),
                        }),
                      )
                      .describe('Pods that cannot serve'),
                  })
                  .describe('Pod counts and problem pods'),
                checklist: z
                  .array(
                    z.object({
                      id: z
                        .string()
                        .describe('Check id (probes, resources, pdb...)'),
                      label: z.string().describe('The check in words'),
                      ok: z.boolean().describe('Whether it passes'),
                      detail: z
                        .string()
                        .optional()
                        .describe('The containers or Deployments that fail it'),
                    }),
                  )
                  .describe('Production-readiness checklist'),
              }),
            )
            .describe('One entry per cluster and namespace'),
          applications: z
            .array(
              z.object({
                cluster: z
                  .string()
                  .describe('The cluster the Application was read from'),
                namespace: z.string(),
                name: z.string(),
                syncStatus: z.string().describe('Synced, OutOfSync, Unknown'),
                revision: z
                  .string()
                  .optional()
                  .describe('The commit it is synced to'),
                healthStatus: z
                  .string()
                  .describe(
                    'Healthy, Progressing, Suspended, Degraded, Missing',
                  ),
                healthMessage: z.string().optional(),
                destination: z
                  .string()
                  .describe('Where it deploys: cluster/namespace'),
              }),
            )
            .describe(
              "The service's Argo CD Applications (GitOps), shown as Argo CD reports them",
            ),
          errors: z
            .array(clusterErrorSchema(z))
            .describe('Clusters that did not answer (the answer is partial)'),
          canReadLogs: z
            .boolean()
            .describe(
              "Whether the caller may read the entity's container logs",
            ),
          generatedAt: z.string().describe('ISO time of the answer'),
        }),
    },
    action: async ({ input, credentials }) => {
      const body = await reads.workloads(caller(credentials), input.entityRef);
      return { output: serviceHealthOutput(body) };
    },
  });
}
