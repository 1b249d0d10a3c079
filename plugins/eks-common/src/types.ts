import type { ApplicationSummary, RolloutSummary } from './argoSummaries';
import { VersionSupport } from './versions';

/**
 * One verdict, worst first: `down` (not serving), `degraded` (serving, with
 * problems someone should look at), `healthy`.
 *
 * @public
 */
export type Verdict = 'healthy' | 'degraded' | 'down';

/**
 * Why a verdict is not `healthy`. `critical` makes it `down`, `warning`
 * `degraded`.
 *
 * @public
 */
export type Reason = {
  severity: 'critical' | 'warning';
  /** stable machine-readable code, e.g. `CrashLoopBackOff`, `HpaAtMax` */
  code: string;
  message: string;
  /** `Kind namespace/name` of the object concerned */
  object?: string;
};

/**
 * A pod that cannot serve: a container waiting in a failure state (crash
 * loop, image pull, container config), unschedulable, or failed; with its
 * restarts and the last termination of the failing container.
 *
 * @public
 */
export type ProblemPod = {
  namespace: string;
  name: string;
  node?: string;
  /** CrashLoopBackOff, ImagePullBackOff, ErrImagePull, Unschedulable, Failed, ... */
  reason: string;
  message?: string;
  container?: string;
  restarts: number;
  lastExitCode?: number;
  lastTerminationReason?: string;
  lastTerminationMessage?: string;
  /** the workload that owns it: `Deployment/payments-api` */
  owner?: string;
};

/**
 * A Kubernetes warning event as the health model shows it: the object it is
 * about as `Kind/name`, reason, message, repeat count and when it was last
 * seen (ISO time).
 *
 * @public
 */
export type EventSummary = {
  namespace?: string;
  object: string;
  reason?: string;
  message?: string;
  count: number;
  lastSeen?: string;
};

/**
 * A HorizontalPodAutoscaler in numbers: its target (`Kind/name`), replica
 * bounds, current and desired replicas, and whether it is at its maximum
 * (desired or current replicas reached `max`).
 *
 * @public
 */
export type HpaSummary = {
  namespace: string;
  name: string;
  target: string;
  min: number;
  max: number;
  current: number;
  desired: number;
  atMax: boolean;
  /** ScalingLimited condition's reason when true */
  limitedReason?: string;
};

/**
 * One node: readiness, the node group, capacity type, instance type and zone
 * from its labels, allocatable CPU (millicores) and memory (bytes), what the
 * pods scheduled on it request, and its pod count.
 *
 * @public
 */
export type NodeSummary = {
  name: string;
  ready: boolean;
  nodegroup?: string;
  capacityType?: string;
  instanceType?: string;
  zone?: string;
  cpuAllocatableMillis: number;
  cpuRequestedMillis: number;
  memoryAllocatableBytes: number;
  memoryRequestedBytes: number;
  pods: number;
  unschedulable: boolean;
  kubeletVersion?: string;
};

/**
 * A node group as EKS describes it (scaling config), merged with the nodes
 * that carry its label.
 *
 * @public
 */
export type NodeGroupSummary = {
  name: string;
  capacityType?: string;
  instanceTypes: string[];
  nodes: number;
  readyNodes: number;
  desired?: number;
  min?: number;
  max?: number;
  /** desired size is at the maximum: the autoscaler cannot add nodes */
  atMax: boolean;
  status?: string;
};

/**
 * One EKS upgrade insight (`ListInsights`): a check of the cluster against
 * the next Kubernetes version, with its status and recommendation.
 *
 * @public
 */
export type UpgradeInsight = {
  id: string;
  name: string;
  category?: string;
  /** PASSING | WARNING | ERROR | UNKNOWN */
  status: string;
  reason?: string;
  kubernetesVersion?: string;
  recommendation?: string;
};

/**
 * One EKS add-on installed on a cluster (`ListAddons`/`DescribeAddon`): its
 * name, version and status.
 *
 * @public
 */
export type EksAddon = { name: string; version?: string; status?: string };

/**
 * What only the EKS API knows about a cluster (ListNodegroups,
 * DescribeNodegroup, ListInsights, ListAddons, DescribeCluster).
 *
 * @public
 */
export type EksClusterInfo = {
  name: string;
  region?: string;
  /** control plane version, e.g. `1.34` */
  version?: string;
  platformVersion?: string;
  status?: string;
  nodeGroups: {
    name: string;
    capacityType?: string;
    instanceTypes: string[];
    desired?: number;
    min?: number;
    max?: number;
    status?: string;
  }[];
  insights: UpgradeInsight[];
  addons: EksAddon[];
  /**
   * Parts the EKS API did not give, with the reason (an upgrade insights
   * line when the role lacks eks:ListInsights): their lists above are
   * empty for that reason.
   */
  unavailable?: string[];
  /** `eks`: the AWS API; `sample`: Runway's sample EKS data source */
  source: 'eks' | 'sample';
  fetchedAt: string;
};

/**
 * One cluster's health as the Clusters page shows it: a verdict with its
 * reasons, version support, nodes and node groups, capacity (CPU in
 * millicores, memory in bytes), pods by phase, problem pods, recent warning
 * events, HPAs at their maximum, unavailable deployments, PDBs that block
 * evictions, upgrade readiness and, when known, what the EKS API reports.
 *
 * @public
 */
export type ClusterHealth = {
  name: string;
  verdict: Verdict;
  reasons: Reason[];
  version: VersionSupport;
  nodes: {
    total: number;
    ready: number;
    notReady: number;
    items: NodeSummary[];
  };
  nodeGroups: NodeGroupSummary[];
  capacity: {
    cpuAllocatableMillis: number;
    cpuRequestedMillis: number;
    memoryAllocatableBytes: number;
    memoryRequestedBytes: number;
  };
  podsByPhase: Record<string, number>;
  problemPods: ProblemPod[];
  /** warning events of the last hour, newest first */
  warningEvents: EventSummary[];
  hpasAtMax: HpaSummary[];
  unavailableDeployments: {
    namespace: string;
    name: string;
    ready: number;
    desired: number;
  }[];
  pdbsBlockingEvictions: {
    namespace: string;
    name: string;
    expectedPods: number;
  }[];
  upgrade: {
    insights: UpgradeInsight[];
    /** what would block draining nodes for an upgrade */
    blockers: string[];
  };
  eks?: {
    source: 'eks' | 'sample';
    fetchedAt: string;
    addons: EksAddon[];
    platformVersion?: string;
    /** parts of the EKS API that could not be read, with the reason */
    unavailable?: string[];
  };
};

/**
 * One production-readiness check of a service's deployments in one
 * namespace; `detail` names the containers or deployments that fail it.
 *
 * @public
 */
export type ChecklistItem = {
  id:
    | 'probes'
    | 'resources'
    | 'non-root'
    | 'read-only-root-fs'
    | 'pdb'
    | 'network-policy'
    | 'service-monitor'
    | 'hpa';
  label: string;
  ok: boolean;
  detail?: string;
};

/**
 * One Deployment's rollout: revision, rollout state, ready, desired and
 * updated replicas, restarts of its pods, image, last deploy (ISO time) and
 * change cause.
 *
 * @public
 */
export type DeploymentSummary = {
  namespace: string;
  name: string;
  revision?: number;
  rollout: 'complete' | 'progressing' | 'stalled' | 'paused';
  rolloutMessage?: string;
  ready: number;
  desired: number;
  updated: number;
  restarts: number;
  image?: string;
  /** creation time of the current revision's ReplicaSet */
  lastDeploy?: string;
  changeCause?: string;
};

/**
 * One pod of a service: phase, readiness, restarts, node, its problem if it
 * has one, and the revision of the ReplicaSet that created it.
 *
 * @public
 */
export type PodSummary = {
  namespace: string;
  name: string;
  phase: string;
  ready: boolean;
  restarts: number;
  node?: string;
  /** set when the pod has a problem */
  problem?: ProblemPod;
  revision?: number;
};

/**
 * One service in one cluster and namespace (one environment): its
 * Deployments and Argo Rollouts, pods, HPAs, warning events, checklist and
 * verdict.
 *
 * @public
 */
export type WorkloadHealth = {
  cluster: string;
  namespace: string;
  environment?: string;
  verdict: Verdict;
  reasons: Reason[];
  deployments: DeploymentSummary[];
  /** Argo Rollouts Rollouts (empty where the CRD is not installed) */
  rollouts: RolloutSummary[];
  pods: PodSummary[];
  hpas: HpaSummary[];
  events: EventSummary[];
  checklist: ChecklistItem[];
};

/**
 * One service's health across every cluster: the worst of its workloads'
 * verdicts, their reasons prefixed by `cluster/namespace`, and the
 * workloads themselves.
 *
 * @public
 */
export type ServiceHealth = {
  /** the entity's kubernetes-id */
  id: string;
  verdict: Verdict;
  reasons: Reason[];
  workloads: WorkloadHealth[];
  /**
   * The Argo CD Applications labelled `backstage.io/kubernetes-id=<id>`, in
   * every cluster that serves the CRD. They are shown, not judged: the
   * workloads they deploy carry the verdict.
   */
  applications: ApplicationSummary[];
};
