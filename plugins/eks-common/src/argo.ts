/*
 * The part of Argo CD's Application and Argo Rollouts' Rollout
 * (`argoproj.io/v1alpha1`, optional CRDs) that the health model reads.
 */
import type { Condition, LabelSelector, ObjectMeta, PodSpec } from './kube';

/**
 * One step of an Argo Rollouts canary (`spec.strategy.canary.steps[]`):
 * exactly one of its keys is set.
 *
 * @public
 */
export type RolloutCanaryStep = {
  setWeight?: number;
  /** `{}` waits until promoted; `{ duration: '10m' }` (or seconds) waits that long */
  pause?: { duration?: string | number };
  analysis?: {
    templates?: { templateName?: string; clusterScope?: boolean }[];
  };
  experiment?: object;
  setCanaryScale?: object;
  setHeaderRoute?: object;
  setMirrorRoute?: object;
  plugin?: { name?: string };
};

/**
 * The name, phase and message of an AnalysisRun a Rollout started.
 *
 * @public
 */
export type RolloutAnalysisRunStatus = {
  name: string;
  /** Pending, Running, Successful, Failed, Error, Inconclusive */
  status: string;
  message?: string;
};

/**
 * An Argo Rollouts Rollout (`argoproj.io/v1alpha1`, an optional CRD): its
 * pod template (or a `workloadRef` to a Deployment), strategy with the
 * canary steps, and the status the Rollouts controller writes: phase,
 * current step, stable and canary ReplicaSet hashes, replica counts, abort.
 *
 * @public
 */
export type ArgoRollout = {
  metadata: ObjectMeta;
  spec?: {
    replicas?: number;
    paused?: boolean;
    selector?: LabelSelector;
    template?: { metadata?: ObjectMeta; spec?: PodSpec };
    workloadRef?: { apiVersion?: string; kind?: string; name?: string };
    strategy?: {
      canary?: { steps?: RolloutCanaryStep[] };
      blueGreen?: { activeService?: string; previewService?: string };
    };
  };
  status?: {
    /** Healthy, Progressing, Paused, Degraded */
    phase?: string;
    message?: string;
    replicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    updatedReplicas?: number;
    currentStepIndex?: number;
    /** pod-template-hash of the current (canary) ReplicaSet */
    currentPodHash?: string;
    /** pod-template-hash of the stable ReplicaSet */
    stableRS?: string;
    abort?: boolean;
    abortedAt?: string;
    pauseConditions?: { reason: string; startTime?: string }[];
    canary?: {
      currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus;
      currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus;
      weights?: { canary?: { weight?: number }; stable?: { weight?: number } };
    };
    blueGreen?: { activeSelector?: string; previewSelector?: string };
    conditions?: Condition[];
  };
};

/**
 * An Argo CD Application (`argoproj.io/v1alpha1`, an optional CRD): where it
 * deploys to, where from, and the sync, health and last operation Argo CD
 * writes into its status.
 *
 * @public
 */
export type ArgoApplication = {
  metadata: ObjectMeta;
  spec?: {
    project?: string;
    destination?: { server?: string; name?: string; namespace?: string };
    source?: {
      repoURL?: string;
      path?: string;
      targetRevision?: string;
      chart?: string;
    };
    sources?: {
      repoURL?: string;
      path?: string;
      targetRevision?: string;
      chart?: string;
    }[];
  };
  status?: {
    /** Synced, OutOfSync, Unknown */
    sync?: { status?: string; revision?: string; revisions?: string[] };
    /** Healthy, Progressing, Suspended, Degraded, Missing, Unknown */
    health?: { status?: string; message?: string; lastTransitionTime?: string };
    operationState?: {
      /** Running, Terminating, Failed, Error, Succeeded */
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string };
    };
    /** the managed resources that are not Healthy (Runway's cache drops the rest) */
    resources?: {
      kind?: string;
      namespace?: string;
      name?: string;
      health?: { status?: string; message?: string };
    }[];
    reconciledAt?: string;
  };
};
