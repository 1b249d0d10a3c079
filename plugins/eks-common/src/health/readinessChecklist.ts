import { ArgoRollout } from '../argo';
import { ClusterSnapshot, Container, Deployment, selects } from '../kube';
import { ChecklistItem } from '../types';

type ChecklistId = ChecklistItem['id'];

/**
 * A Deployment, or an Argo Rollout with its own pod template (checked as a
 * Deployment is; `kind` tells which an HPA must target).
 */
type Workload = Deployment & { kind: 'Deployment' | 'Rollout' };

/** One container of one of the service's deployments. */
type DeploymentContainer = { d: Workload; c: Container };

/** The namespace's objects that a deployment-level check looks for. */
type NamespaceObjects = Pick<
  ClusterSnapshot,
  'pdbs' | 'networkPolicies' | 'serviceMonitors' | 'hpas'
>;

/** A check that every container of the deployments must pass. */
type ContainerCheck = {
  id: ChecklistId;
  label: string;
  /** how `detail` introduces the containers that fail */
  failing: string;
  passes: (x: DeploymentContainer) => boolean;
};

/** A check that every deployment must pass. */
type DeploymentCheck = {
  id: ChecklistId;
  label: string;
  passes: (d: Workload, objects: NamespaceObjects) => boolean;
};

function podLabels(d: Deployment): Record<string, string> {
  return d.spec?.template?.metadata?.labels ?? {};
}

const CONTAINER_CHECKS: ContainerCheck[] = [
  {
    id: 'probes',
    label: 'Readiness and liveness probes',
    failing: 'missing in',
    passes: ({ c }) => !!c.readinessProbe && !!c.livenessProbe,
  },
  {
    id: 'resources',
    label: 'CPU/memory requests and memory limit',
    failing: 'missing in',
    passes: ({ c }) =>
      !!c.resources?.requests?.cpu &&
      !!c.resources?.requests?.memory &&
      !!c.resources?.limits?.memory,
  },
  {
    id: 'non-root',
    label: 'Runs as non-root',
    failing: 'may run as root',
    passes: ({ d, c }) =>
      (c.securityContext?.runAsNonRoot ??
        d.spec?.template?.spec?.securityContext?.runAsNonRoot) === true,
  },
  {
    id: 'read-only-root-fs',
    label: 'Read-only root filesystem',
    failing: 'writable in',
    passes: ({ c }) => c.securityContext?.readOnlyRootFilesystem === true,
  },
];

const DEPLOYMENT_CHECKS: DeploymentCheck[] = [
  {
    id: 'pdb',
    label: 'PodDisruptionBudget',
    passes: (d, { pdbs }) =>
      pdbs.some(p => selects(p.spec?.selector, podLabels(d))),
  },
  {
    id: 'network-policy',
    label: 'NetworkPolicy',
    passes: (d, { networkPolicies }) =>
      networkPolicies.some(p => selects(p.spec?.podSelector, podLabels(d))),
  },
  {
    id: 'service-monitor',
    label: 'ServiceMonitor (Prometheus scraping)',
    passes: (d, { serviceMonitors }) =>
      serviceMonitors.some(m =>
        selects(m.spec?.selector, d.metadata.labels ?? podLabels(d)),
      ),
  },
  {
    id: 'hpa',
    label: 'HorizontalPodAutoscaler',
    passes: (d, { hpas }) =>
      hpas.some(
        h =>
          h.spec?.scaleTargetRef.kind === d.kind &&
          h.spec.scaleTargetRef.name === d.metadata.name,
      ),
  },
];

/** `what: a, b` for the distinct names that fail a check, none when all pass. */
function detail(names: string[], what: string): string | undefined {
  return names.length
    ? `${what}: ${[...new Set(names)].join(', ')}`
    : undefined;
}

function checkContainers(
  check: ContainerCheck,
  containers: DeploymentContainer[],
): ChecklistItem {
  const failing = containers.filter(x => !check.passes(x)).map(x => x.c.name);
  return {
    id: check.id,
    label: check.label,
    ok: failing.length === 0,
    detail: detail(failing, check.failing),
  };
}

function checkDeployments(
  check: DeploymentCheck,
  deployments: Workload[],
  objects: NamespaceObjects,
): ChecklistItem {
  const failing = deployments
    .filter(d => !check.passes(d, objects))
    .map(d => d.metadata.name ?? '');
  return {
    id: check.id,
    label: check.label,
    ok: failing.length === 0,
    detail: detail(failing, 'none for'),
  };
}

/** The PDBs, NetworkPolicies, ServiceMonitors and HPAs of one namespace. */
function namespaceObjects(
  snapshot: ClusterSnapshot,
  namespace: string,
): NamespaceObjects {
  const inNs = <T extends { metadata: { namespace?: string } }>(xs: T[]) =>
    xs.filter(x => x.metadata.namespace === namespace);
  return {
    pdbs: inNs(snapshot.pdbs),
    networkPolicies: inNs(snapshot.networkPolicies),
    serviceMonitors: inNs(snapshot.serviceMonitors),
    hpas: inNs(snapshot.hpas),
  };
}

/**
 * The production-readiness checklist of one service's deployments (and
 * Argo Rollouts with a pod template) in one namespace: probes,
 * requests/limits, non-root, read-only root FS, PDB, NetworkPolicy,
 * ServiceMonitor, HPA.
 *
 * @public
 */
export function readinessChecklist(
  deps: Deployment[],
  snapshot: ClusterSnapshot,
  namespace: string,
  rollouts: ArgoRollout[] = [],
): ChecklistItem[] {
  const deployments: Workload[] = [
    ...deps.map(d => ({ ...d, kind: 'Deployment' as const })),
    ...rollouts.map(r => ({ ...(r as Deployment), kind: 'Rollout' as const })),
  ];
  const containers = deployments.flatMap(d =>
    (d.spec?.template?.spec?.containers ?? []).map(c => ({ d, c })),
  );
  const objects = namespaceObjects(snapshot, namespace);
  return [
    ...CONTAINER_CHECKS.map(check => checkContainers(check, containers)),
    ...DEPLOYMENT_CHECKS.map(check =>
      checkDeployments(check, deployments, objects),
    ),
  ];
}
