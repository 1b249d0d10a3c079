// What the Workloads tab shows of Argo Rollouts and Argo CD Applications.

/**
 * The step an Argo Rollouts canary is at: its position (1-based) of all
 * steps, what the step does, and the canary's traffic weight in percent.
 *
 * @public
 */
export type CanaryStep = {
  /** 1-based position of the current step; `total + 1` once every step is done */
  number: number;
  total: number;
  /** setWeight, pause, analysis, experiment, setCanaryScale, ...; absent once done */
  kind?: string;
  /** the step in words: `setWeight 20`, `pause 10m`, `pause until promoted`, `analysis success-rate` */
  detail?: string;
  /** canary weight in percent, as the Rollouts controller computes it */
  weight: number;
  /** the AnalysisRun the current step started, when it has one */
  analysisRun?: { name: string; status: string; message?: string };
};

/**
 * One Argo Rollouts Rollout: its phase, strategy, where a canary is, the
 * stable and canary ReplicaSets (pod-template hashes), replica counts and
 * whether it was aborted.
 *
 * @public
 */
export type RolloutSummary = {
  namespace: string;
  name: string;
  /** Healthy, Progressing, Paused, Degraded (status.phase); `Unknown` before the controller wrote one */
  phase: string;
  message?: string;
  strategy: 'canary' | 'blueGreen' | 'unknown';
  /** canary only */
  step?: CanaryStep;
  /** pod-template hash of the stable ReplicaSet */
  stableHash?: string;
  /** pod-template hash of the current ReplicaSet (the canary while one runs) */
  canaryHash?: string;
  ready: number;
  desired: number;
  updated: number;
  available: number;
  restarts: number;
  aborted: boolean;
  abortedAt?: string;
  /** why it is paused (pauseConditions), e.g. `CanaryPauseStep` */
  pausedFor?: string[];
  image?: string;
  /** blue-green only: the active and preview pod-template hashes */
  activeHash?: string;
  previewHash?: string;
};

/**
 * One Argo CD Application of a service, as Argo CD reports it in its
 * status: sync status and revision, health, the last operation, and where
 * it deploys to.
 *
 * @public
 */
export type ApplicationSummary = {
  /** the cluster the Application object was read from (where Argo CD runs) */
  cluster: string;
  namespace: string;
  name: string;
  project?: string;
  /** Synced, OutOfSync, Unknown */
  syncStatus: string;
  /** the revision (commit, chart version) it is synced to */
  revision?: string;
  /** Healthy, Progressing, Suspended, Degraded, Missing, Unknown */
  healthStatus: string;
  healthMessage?: string;
  operation?: {
    /** Running, Terminating, Failed, Error, Succeeded */
    phase: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
  destination: { namespace?: string; server?: string; name?: string };
  source?: { repoURL?: string; path?: string; targetRevision?: string };
};
