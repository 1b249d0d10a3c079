// Argo samples for one local cluster (scripts/k8s/fixtures.mjs, when
// RUNWAY_K8S_ARGO_CRDS names the folder scripts/bootstrap.d/template-crds.sh fills
// with the upstream Argo CD Application and Argo Rollouts Rollout CRDs):
// storefront-web is rolled out there by Argo Rollouts instead of a
// Deployment, mid-canary (step 3 of 5: an analysis at 25 % weight, one
// canary pod beside three stable ones), and deployed by an Argo CD
// Application in namespace argocd, synced and Progressing. No Argo
// controller runs here: the ReplicaSets the Rollouts controller would create
// are created here (owned by the Rollout, so the real ReplicaSet controller
// and kwok run their pods), and both statuses are written as the
// controllers write them. Everything derives from the sample's names: no
// randomness, no clock beyond "now".
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

export const ARGO_SERVICE = 'storefront-web';
export const ARGO_NAMESPACE = 'argocd';

/** The upstream CRDs in `dir` (application-crd.yaml, rollout-crd.yaml). */
export function argoCrds(dir) {
  return ['application-crd.yaml', 'rollout-crd.yaml'].map(f => {
    const file = path.join(dir, f);
    if (!fs.existsSync(file)) {
      throw new Error(`${file} is missing: run scripts/bootstrap --test (scripts/bootstrap.d/template-crds.sh)`);
    }
    return YAML.parse(fs.readFileSync(file, 'utf8'));
  });
}

/** A pod-template hash as Kubernetes spells them (its safe alphabet), from a seed string. */
function podHash(seed) {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const bytes = createHash('sha256').update(seed).digest();
  return [...bytes.subarray(0, 10)].map(b => alphabet[b % alphabet.length]).join('');
}

const STEPS = [
  { setWeight: 25 },
  { pause: { duration: '5m' } },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { setWeight: 50 },
  { pause: {} },
];
const CURRENT_STEP = 2;
const REPLICAS = 4;
const CANARY_REPLICAS = 1;

/** The Rollout that replaces `deployment` (same labels, selector and pod template: the new version). */
export function rolloutFrom(deployment) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: deployment.metadata.name, namespace: deployment.metadata.namespace, labels: deployment.metadata.labels },
    spec: {
      replicas: REPLICAS,
      revisionHistoryLimit: 5,
      selector: deployment.spec.selector,
      template: deployment.spec.template,
      strategy: { canary: { maxSurge: 1, maxUnavailable: 0, steps: STEPS } },
    },
  };
}

/** The version before the rollout's image: `1.7.3` -> `1.6.3` (`1.0.x` -> `0.9.x`). */
function stableImage(image) {
  return image.replace(/:(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c) =>
    Number(b) > 0 ? `:${a}.${Number(b) - 1}.${c}` : `:${Math.max(0, Number(a) - 1)}.9.${c}`,
  );
}

/**
 * The stable and canary ReplicaSets of `rollout` (created by the server as
 * `rolloutObj`, whose uid they reference), and the Rollout's status with
 * the canary at its analysis step.
 */
export function rolloutState(rollout, rolloutObj) {
  const canaryImage = rollout.spec.template.spec.containers[0].image;
  const stable = { hash: podHash(`${rollout.metadata.name} ${stableImage(canaryImage)}`), image: stableImage(canaryImage), replicas: REPLICAS - CANARY_REPLICAS, revision: '3' };
  const canary = { hash: podHash(`${rollout.metadata.name} ${canaryImage}`), image: canaryImage, replicas: CANARY_REPLICAS, revision: '4' };
  const replicaSet = rs => {
    const template = JSON.parse(JSON.stringify(rollout.spec.template));
    template.metadata.labels['rollouts-pod-template-hash'] = rs.hash;
    template.spec.containers[0].image = rs.image;
    return {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${rollout.metadata.name}-${rs.hash}`,
        namespace: rollout.metadata.namespace,
        labels: { ...rollout.metadata.labels, 'rollouts-pod-template-hash': rs.hash },
        annotations: { 'rollout.argoproj.io/revision': rs.revision, 'rollout.argoproj.io/desired-replicas': String(REPLICAS) },
        ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: rollout.metadata.name, uid: rolloutObj.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: {
        replicas: rs.replicas,
        selector: { matchLabels: { ...rollout.spec.selector.matchLabels, 'rollouts-pod-template-hash': rs.hash } },
        template,
      },
    };
  };
  const now = new Date().toISOString();
  const status = {
    phase: 'Progressing',
    message: 'analysis of step 3 running',
    observedGeneration: String(rolloutObj.metadata.generation ?? 1),
    replicas: REPLICAS,
    updatedReplicas: CANARY_REPLICAS,
    readyReplicas: REPLICAS,
    availableReplicas: REPLICAS,
    HPAReplicas: REPLICAS,
    selector: Object.entries(rollout.spec.selector.matchLabels).map(([k, v]) => `${k}=${v}`).join(','),
    currentPodHash: canary.hash,
    stableRS: stable.hash,
    currentStepIndex: CURRENT_STEP,
    currentStepHash: podHash(JSON.stringify(STEPS)),
    canary: {
      currentStepAnalysisRunStatus: { name: `${rollout.metadata.name}-${canary.hash}-${canary.revision}-${CURRENT_STEP}`, status: 'Running', message: '' },
    },
    conditions: [
      { type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability', lastTransitionTime: now, lastUpdateTime: now },
      { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${rollout.metadata.name}-${canary.hash}" is progressing.`, lastTransitionTime: now, lastUpdateTime: now },
    ],
  };
  return { replicaSets: [replicaSet(stable), replicaSet(canary)], status, canaryImage };
}

/** The Argo CD Application that deploys the service into `env`, with the status Argo CD writes. */
export function application(env, labels, rolloutStatus) {
  const name = ARGO_SERVICE;
  const revision = createHash('sha1').update(`${name} ${rolloutStatus.currentPodHash}`).digest('hex');
  const started = new Date(Date.now() - 4 * 60_000).toISOString();
  const finished = new Date(Date.now() - 4 * 60_000 + 6_000).toISOString();
  const source = { repoURL: `https://git.example.com/team-checkout/${name}.git`, path: `k8s/overlays/${env}`, targetRevision: 'main' };
  const destination = { server: 'https://kubernetes.default.svc', namespace: env };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: `${name}-${env}`, namespace: ARGO_NAMESPACE, labels: { 'backstage.io/kubernetes-id': name, 'runway.io/team': labels['runway.io/team'], environment: env } },
    spec: { project: 'team-checkout', source, destination, syncPolicy: { automated: { prune: true, selfHeal: true } } },
    // no status subresource in this CRD: Argo CD writes status with the object
    status: {
      sync: { status: 'Synced', revision, comparedTo: { source, destination } },
      health: { status: 'Progressing', lastTransitionTime: finished },
      operationState: {
        operation: { sync: { revision }, initiatedBy: { automated: true } },
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: started,
        finishedAt: finished,
        syncResult: { revision, source },
      },
      resources: [
        { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', namespace: env, name, status: 'Synced', health: { status: 'Progressing', message: 'more replicas need to be updated' } },
        { version: 'v1', kind: 'Service', namespace: env, name, status: 'Synced', health: { status: 'Healthy' } },
      ],
      reconciledAt: finished,
      sourceType: 'Kustomize',
      history: [{ id: 4, revision, source, deployStartedAt: started, deployedAt: finished }],
    },
  };
}
