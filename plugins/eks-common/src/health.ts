import { NODE_LABELS, WORKLOAD_LABELS } from './annotations';
import {
  ClusterSnapshot,
  Deployment,
  HorizontalPodAutoscaler,
  KubeEvent,
  Pod,
  selects,
  toTime,
} from './kube';
import { cpuMillis, memoryBytes } from './quantity';
import {
  ChecklistItem,
  ClusterHealth,
  DeploymentSummary,
  EksClusterInfo,
  EventSummary,
  HpaSummary,
  NodeGroupSummary,
  NodeSummary,
  PodSummary,
  ProblemPod,
  Reason,
  ServiceHealth,
  Verdict,
  WorkloadHealth,
} from './types';
import { versionSupport } from './versions';

const HOUR = 3_600_000;
const WAITING_PROBLEMS = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'CreateContainerConfigError',
  'CreateContainerError',
  'InvalidImageName',
  'RunContainerError',
]);

/** The verdict implied by reasons: any critical is down, any warning degraded. */
export function verdictOf(reasons: Reason[]): Verdict {
  if (reasons.some(r => r.severity === 'critical')) return 'down';
  if (reasons.some(r => r.severity === 'warning')) return 'degraded';
  return 'healthy';
}

/** The worse of verdicts. */
export function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('down')) return 'down';
  if (verdicts.includes('degraded')) return 'degraded';
  return 'healthy';
}

function isNodeReady(node: ClusterSnapshot['nodes'][number]): boolean {
  return (
    node.status?.conditions?.some(
      c => c.type === 'Ready' && c.status === 'True',
    ) ?? false
  );
}

function podOwner(
  pod: Pod,
  replicaSets: ClusterSnapshot['replicaSets'],
): string | undefined {
  const ref = pod.metadata.ownerReferences?.[0];
  if (!ref) return undefined;
  if (ref.kind === 'ReplicaSet') {
    const rs = replicaSets.find(
      r =>
        r.metadata.name === ref.name &&
        r.metadata.namespace === pod.metadata.namespace,
    );
    const dep = rs?.metadata.ownerReferences?.find(
      o => o.kind === 'Deployment',
    );
    if (dep) return `Deployment/${dep.name}`;
  }
  return `${ref.kind}/${ref.name}`;
}

/**
 * What is wrong with a pod, if anything: a container waiting in a failure
 * state (crash loop, image pull), unschedulable, or failed.
 */
export function podProblem(
  pod: Pod,
  replicaSets: ClusterSnapshot['replicaSets'] = [],
): ProblemPod | undefined {
  const base = {
    namespace: pod.metadata.namespace ?? '',
    name: pod.metadata.name ?? '',
    node: pod.spec?.nodeName,
    owner: podOwner(pod, replicaSets),
  };
  const restarts = (pod.status?.containerStatuses ?? []).reduce(
    (n, c) => n + (c.restartCount ?? 0),
    0,
  );
  for (const c of pod.status?.containerStatuses ?? []) {
    const waiting = c.state?.waiting;
    if (waiting?.reason && WAITING_PROBLEMS.has(waiting.reason)) {
      const last = c.lastState?.terminated;
      return {
        ...base,
        reason: waiting.reason,
        message: waiting.message,
        container: c.name,
        restarts,
        lastExitCode: last?.exitCode,
        lastTerminationReason: last?.reason,
        lastTerminationMessage: last?.message,
      };
    }
  }
  if (pod.status?.phase === 'Pending') {
    const scheduled = pod.status.conditions?.find(
      c => c.type === 'PodScheduled',
    );
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      return {
        ...base,
        reason: 'Unschedulable',
        message: scheduled.message,
        restarts,
      };
    }
  }
  if (pod.status?.phase === 'Failed') {
    return { ...base, reason: 'Failed', restarts };
  }
  return undefined;
}

function eventTime(e: KubeEvent): number | undefined {
  return (
    toTime(e.lastTimestamp) ??
    toTime(e.eventTime) ??
    toTime(e.firstTimestamp) ??
    toTime(e.metadata.creationTimestamp)
  );
}

/** Warning events seen within `windowMs` before `now`, newest first. */
export function recentWarnings(
  events: KubeEvent[],
  now: Date,
  windowMs = HOUR,
): EventSummary[] {
  return events
    .filter(e => e.type === 'Warning')
    .map(e => ({ e, t: eventTime(e) }))
    .filter(({ t }) => t !== undefined && now.getTime() - t <= windowMs)
    .sort((a, b) => (b.t ?? 0) - (a.t ?? 0))
    .map(({ e, t }) => ({
      namespace: e.involvedObject?.namespace ?? e.metadata.namespace,
      object: `${e.involvedObject?.kind ?? '?'}/${
        e.involvedObject?.name ?? '?'
      }`,
      reason: e.reason,
      message: e.message,
      count: e.count ?? 1,
      lastSeen: t === undefined ? undefined : new Date(t).toISOString(),
    }));
}

/** HPA status in numbers; at max when desired (or current) reached maxReplicas. */
export function hpaSummary(h: HorizontalPodAutoscaler): HpaSummary {
  const max = h.spec?.maxReplicas ?? 0;
  const current = h.status?.currentReplicas ?? 0;
  const desired = h.status?.desiredReplicas ?? 0;
  const limited = h.status?.conditions?.find(
    c => c.type === 'ScalingLimited' && c.status === 'True',
  );
  return {
    namespace: h.metadata.namespace ?? '',
    name: h.metadata.name ?? '',
    target: `${h.spec?.scaleTargetRef.kind}/${h.spec?.scaleTargetRef.name}`,
    min: h.spec?.minReplicas ?? 1,
    max,
    current,
    desired,
    atMax: max > 0 && Math.max(current, desired) >= max,
    limitedReason: limited?.reason,
  };
}

function sumRequests(pods: Pod[]): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const p of pods) {
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')
      continue;
    for (const c of p.spec?.containers ?? []) {
      cpu += cpuMillis(c.resources?.requests?.cpu);
      memory += memoryBytes(c.resources?.requests?.memory);
    }
  }
  return { cpu, memory };
}

/**
 * One cluster's health: nodes and node groups, capacity, pods by phase,
 * problem pods, recent warnings, HPAs at max, unavailable deployments,
 * PDBs that block evictions, version support and upgrade readiness.
 *
 * @public
 */
export function clusterHealth(
  snapshot: ClusterSnapshot,
  now: Date,
  eks?: EksClusterInfo,
): ClusterHealth {
  const reasons: Reason[] = [];
  const podsByNode = new Map<string, Pod[]>();
  for (const p of snapshot.pods) {
    if (p.spec?.nodeName) {
      const list = podsByNode.get(p.spec.nodeName) ?? [];
      list.push(p);
      podsByNode.set(p.spec.nodeName, list);
    }
  }
  const nodeItems: NodeSummary[] = snapshot.nodes.map(n => {
    const labels = n.metadata.labels ?? {};
    const req = sumRequests(podsByNode.get(n.metadata.name ?? '') ?? []);
    return {
      name: n.metadata.name ?? '',
      ready: isNodeReady(n),
      nodegroup: labels[NODE_LABELS.nodegroup],
      capacityType: labels[NODE_LABELS.capacityType],
      instanceType: labels[NODE_LABELS.instanceType],
      zone: labels[NODE_LABELS.zone],
      cpuAllocatableMillis: cpuMillis(n.status?.allocatable?.cpu),
      cpuRequestedMillis: req.cpu,
      memoryAllocatableBytes: memoryBytes(n.status?.allocatable?.memory),
      memoryRequestedBytes: req.memory,
      pods: (podsByNode.get(n.metadata.name ?? '') ?? []).length,
      unschedulable: n.spec?.unschedulable ?? false,
      kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
    };
  });
  const ready = nodeItems.filter(n => n.ready).length;
  const notReady = nodeItems.length - ready;
  if (nodeItems.length > 0 && ready === 0) {
    reasons.push({
      severity: 'critical',
      code: 'NoReadyNodes',
      message: `none of ${nodeItems.length} nodes is Ready`,
    });
  } else if (notReady > 0) {
    reasons.push({
      severity: 'warning',
      code: 'NodesNotReady',
      message: `${notReady} of ${nodeItems.length} nodes not Ready`,
    });
  }

  // node groups: EKS' scaling config, merged with the labelled nodes
  const groupNames = new Set<string>([
    ...(eks?.nodeGroups.map(g => g.name) ?? []),
    ...nodeItems.map(n => n.nodegroup).filter((g): g is string => !!g),
  ]);
  const nodeGroups: NodeGroupSummary[] = [...groupNames].sort().map(name => {
    const members = nodeItems.filter(n => n.nodegroup === name);
    const described = eks?.nodeGroups.find(g => g.name === name);
    const instanceTypes = described?.instanceTypes.length
      ? described.instanceTypes
      : [
          ...new Set(
            members.map(m => m.instanceType).filter((t): t is string => !!t),
          ),
        ].sort();
    const atMax =
      described?.max !== undefined &&
      described.desired !== undefined &&
      described.desired >= described.max;
    return {
      name,
      capacityType: described?.capacityType ?? members[0]?.capacityType,
      instanceTypes,
      nodes: members.length,
      readyNodes: members.filter(m => m.ready).length,
      desired: described?.desired,
      min: described?.min,
      max: described?.max,
      atMax,
      status: described?.status,
    };
  });
  for (const g of nodeGroups.filter(x => x.atMax)) {
    reasons.push({
      severity: 'warning',
      code: 'NodeGroupAtMax',
      message: `node group ${g.name} is at its maximum size (${g.desired}/${g.max}): the autoscaler cannot add nodes`,
      object: `NodeGroup ${g.name}`,
    });
  }

  const capacity = {
    cpuAllocatableMillis: nodeItems.reduce(
      (n, x) => n + x.cpuAllocatableMillis,
      0,
    ),
    cpuRequestedMillis: nodeItems.reduce((n, x) => n + x.cpuRequestedMillis, 0),
    memoryAllocatableBytes: nodeItems.reduce(
      (n, x) => n + x.memoryAllocatableBytes,
      0,
    ),
    memoryRequestedBytes: nodeItems.reduce(
      (n, x) => n + x.memoryRequestedBytes,
      0,
    ),
  };

  const podsByPhase: Record<string, number> = {};
  for (const p of snapshot.pods) {
    const phase = p.status?.phase ?? 'Unknown';
    podsByPhase[phase] = (podsByPhase[phase] ?? 0) + 1;
  }

  const problemPods = snapshot.pods
    .map(p => podProblem(p, snapshot.replicaSets))
    .filter((p): p is ProblemPod => !!p)
    .sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    );
  const byReason = new Map<string, number>();
  for (const p of problemPods)
    byReason.set(p.reason, (byReason.get(p.reason) ?? 0) + 1);
  for (const [reason, count] of byReason) {
    const examples = problemPods
      .filter(p => p.reason === reason)
      .slice(0, 3)
      .map(p => `${p.namespace}/${p.name}`);
    reasons.push({
      severity: 'warning',
      code: reason,
      message: `${count} pod${count > 1 ? 's' : ''} ${reason}: ${examples.join(
        ', ',
      )}${count > 3 ? ', …' : ''}`,
    });
  }

  const hpasAtMax = snapshot.hpas.map(hpaSummary).filter(h => h.atMax);
  for (const h of hpasAtMax) {
    reasons.push({
      severity: 'warning',
      code: 'HpaAtMax',
      message: `HPA ${h.namespace}/${h.name} is at its maximum of ${h.max} replicas`,
      object: `HorizontalPodAutoscaler ${h.namespace}/${h.name}`,
    });
  }

  const unavailableDeployments = snapshot.deployments
    .map(d => ({
      namespace: d.metadata.namespace ?? '',
      name: d.metadata.name ?? '',
      ready: d.status?.availableReplicas ?? 0,
      desired: d.spec?.replicas ?? 1,
    }))
    .filter(d => d.ready < d.desired);
  for (const d of unavailableDeployments) {
    reasons.push({
      severity: 'warning',
      code: 'DeploymentUnavailable',
      message: `Deployment ${d.namespace}/${d.name} has ${d.ready}/${d.desired} replicas available`,
      object: `Deployment ${d.namespace}/${d.name}`,
    });
  }

  const pdbsBlockingEvictions = snapshot.pdbs
    .filter(
      p =>
        (p.status?.expectedPods ?? 0) > 0 &&
        (p.status?.disruptionsAllowed ?? 0) === 0,
    )
    .map(p => ({
      namespace: p.metadata.namespace ?? '',
      name: p.metadata.name ?? '',
      expectedPods: p.status?.expectedPods ?? 0,
    }));
  for (const p of pdbsBlockingEvictions) {
    reasons.push({
      severity: 'warning',
      code: 'PdbBlocksEvictions',
      message: `PodDisruptionBudget ${p.namespace}/${p.name} allows no disruption: node drains will stall`,
      object: `PodDisruptionBudget ${p.namespace}/${p.name}`,
    });
  }

  const version = versionSupport(snapshot.gitVersion ?? eks?.version, now);
  if (version.status === 'end-of-support') {
    reasons.push({
      severity: 'warning',
      code: 'VersionEndOfSupport',
      message: `Kubernetes ${version.version} is past end of extended support (${version.until})`,
    });
  } else if (version.status === 'extended') {
    reasons.push({
      severity: 'warning',
      code: 'VersionExtendedSupport',
      message: `Kubernetes ${version.version} is in extended support (extra cost) until ${version.until}`,
    });
  } else if (version.status === 'standard' && (version.daysLeft ?? 999) <= 60) {
    reasons.push({
      severity: 'warning',
      code: 'VersionStandardSupportEnding',
      message: `standard support for Kubernetes ${version.version} ends ${version.until} (in ${version.daysLeft} days)`,
    });
  }

  const warningEvents = recentWarnings(snapshot.events, now);
  const insights = eks?.insights ?? [];
  const blockers = [
    ...pdbsBlockingEvictions.map(
      p => `PodDisruptionBudget ${p.namespace}/${p.name} allows no disruption`,
    ),
    ...insights
      .filter(i => i.status === 'ERROR' || i.status === 'WARNING')
      .map(i => `${i.name}: ${i.status}`),
  ];

  return {
    name: snapshot.name,
    verdict: verdictOf(reasons),
    reasons,
    version,
    nodes: { total: nodeItems.length, ready, notReady, items: nodeItems },
    nodeGroups,
    capacity,
    podsByPhase,
    problemPods,
    warningEvents,
    hpasAtMax,
    unavailableDeployments,
    pdbsBlockingEvictions,
    upgrade: { insights, blockers },
    eks: eks
      ? {
          source: eks.source,
          fetchedAt: eks.fetchedAt,
          addons: eks.addons,
          platformVersion: eks.platformVersion,
        }
      : undefined,
  };
}

/** Whether an object belongs to the service with this kubernetes-id. */
export function belongsTo(
  labels: Record<string, string> | undefined,
  id: string,
): boolean {
  return (
    labels?.[WORKLOAD_LABELS.kubernetesId] === id ||
    labels?.[WORKLOAD_LABELS.name] === id
  );
}

function revisionOf(meta: {
  annotations?: Record<string, string>;
}): number | undefined {
  const r = meta.annotations?.['deployment.kubernetes.io/revision'];
  return r ? Number(r) : undefined;
}

function deploymentSummary(
  d: Deployment,
  snapshot: ClusterSnapshot,
  pods: Pod[],
): DeploymentSummary {
  const ns = d.metadata.namespace ?? '';
  const revision = revisionOf(d.metadata);
  const rs = snapshot.replicaSets.find(
    r =>
      r.metadata.namespace === ns &&
      r.metadata.ownerReferences?.some(
        o => o.kind === 'Deployment' && o.name === d.metadata.name,
      ) &&
      revisionOf(r.metadata) === revision,
  );
  const progressing = d.status?.conditions?.find(c => c.type === 'Progressing');
  const desired = d.spec?.replicas ?? 1;
  const updated = d.status?.updatedReplicas ?? 0;
  const available = d.status?.availableReplicas ?? 0;
  let rollout: DeploymentSummary['rollout'] = 'complete';
  if (d.spec?.paused) rollout = 'paused';
  else if (
    progressing?.status === 'False' &&
    progressing.reason === 'ProgressDeadlineExceeded'
  )
    rollout = 'stalled';
  else if (
    updated < desired ||
    available < desired ||
    (d.status?.replicas ?? 0) > desired
  )
    rollout = 'progressing';
  return {
    namespace: ns,
    name: d.metadata.name ?? '',
    revision,
    rollout,
    rolloutMessage: progressing?.message,
    ready: d.status?.readyReplicas ?? 0,
    desired,
    updated,
    restarts: pods.reduce(
      (n, p) =>
        n +
        (p.status?.containerStatuses ?? []).reduce(
          (m, c) => m + c.restartCount,
          0,
        ),
      0,
    ),
    image: d.spec?.template?.spec?.containers[0]?.image,
    lastDeploy: rs?.metadata.creationTimestamp
      ? new Date(toTime(rs.metadata.creationTimestamp) ?? 0).toISOString()
      : undefined,
    changeCause: d.metadata.annotations?.['kubernetes.io/change-cause'],
  };
}

/**
 * The production-readiness checklist of one service's deployments in one
 * namespace: probes, requests/limits, non-root, read-only root FS, PDB,
 * NetworkPolicy, ServiceMonitor, HPA.
 *
 * @public
 */
export function readinessChecklist(
  deployments: Deployment[],
  snapshot: ClusterSnapshot,
  namespace: string,
): ChecklistItem[] {
  const containers = deployments.flatMap(d =>
    (d.spec?.template?.spec?.containers ?? []).map(c => ({ d, c })),
  );
  const missing = (
    pred: (x: {
      d: Deployment;
      c: (typeof containers)[number]['c'];
    }) => boolean,
  ) => containers.filter(x => !pred(x)).map(x => x.c.name);
  const detail = (names: string[], what: string) =>
    names.length ? `${what}: ${[...new Set(names)].join(', ')}` : undefined;
  const labelsOf = (d: Deployment) => d.spec?.template?.metadata?.labels ?? {};
  const inNs = <T extends { metadata: { namespace?: string } }>(xs: T[]) =>
    xs.filter(x => x.metadata.namespace === namespace);

  const noProbes = missing(({ c }) => !!c.readinessProbe && !!c.livenessProbe);
  const noResources = missing(
    ({ c }) =>
      !!c.resources?.requests?.cpu &&
      !!c.resources?.requests?.memory &&
      !!c.resources?.limits?.memory,
  );
  const root = missing(
    ({ d, c }) =>
      (c.securityContext?.runAsNonRoot ??
        d.spec?.template?.spec?.securityContext?.runAsNonRoot) === true,
  );
  const writable = missing(
    ({ c }) => c.securityContext?.readOnlyRootFilesystem === true,
  );
  const withoutPdb = deployments.filter(
    d => !inNs(snapshot.pdbs).some(p => selects(p.spec?.selector, labelsOf(d))),
  );
  const withoutNetpol = deployments.filter(
    d =>
      !inNs(snapshot.networkPolicies).some(p =>
        selects(p.spec?.podSelector, labelsOf(d)),
      ),
  );
  const withoutMonitor = deployments.filter(
    d =>
      !inNs(snapshot.serviceMonitors).some(m =>
        selects(m.spec?.selector, d.metadata.labels ?? labelsOf(d)),
      ),
  );
  const withoutHpa = deployments.filter(
    d =>
      !inNs(snapshot.hpas).some(
        h =>
          h.spec?.scaleTargetRef.kind === 'Deployment' &&
          h.spec.scaleTargetRef.name === d.metadata.name,
      ),
  );
  const names = (ds: Deployment[]) => ds.map(d => d.metadata.name ?? '');
  return [
    {
      id: 'probes',
      label: 'Readiness and liveness probes',
      ok: noProbes.length === 0,
      detail: detail(noProbes, 'missing in'),
    },
    {
      id: 'resources',
      label: 'CPU/memory requests and memory limit',
      ok: noResources.length === 0,
      detail: detail(noResources, 'missing in'),
    },
    {
      id: 'non-root',
      label: 'Runs as non-root',
      ok: root.length === 0,
      detail: detail(root, 'may run as root'),
    },
    {
      id: 'read-only-root-fs',
      label: 'Read-only root filesystem',
      ok: writable.length === 0,
      detail: detail(writable, 'writable in'),
    },
    {
      id: 'pdb',
      label: 'PodDisruptionBudget',
      ok: withoutPdb.length === 0,
      detail: detail(names(withoutPdb), 'none for'),
    },
    {
      id: 'network-policy',
      label: 'NetworkPolicy',
      ok: withoutNetpol.length === 0,
      detail: detail(names(withoutNetpol), 'none for'),
    },
    {
      id: 'service-monitor',
      label: 'ServiceMonitor (Prometheus scraping)',
      ok: withoutMonitor.length === 0,
      detail: detail(names(withoutMonitor), 'none for'),
    },
    {
      id: 'hpa',
      label: 'HorizontalPodAutoscaler',
      ok: withoutHpa.length === 0,
      detail: detail(names(withoutHpa), 'none for'),
    },
  ];
}

/**
 * One service's health in one cluster, per namespace: rollout state and
 * revision, ready/desired, restarts, last deploy, recent warnings, HPA
 * status, the checklist and a verdict with its reasons.
 *
 * @public
 */
export function workloadHealth(
  snapshot: ClusterSnapshot,
  id: string,
  now: Date,
  options: { namespace?: string } = {},
): WorkloadHealth[] {
  const deployments = snapshot.deployments.filter(
    d =>
      belongsTo(d.metadata.labels, id) &&
      (!options.namespace || d.metadata.namespace === options.namespace),
  );
  const namespaces = [
    ...new Set(deployments.map(d => d.metadata.namespace ?? '')),
  ].sort();
  return namespaces.map(namespace => {
    const deps = deployments.filter(d => d.metadata.namespace === namespace);
    const pods = snapshot.pods.filter(
      p =>
        p.metadata.namespace === namespace &&
        (belongsTo(p.metadata.labels, id) ||
          deps.some(d => selects(d.spec?.selector, p.metadata.labels))),
    );
    const reasons: Reason[] = [];
    const summaries = deps.map(d =>
      deploymentSummary(
        d,
        snapshot,
        pods.filter(p => selects(d.spec?.selector, p.metadata.labels)),
      ),
    );
    for (const d of summaries) {
      const obj = `Deployment ${namespace}/${d.name}`;
      if (d.desired > 0 && d.ready === 0) {
        reasons.push({
          severity: 'critical',
          code: 'NoReadyReplicas',
          message: `${d.name}: 0/${d.desired} replicas ready`,
          object: obj,
        });
      } else if (d.ready < d.desired) {
        reasons.push({
          severity: 'warning',
          code: 'ReplicasUnavailable',
          message: `${d.name}: ${d.ready}/${d.desired} replicas ready`,
          object: obj,
        });
      }
      if (d.rollout === 'stalled') {
        reasons.push({
          severity: 'warning',
          code: 'RolloutStalled',
          message: `${d.name}: rollout of revision ${
            d.revision ?? '?'
          } stalled (${d.rolloutMessage ?? 'ProgressDeadlineExceeded'})`,
          object: obj,
        });
      }
    }
    const podSummaries: PodSummary[] = pods.map(p => {
      const problem = podProblem(p, snapshot.replicaSets);
      const rs = snapshot.replicaSets.find(
        r =>
          r.metadata.namespace === namespace &&
          r.metadata.name === p.metadata.ownerReferences?.[0]?.name,
      );
      return {
        namespace,
        name: p.metadata.name ?? '',
        phase: p.status?.phase ?? 'Unknown',
        ready:
          p.status?.conditions?.some(
            c => c.type === 'Ready' && c.status === 'True',
          ) ?? false,
        restarts: (p.status?.containerStatuses ?? []).reduce(
          (n, c) => n + c.restartCount,
          0,
        ),
        node: p.spec?.nodeName,
        problem,
        revision: rs ? revisionOf(rs.metadata) : undefined,
      };
    });
    for (const p of podSummaries.filter(x => x.problem)) {
      const pr = p.problem!;
      const last =
        pr.lastExitCode !== undefined
          ? `, last exit code ${pr.lastExitCode}${
              pr.lastTerminationReason ? ` (${pr.lastTerminationReason})` : ''
            }`
          : '';
      const restarts = pr.restarts ? `, ${pr.restarts} restarts` : '';
      reasons.push({
        severity: 'warning',
        code: pr.reason,
        message: `pod ${p.name}${
          p.revision ? ` (revision ${p.revision})` : ''
        }: ${pr.reason}${restarts}${last}${
          pr.message ? ` — ${pr.message}` : ''
        }`,
        object: `Pod ${namespace}/${p.name}`,
      });
    }
    const hpas = snapshot.hpas
      .filter(
        h =>
          h.metadata.namespace === namespace &&
          deps.some(d => h.spec?.scaleTargetRef.name === d.metadata.name),
      )
      .map(hpaSummary);
    for (const h of hpas.filter(x => x.atMax)) {
      reasons.push({
        severity: 'warning',
        code: 'HpaAtMax',
        message: `HPA ${h.name} pinned at its maximum of ${h.max} replicas${
          h.limitedReason ? ` (${h.limitedReason})` : ''
        }`,
        object: `HorizontalPodAutoscaler ${namespace}/${h.name}`,
      });
    }
    for (const pdb of snapshot.pdbs.filter(
      p =>
        p.metadata.namespace === namespace &&
        deps.some(d =>
          selects(p.spec?.selector, d.spec?.template?.metadata?.labels),
        ),
    )) {
      if (
        (pdb.status?.expectedPods ?? 0) > 0 &&
        (pdb.status?.disruptionsAllowed ?? 0) === 0
      ) {
        reasons.push({
          severity: 'warning',
          code: 'PdbBlocksEvictions',
          message: `PodDisruptionBudget ${pdb.metadata.name} allows no disruption: node drains will stall`,
          object: `PodDisruptionBudget ${namespace}/${pdb.metadata.name}`,
        });
      }
    }
    const names = new Set([
      ...deps.map(d => `Deployment/${d.metadata.name}`),
      ...pods.map(p => `Pod/${p.metadata.name}`),
      ...hpas.map(h => `HorizontalPodAutoscaler/${h.name}`),
    ]);
    const events = recentWarnings(
      snapshot.events.filter(
        e =>
          (e.involvedObject?.namespace ?? e.metadata.namespace) === namespace,
      ),
      now,
    ).filter(e => names.has(e.object));
    const environment = deps[0]?.metadata.labels?.[WORKLOAD_LABELS.environment];
    return {
      cluster: snapshot.name,
      namespace,
      environment,
      verdict: verdictOf(reasons),
      reasons,
      deployments: summaries,
      pods: podSummaries,
      hpas,
      events,
      checklist: readinessChecklist(deps, snapshot, namespace),
    };
  });
}

/**
 * One verdict for a service across every cluster: the worst of its
 * workloads' verdicts, with their reasons prefixed by cluster/namespace.
 *
 * @public
 */
export function serviceHealth(
  id: string,
  workloads: WorkloadHealth[],
): ServiceHealth {
  const reasons = workloads.flatMap(w =>
    w.reasons.map(r => ({
      ...r,
      message: `${w.cluster}/${w.namespace}: ${r.message}`,
    })),
  );
  return {
    id,
    verdict: workloads.length
      ? worst(workloads.map(w => w.verdict))
      : 'healthy',
    reasons,
    workloads,
  };
}
