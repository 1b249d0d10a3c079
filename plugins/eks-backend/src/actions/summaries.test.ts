import { WorkloadsResponse } from '@runway/plugin-eks-common';
import { serviceHealthOutput } from './summaries';

/** storefront-web mid-canary, deployed by an Argo CD Application. */
const body: WorkloadsResponse = {
  entityRef: 'component:default/storefront-web',
  health: {
    id: 'storefront-web',
    verdict: 'healthy',
    reasons: [],
    workloads: [
      {
        cluster: 'eks-staging-euw1',
        namespace: 'staging',
        environment: 'staging',
        verdict: 'healthy',
        reasons: [],
        deployments: [],
        rollouts: [
          {
            namespace: 'staging',
            name: 'storefront-web',
            phase: 'Paused',
            message: 'CanaryPauseStep',
            strategy: 'canary',
            step: {
              number: 3,
              total: 5,
              kind: 'pause',
              detail: 'pause 10m',
              weight: 20,
              analysisRun: {
                name: 'storefront-web-7c9d-3',
                status: 'Running',
              },
            },
            stableHash: 'aaa',
            canaryHash: 'bbb',
            ready: 4,
            desired: 4,
            updated: 1,
            available: 4,
            restarts: 0,
            aborted: false,
            image: 'storefront-web:1.4.0',
          },
        ],
        pods: [],
        hpas: [],
        events: [],
        checklist: [],
      },
    ],
    applications: [
      {
        cluster: 'eks-staging-euw1',
        namespace: 'argocd',
        name: 'storefront-web-staging',
        syncStatus: 'Synced',
        revision: '3f2c1e0',
        healthStatus: 'Suspended',
        destination: { name: 'eks-staging-euw1', namespace: 'staging' },
      },
    ],
  },
  errors: [],
  warnings: [],
  canReadLogs: true,
  generatedAt: '2026-12-06T10:00:00Z',
};

describe('serviceHealthOutput', () => {
  it("carries a canary's step, weight and analysis, and the Argo CD Applications", () => {
    const output = serviceHealthOutput(body);
    expect(output.workloads[0].argoRollouts).toEqual([
      {
        name: 'storefront-web',
        phase: 'Paused',
        message: 'CanaryPauseStep',
        strategy: 'canary',
        step: 'step 3 of 5 (pause 10m)',
        weight: 20,
        analysis: 'storefront-web-7c9d-3: Running',
        aborted: false,
        ready: 4,
        desired: 4,
        image: 'storefront-web:1.4.0',
      },
    ]);
    expect(output.applications).toEqual([
      {
        cluster: 'eks-staging-euw1',
        namespace: 'argocd',
        name: 'storefront-web-staging',
        syncStatus: 'Synced',
        revision: '3f2c1e0',
        healthStatus: 'Suspended',
        healthMessage: undefined,
        destination: 'eks-staging-euw1/staging',
      },
    ]);
  });

  it('says a canary past its last step is done', () => {
    const [workload] = body.health.workloads;
    const done = serviceHealthOutput({
      ...body,
      health: {
        ...body.health,
        workloads: [
          {
            ...workload,
            rollouts: [
              {
                ...workload.rollouts[0],
                phase: 'Healthy',
                step: { number: 6, total: 5, weight: 100 },
              },
            ],
          },
        ],
      },
    });
    expect(done.workloads[0].argoRollouts[0]).toMatchObject({
      phase: 'Healthy',
      step: 'step 5 of 5 (done)',
      weight: 100,
    });
  });
});
