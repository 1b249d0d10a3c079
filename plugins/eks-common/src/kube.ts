import type { ArgoApplication, ArgoRollout } from './argo';

/*
 * The subset of Kubernetes objects the health model reads, structurally
 * compatible with @kubernetes/client-node's V1 types (which the backend
 * uses), so the model runs in the browser too.
 */

/**
 * The part of a Kubernetes object's `metadata` the health model reads:
 * identity, labels, annotations, creation time and owners.
 *
 * @public
 */
export type ObjectMeta = {
  name?: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  creationTimestamp?: string | Date;
  ownerReferences?: { kind: string; name: string; uid?: string }[];
  resourceVersion?: string;
};

/**
 * One entry of a Kubernetes object's `status.conditions`, e.g. a node's
 * `Ready` or a Deployment's `Progressing` (`status` is `True`, `False` or
 * `Unknown`).
 *
 * @public
 */
export type Condition = {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | Date;
  lastUpdateTime?: string | Date;
};

/**
 * A Kubernetes label selector: every `matchLabels` pair and every
 * `matchExpressions` requirement (`In`, `NotIn`, `Exists`, `DoesNotExist`)
 * must hold.
 *
 * @public
 */
export type LabelSelector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

/**
 * One container of a pod spec: image, resource requests and limits (as
 * Kubernetes quantities such as `250m` or `512Mi`), probes and security
 * context, as the readiness checklist reads them.
 *
 * @public
 */
export type Container = {
  name: string;
  image?: string;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
  readinessProbe?: object;
  livenessProbe?: object;
  startupProbe?: object;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
  };
};

/**
 * A pod's `spec`: the node it is scheduled on, its containers and the
 * pod-level security context.
 *
 * @public
 */
export type PodSpec = {
  nodeName?: string;
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
};

/**
 * A container's state in a pod's status: at most one of `waiting`,
 * `running` and `terminated` is set.
 *
 * @public
 */
export type ContainerState = {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string | Date };
  terminated?: {
    exitCode: number;
    reason?: string;
    message?: string;
    startedAt?: string | Date;
    finishedAt?: string | Date;
  };
};

/**
 * One container's entry in a pod's `status.containerStatuses`: readiness,
 * restart count, and its current and previous state.
 *
 * @public
 */
export type ContainerStatus = {
  name: string;
  image?: string;
  ready: boolean;
  restartCount: number;
  state?: ContainerState;
  lastState?: ContainerState;
};

/**
 * A Kubernetes Pod: metadata, spec, and the status phase, conditions and
 * container statuses.
 *
 * @public
 */
export type Pod = {
  metadata: ObjectMeta;
  spec?: PodSpec;
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    startTime?: string | Date;
  };
};

/**
 * A Kubernetes Node: labels (node group, capacity type, instance type,
 * zone), whether it is cordoned, its conditions, allocatable capacity and
 * kubelet version.
 *
 * @public
 */
export type Node = {
  metadata: ObjectMeta;
  spec?: {
    unschedulable?: boolean;
    taints?: { key: string; effect: string }[];
  };
  status?: {
    conditions?: Condition[];
    allocatable?: Record<string, string>;
    capacity?: Record<string, string>;
    nodeInfo?: { kubeletVersion?: string };
  };
};

/**
 * A Kubernetes Deployment: desired replicas, pause flag, selector and pod
 * template, and the replica counts and conditions of its status.
 *
 * @public
 */
export type Deployment = {
  metadata: ObjectMeta;
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: LabelSelector;
    template?: { metadata?: ObjectMeta; spec?: PodSpec };
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
    unavailableReplicas?: number;
    observedGeneration?: number;
    conditions?: Condition[];
  };
};

/**
 * A Kubernetes ReplicaSet, read to find a Deployment's revisions, when
 * each was rolled out, and which workload owns a pod.
 *
 * @public
 */
export type ReplicaSet = {
  metadata: ObjectMeta;
  spec?: { replicas?: number; template?: { spec?: PodSpec } };
  status?: { replicas?: number; readyReplicas?: number };
};

/**
 * A Kubernetes HorizontalPodAutoscaler (`autoscaling/v2`): its scale target,
 * replica bounds, and the current and desired replicas of its status.
 *
 * @public
 */
export type HorizontalPodAutoscaler = {
  metadata: ObjectMeta;
  spec?: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas?: number;
    maxReplicas: number;
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    conditions?: Condition[];
    lastScaleTime?: string | Date;
  };
};

/**
 * A Kubernetes PodDisruptionBudget: the pods it selects, its budget, and how
 * many disruptions its status currently allows.
 *
 * @public
 */
export type PodDisruptionBudget = {
  metadata: ObjectMeta;
  spec?: {
    selector?: LabelSelector;
    minAvailable?: number | string;
    maxUnavailable?: number | string;
  };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
  };
};

/**
 * A Kubernetes NetworkPolicy, read only for the pods it selects.
 *
 * @public
 */
export type NetworkPolicy = {
  metadata: ObjectMeta;
  spec?: { podSelector?: LabelSelector };
};

/**
 * A Prometheus Operator ServiceMonitor (`monitoring.coreos.com/v1`), read
 * only for the Services it selects.
 *
 * @public
 */
export type ServiceMonitor = {
  metadata: ObjectMeta;
  spec?: { selector?: LabelSelector };
};

/**
 * A Kubernetes Event (`core/v1`): the object it is about, its reason and
 * message, `type` (`Normal` or `Warning`), repeat count and timestamps.
 *
 * @public
 */
export type KubeEvent = {
  metadata: ObjectMeta;
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | Date;
  lastTimestamp?: string | Date;
  eventTime?: string | Date;
};

/**
 * Everything the health model reads about one cluster: the watch-backed
 * cache's current objects plus what only the EKS API knows.
 *
 * @public
 */
export type ClusterSnapshot = {
  name: string;
  /** apiserver `gitVersion`, e.g. `v1.34.4` */
  gitVersion?: string;
  nodes: Node[];
  pods: Pod[];
  events: KubeEvent[];
  deployments: Deployment[];
  replicaSets: ReplicaSet[];
  hpas: HorizontalPodAutoscaler[];
  pdbs: PodDisruptionBudget[];
  networkPolicies: NetworkPolicy[];
  serviceMonitors: ServiceMonitor[];
  /** Argo CD Applications (optional CRD: absent on clusters without it) */
  applications?: ArgoApplication[];
  /** Argo Rollouts Rollouts (optional CRD: absent on clusters without it) */
  rollouts?: ArgoRollout[];
};

/** Whether a label selector selects these labels. */
export function selects(
  selector: LabelSelector | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const has = e.key in labels;
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In' && !inValues) return false;
    if (e.operator === 'NotIn' && inValues) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** A date from a Kubernetes timestamp, or undefined. */
export function toTime(
  t: string | Date | null | undefined,
): number | undefined {
  if (t === undefined || t === null) return undefined;
  const ms = typeof t === 'string' ? Date.parse(t) : t.getTime();
  return Number.isNaN(ms) ? undefined : ms;
}
