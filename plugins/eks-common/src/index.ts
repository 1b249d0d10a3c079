/**
 * Shared code of Runway's EKS plugins: annotations, permissions, API types,
 * the EKS version-support table and the pure health model.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './permissions';
export * from './types';
export * from './responses';
export type {
  ArgoApplication,
  ArgoRollout,
  RolloutAnalysisRunStatus,
  RolloutCanaryStep,
} from './argo';
export type {
  ApplicationSummary,
  CanaryStep,
  RolloutSummary,
} from './argoSummaries';
export type {
  ClusterSnapshot,
  Condition,
  Container,
  ContainerState,
  ContainerStatus,
  Deployment,
  HorizontalPodAutoscaler,
  KubeEvent,
  LabelSelector,
  NetworkPolicy,
  Node,
  ObjectMeta,
  Pod,
  PodDisruptionBudget,
  PodSpec,
  ReplicaSet,
  ServiceMonitor,
} from './kube';
export {
  EKS_VERSION_CALENDAR,
  EKS_VERSION_CALENDAR_AS_OF,
  EKS_VERSION_CALENDAR_SOURCE,
  versionSupport,
} from './versions';
export type { EksVersionDates, VersionSupport } from './versions';
export * from './health';
