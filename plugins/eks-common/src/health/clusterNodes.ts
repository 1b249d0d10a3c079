import { NODE_LABELS } from '../annotations';
import { ClusterSnapshot, Pod } from '../kube';
import { cpuMillis, memoryBytes } from '../quantity';
import {
  ClusterHealth,
  EksClusterInfo,
  NodeGroupSummary,
  NodeSummary,
  Reason,
} from '../types';
import { hasReadyCondition } from './objects';

/** CPU and memory requested by the pods that still hold their resources. */
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

/** Scheduled pods by the name of their node. */
function podsByNodeName(pods: Pod[]): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const p of pods) {
    if (p.spec?.nodeName) {
      const list = byNode.get(p.spec.nodeName) ?? [];
      list.push(p);
      byNode.set(p.spec.nodeName, list);
    }
  }
  return byNode;
}

/** Every node with its labels, readiness, allocatable and requested capacity. */
export function nodeSummaries(snapshot: ClusterSnapshot): NodeSummary[] {
  const podsByNode = podsByNodeName(snapshot.pods);
  return snapshot.nodes.map(n => {
    const labels = n.metadata.labels ?? {};
    const pods = podsByNode.get(n.metadata.name ?? '') ?? [];
    const req = sumRequests(pods);
    return {
      name: n.metadata.name ?? '',
      ready: hasReadyCondition(n),
      nodegroup: labels[NODE_LABELS.nodegroup],
      capacityType: labels[NODE_LABELS.capacityType],
      instanceType: labels[NODE_LABELS.instanceType],
      zone: labels[NODE_LABELS.zone],
      cpuAllocatableMillis: cpuMillis(n.status?.allocatable?.cpu),
      cpuRequestedMillis: req.cpu,
      memoryAllocatableBytes: memoryBytes(n.status?.allocatable?.memory),
      memoryRequestedBytes: req.memory,
      pods: pods.length,
      unschedulable: n.spec?.unschedulable ?? false,
      kubeletVersion: n.status?.nodeInfo?.kubeletVersion,
    };
  });
}

/** Node totals: all, ready and not ready, with the nodes themselves. */
export function nodeCounts(items: NodeSummary[]): ClusterHealth['nodes'] {
  const ready = items.filter(n => n.ready).length;
  return { total: items.length, ready, notReady: items.length - ready, items };
}

/** Critical when no node is ready, a warning when some are not. */
export function nodeReadinessReasons(nodes: ClusterHealth['nodes']): Reason[] {
  if (nodes.total > 0 && nodes.ready === 0) {
    return [
      {
        severity: 'critical',
        code: 'NoReadyNodes',
        message: `none of ${nodes.total} nodes is Ready`,
      },
    ];
  }
  if (nodes.notReady > 0) {
    return [
      {
        severity: 'warning',
        code: 'NodesNotReady',
        message: `${nodes.notReady} of ${nodes.total} nodes not Ready`,
      },
    ];
  }
  return [];
}

/** One node group: EKS' scaling config merged with the nodes carrying its label. */
function nodeGroupSummary(
  name: string,
  nodes: NodeSummary[],
  eks?: EksClusterInfo,
): NodeGroupSummary {
  const members = nodes.filter(n => n.nodegroup === name);
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
}

/** Node groups known to EKS or named by node labels, sorted by name. */
export function nodeGroupSummaries(
  nodes: NodeSummary[],
  eks?: EksClusterInfo,
): NodeGroupSummary[] {
  const groupNames = new Set<string>([
    ...(eks?.nodeGroups.map(g => g.name) ?? []),
    ...nodes.map(n => n.nodegroup).filter((g): g is string => !!g),
  ]);
  return [...groupNames].sort().map(name => nodeGroupSummary(name, nodes, eks));
}

/** A warning for each node group the autoscaler cannot grow. */
export function nodeGroupReasons(groups: NodeGroupSummary[]): Reason[] {
  return groups
    .filter(g => g.atMax)
    .map(
      (g): Reason => ({
        severity: 'warning',
        code: 'NodeGroupAtMax',
        message: `node group ${g.name} is at its maximum size (${g.desired}/${g.max}): the autoscaler cannot add nodes`,
        object: `NodeGroup ${g.name}`,
      }),
    );
}

/** Allocatable and requested CPU and memory of all nodes, in integers. */
export function clusterCapacity(
  nodes: NodeSummary[],
): ClusterHealth['capacity'] {
  const sum = (pick: (n: NodeSummary) => number) =>
    nodes.reduce((n, x) => n + pick(x), 0);
  return {
    cpuAllocatableMillis: sum(n => n.cpuAllocatableMillis),
    cpuRequestedMillis: sum(n => n.cpuRequestedMillis),
    memoryAllocatableBytes: sum(n => n.memoryAllocatableBytes),
    memoryRequestedBytes: sum(n => n.memoryRequestedBytes),
  };
}
