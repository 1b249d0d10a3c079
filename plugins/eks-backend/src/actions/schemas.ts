// Zod schemas of the actions' outputs, built on the zod instance the actions
// registry hands to the schema callbacks.
import { ActionsRegistryActionOptions } from '@backstage/backend-plugin-api/alpha';

/** The zod instance the actions registry passes to schema callbacks. */
export type Zod = Parameters<
  ActionsRegistryActionOptions<any, any>['schema']['input']
>[0];

export const verdictSchema = (z: Zod) =>
  z
    .enum(['healthy', 'degraded', 'down'])
    .describe(
      'down: not serving; degraded: serving, with problems someone should look at; healthy',
    );

export const reasonSchema = (z: Zod) =>
  z.object({
    severity: z
      .enum(['critical', 'warning'])
      .describe('critical makes the verdict down, warning degraded'),
    code: z
      .string()
      .describe(
        'Stable machine-readable code, e.g. CrashLoopBackOff, HpaAtMax',
      ),
    message: z.string().describe('The reason in words'),
    object: z
      .string()
      .optional()
      .describe('The object concerned, as "Kind namespace/name"'),
  });

export const clusterErrorSchema = (z: Zod) =>
  z.object({
    cluster: z.string().describe('The cluster that did not answer'),
    kind: z
      .enum(['unreachable', 'timeout', 'unauthorized', 'not-synced', 'error'])
      .describe('Why'),
    message: z.string().describe('What went wrong, in words'),
  });

export const nodeCountsSchema = (z: Zod) =>
  z
    .object({
      total: z.number().describe('Nodes in the cluster'),
      ready: z.number().describe('Nodes Ready'),
      notReady: z.number().describe('Nodes not Ready'),
    })
    .describe('Node counts');

/** Fields a listed cluster and a single cluster share. */
export const clusterBaseFields = (z: Zod) => ({
  name: z.string().describe('Cluster name'),
  verdict: verdictSchema(z),
  reasons: z
    .array(reasonSchema(z))
    .describe('Why the verdict is not healthy, worst first'),
  region: z.string().optional().describe('AWS region, when known'),
  kubernetesVersion: z
    .string()
    .optional()
    .describe('Kubernetes minor version, e.g. 1.34'),
  versionSupport: z
    .string()
    .describe(
      'EKS support of that version, e.g. "standard support until 2026-12-02"',
    ),
  nodes: nodeCountsSchema(z),
  syncedAt: z
    .string()
    .optional()
    .describe("ISO time of the cache's last change (the data's age)"),
});

/** Fields of a pod that cannot serve, as both actions give it. */
export const problemPodFields = (z: Zod) => ({
  name: z.string().describe('Pod name'),
  reason: z
    .string()
    .describe('CrashLoopBackOff, ImagePullBackOff, Unschedulable, Failed, ...'),
  message: z.string().optional().describe('Kubernetes message'),
  container: z.string().optional().describe('The failing container'),
  restarts: z.number().describe('Restarts'),
  node: z.string().optional().describe('Node'),
});
