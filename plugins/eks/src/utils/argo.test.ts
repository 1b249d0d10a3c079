import { ApplicationSummary, RolloutSummary } from '@runway/plugin-eks-common';
import {
  analysisLabel,
  applicationProblems,
  destinationLabel,
  healthLabel,
  phaseLabel,
  replicaSetsLines,
  replicasLabel,
  stepLabel,
  syncLabel,
  weightLabel,
} from './argo';

const canary: RolloutSummary = {
  namespace: 'staging',
  name: 'storefront-web',
  phase: 'Progressing',
  strategy: 'canary',
  step: {
    number: 3,
    total: 5,
    kind: 'analysis',
    detail: 'analysis success-rate',
    weight: 25,
    analysisRun: { name: 'storefront-web-k-4-2', status: 'Running' },
  },
  stableHash: 'l4kb7wv4kx',
  canaryHash: 'kjrxs4959k',
  ready: 4,
  desired: 4,
  updated: 1,
  available: 4,
  restarts: 0,
  aborted: false,
};

const app: ApplicationSummary = {
  cluster: 'eks-staging-euw1',
  namespace: 'argocd',
  name: 'storefront-web-staging',
  syncStatus: 'Synced',
  revision: '2e6b95fa0cc69396a2c1de23ce2d59a4b3d53813',
  healthStatus: 'Progressing',
  operation: { phase: 'Succeeded', message: 'successfully synced' },
  destination: {
    namespace: 'staging',
    server: 'https://kubernetes.default.svc',
  },
  source: { targetRevision: 'main' },
};

describe('argo shaping', () => {
  it('a canary: its step of all steps, weight, AnalysisRun, ReplicaSets and replicas', () => {
    expect(stepLabel(canary)).toBe('3 of 5: analysis success-rate');
    expect(weightLabel(canary)).toBe('25 %');
    expect(analysisLabel(canary)).toBe('storefront-web-k-4-2: Running');
    expect(replicaSetsLines(canary)).toEqual([
      'stable l4kb7wv4kx',
      'canary kjrxs4959k',
    ]);
    expect(replicasLabel(canary)).toBe('4/4 ready, 1 updated');
    expect(phaseLabel(canary)).toBe('Progressing');
    expect(stepLabel({ ...canary, step: { ...canary.step!, number: 6 } })).toBe(
      'done (5 of 5)',
    );
    expect(replicaSetsLines({ ...canary, canaryHash: 'l4kb7wv4kx' })).toEqual([
      'stable l4kb7wv4kx',
    ]);
  });

  it('an aborted or paused rollout says so; blue-green shows active and preview', () => {
    expect(
      phaseLabel({
        ...canary,
        aborted: true,
        phase: 'Degraded',
        message: 'RolloutAborted',
      }),
    ).toBe('aborted (Degraded) — RolloutAborted');
    expect(
      phaseLabel({
        ...canary,
        phase: 'Paused',
        pausedFor: ['CanaryPauseStep'],
      }),
    ).toBe('Paused, paused: CanaryPauseStep');
    const bg: RolloutSummary = {
      ...canary,
      strategy: 'blueGreen',
      step: undefined,
      activeHash: 'a',
      previewHash: 'b',
    };
    expect(replicaSetsLines(bg)).toEqual(['active a', 'preview b']);
    expect(stepLabel(bg)).toBeUndefined();
    expect(weightLabel(bg)).toBeUndefined();
  });

  it('an Application: sync with the short revision, health, destination, and what needs a look', () => {
    expect(syncLabel(app)).toBe('Synced to 2e6b95f');
    expect(syncLabel({ ...app, revision: '1.4.2' })).toBe('Synced to 1.4.2');
    expect(healthLabel(app)).toBe('Progressing');
    expect(destinationLabel(app)).toBe('staging');
    expect(
      destinationLabel({
        ...app,
        destination: { namespace: 'prod', name: 'eks-production-euw1' },
      }),
    ).toBe('prod on eks-production-euw1');
    expect(applicationProblems(app)).toEqual([]);
    expect(
      applicationProblems({
        ...app,
        syncStatus: 'OutOfSync',
        healthStatus: 'Degraded',
        healthMessage: 'Rollout storefront-web: Degraded',
        operation: { phase: 'Failed', message: 'one or more objects failed' },
      }),
    ).toEqual([
      'storefront-web-staging: last sync failed — one or more objects failed',
      'storefront-web-staging: Degraded — Rollout storefront-web: Degraded',
      'storefront-web-staging: OutOfSync with main',
    ]);
  });
});
