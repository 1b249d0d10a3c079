import { stgArgo } from '../__fixtures__/snapshots';
import { ArgoRollout } from '../argo';
import { rolloutReasons, rolloutSummary } from './rolloutSummary';

const captured = stgArgo.rollouts![0];
const pods = stgArgo.pods.filter(p =>
  p.metadata.name?.startsWith('storefront-web'),
);

/** The captured Rollout with its status changed. */
function withStatus(status: Partial<NonNullable<ArgoRollout['status']>>) {
  return {
    ...captured,
    status: { ...captured.status, ...status },
  } as ArgoRollout;
}

describe('rolloutSummary', () => {
  it('shows the captured canary at step 3 of 5: analysis at 25 %, its AnalysisRun, stable and canary hashes', () => {
    const r = rolloutSummary(captured, pods);
    expect(r).toMatchObject({
      namespace: 'staging',
      name: 'storefront-web',
      phase: 'Progressing',
      message: 'analysis of step 3 running',
      strategy: 'canary',
      step: {
        number: 3,
        total: 5,
        kind: 'analysis',
        detail: 'analysis success-rate',
        weight: 25,
        analysisRun: {
          name: expect.stringMatching(/^storefront-web-\w+-4-2$/),
          status: 'Running',
        },
      },
      stableHash: captured.status!.stableRS,
      canaryHash: captured.status!.currentPodHash,
      ready: 4,
      desired: 4,
      updated: 1,
      available: 4,
      restarts: 0,
      aborted: false,
    });
    expect(r.stableHash).not.toBe(r.canaryHash);
    expect(r.step!.analysisRun!.message).toBeUndefined();
    expect(r.image).toMatch(/storefront-web:/);
    expect(rolloutReasons([r], 'staging')).toEqual([]);
  });

  it('names each step kind, and the weight as the controller computes it', () => {
    const at = (i: number) =>
      rolloutSummary(withStatus({ currentStepIndex: i }), []).step!;
    expect(at(0)).toMatchObject({
      number: 1,
      kind: 'setWeight',
      detail: 'setWeight 25',
      weight: 25,
    });
    expect(at(1)).toMatchObject({ detail: 'pause 5m', weight: 25 });
    expect(at(3)).toMatchObject({ detail: 'setWeight 50', weight: 50 });
    expect(at(4)).toMatchObject({
      kind: 'pause',
      detail: 'pause until promoted',
      weight: 50,
    });
    // every step done: fully promoted
    expect(at(5)).toMatchObject({
      number: 6,
      total: 5,
      kind: undefined,
      weight: 100,
    });
    // a traffic router's weight wins
    expect(
      rolloutSummary(
        withStatus({
          canary: {
            weights: { canary: { weight: 10 }, stable: { weight: 90 } },
          },
        }),
        [],
      ).step!.weight,
    ).toBe(10);
  });

  it('an aborted canary is degraded: weight 0, the stable ReplicaSet serving', () => {
    const r = rolloutSummary(
      withStatus({
        abort: true,
        abortedAt: '2026-12-06T01:10:00Z',
        phase: 'Degraded',
        message: 'RolloutAborted: metric "success-rate" assessed Failed',
      }),
      pods,
    );
    expect(r).toMatchObject({ aborted: true, phase: 'Degraded' });
    expect(r.step!.weight).toBe(0);
    expect(rolloutReasons([r], 'staging')).toEqual([
      {
        severity: 'warning',
        code: 'RolloutAborted',
        message: `storefront-web: rollout aborted at step 3 of 5 (RolloutAborted: metric "success-rate" assessed Failed); the stable ReplicaSet ${r.stableHash} serves`,
        object: 'Rollout staging/storefront-web',
      },
    ]);
  });

  it('Degraded without an abort, and no ready replica, count like a Deployment', () => {
    const degraded = rolloutSummary(
      withStatus({ phase: 'Degraded', message: 'ProgressDeadlineExceeded' }),
      [],
    );
    expect(rolloutReasons([degraded], 'staging').map(r => r.code)).toEqual([
      'RolloutDegraded',
    ]);
    const down = rolloutSummary(withStatus({ readyReplicas: 0 }), []);
    expect(rolloutReasons([down], 'staging')[0]).toMatchObject({
      severity: 'critical',
      code: 'NoReadyReplicas',
      message: 'storefront-web: 0/4 replicas ready',
    });
    const short = rolloutSummary(withStatus({ readyReplicas: 3 }), []);
    expect(rolloutReasons([short], 'staging')[0].code).toBe(
      'ReplicasUnavailable',
    );
  });

  it('blue-green: its active and preview hashes, no step; Unknown before the controller wrote a status', () => {
    const bg: ArgoRollout = {
      metadata: { name: 'web', namespace: 'prod' },
      spec: {
        replicas: 2,
        strategy: {
          blueGreen: { activeService: 'web', previewService: 'web-preview' },
        },
      },
      status: {
        phase: 'Paused',
        pauseConditions: [{ reason: 'BlueGreenPause' }],
        blueGreen: { activeSelector: 'aaa', previewSelector: 'bbb' },
        readyReplicas: 2,
      },
    };
    expect(rolloutSummary(bg, [])).toMatchObject({
      strategy: 'blueGreen',
      step: undefined,
      activeHash: 'aaa',
      previewHash: 'bbb',
      pausedFor: ['BlueGreenPause'],
    });
    expect(
      rolloutSummary({ metadata: { name: 'new', namespace: 'x' } }, []),
    ).toMatchObject({ phase: 'Unknown', strategy: 'unknown', desired: 1 });
  });
});
