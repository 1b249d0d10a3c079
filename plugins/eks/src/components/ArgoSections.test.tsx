import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import {
  ApplicationSummary,
  RolloutSummary,
  WorkloadHealth,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';
import { EksApi, eksApiRef } from '../api';
import { EntityWorkloadsContent } from './EntityWorkloadsContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'storefront-web',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'storefront-web' },
  },
  spec: { type: 'website', owner: 'team-checkout', lifecycle: 'production' },
};

const rollout: RolloutSummary = {
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
    analysisRun: { name: 'storefront-web-kjrxs4959k-4-2', status: 'Running' },
  },
  stableHash: 'l4kb7wv4kx',
  canaryHash: 'kjrxs4959k',
  ready: 4,
  desired: 4,
  updated: 1,
  available: 4,
  restarts: 0,
  aborted: false,
  image: 'storefront-web:1.8.0',
};

const application: ApplicationSummary = {
  cluster: 'eks-staging-euw1',
  namespace: 'argocd',
  name: 'storefront-web-staging',
  project: 'team-checkout',
  syncStatus: 'Synced',
  revision: '2e6b95fa0cc69396a2c1de23ce2d59a4b3d53813',
  healthStatus: 'Progressing',
  healthMessage: 'Rollout storefront-web: Progressing',
  operation: {
    phase: 'Succeeded',
    message: 'successfully synced (all tasks run)',
    finishedAt: new Date(Date.now() - 4 * 60_000).toISOString(),
  },
  destination: {
    namespace: 'staging',
    server: 'https://kubernetes.default.svc',
  },
};

const workload: WorkloadHealth = {
  cluster: 'eks-staging-euw1',
  namespace: 'staging',
  environment: 'staging',
  verdict: 'healthy',
  reasons: [],
  deployments: [],
  rollouts: [rollout],
  pods: [],
  hpas: [],
  events: [],
  checklist: [],
};

function answer(
  health: Partial<WorkloadsResponse['health']>,
  rest: Partial<WorkloadsResponse> = {},
): WorkloadsResponse {
  return {
    entityRef: 'component:default/storefront-web',
    canReadLogs: false,
    errors: [],
    warnings: [],
    generatedAt: new Date().toISOString(),
    ...rest,
    health: {
      id: 'storefront-web',
      verdict: 'healthy',
      reasons: [],
      workloads: [],
      applications: [],
      ...health,
    },
  };
}

async function renderTab(getWorkloads: EksApi['getWorkloads']) {
  const api: EksApi = {
    listClusters: jest.fn(),
    getCluster: jest.fn(),
    getWorkloads,
    getLogs: jest.fn(),
  };
  return renderInTestApp(
    <TestApiProvider apis={[[eksApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityWorkloadsContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('the Argo sections of the Workloads tab', () => {
  it('shows the Application (sync, health, last operation, destination) and the Rollout at its canary step', async () => {
    await renderTab(async () =>
      answer({ workloads: [workload], applications: [application] }),
    );
    const apps = await screen.findByRole('table', {
      name: 'argo cd applications',
    });
    const appRow = within(apps).getAllByRole('row')[1];
    expect(appRow).toHaveTextContent('argocd/storefront-web-staging');
    expect(appRow).toHaveTextContent('Synced to 2e6b95f');
    expect(appRow).toHaveTextContent(
      'Progressing — Rollout storefront-web: Progressing',
    );
    expect(appRow).toHaveTextContent(
      /Succeeded — successfully synced \(all tasks run\) \(4 min ago\)/,
    );
    expect(within(appRow).getByText('staging')).toBeInTheDocument();

    const rollouts = screen.getByRole('table', { name: 'argo rollouts' });
    const row = within(rollouts).getAllByRole('row')[1];
    for (const line of [
      'canary 3 of 5: analysis success-rate',
      'weight 25 %',
      'storefront-web-kjrxs4959k-4-2: Running',
      'stable l4kb7wv4kx',
      'canary kjrxs4959k',
      '4/4 ready, 1 updated',
      '0 restarts',
    ]) {
      expect(within(row).getByText(line)).toBeInTheDocument();
    }
    expect(within(row).getByTitle('storefront-web:1.8.0')).toBeInTheDocument();
    // a service rolled out by Argo Rollouts only has no Deployments table
    expect(screen.queryByRole('table', { name: 'deployments' })).toBeNull();
  });

  it('an aborted rollout and a failed sync are called out', async () => {
    await renderTab(async () =>
      answer({
        verdict: 'degraded',
        workloads: [
          {
            ...workload,
            verdict: 'degraded',
            reasons: [
              {
                severity: 'warning',
                code: 'RolloutAborted',
                message:
                  'storefront-web: rollout aborted at step 3 of 5; the stable ReplicaSet l4kb7wv4kx serves',
              },
            ],
            rollouts: [
              { ...rollout, aborted: true, phase: 'Degraded', message: 'x' },
            ],
          },
        ],
        applications: [
          {
            ...application,
            operation: {
              phase: 'Failed',
              message: 'one or more objects failed',
            },
          },
        ],
      }),
    );
    expect(
      await screen.findByText(/rollout aborted at step 3 of 5/),
    ).toBeInTheDocument();
    expect(screen.getByText('aborted (Degraded) — x')).toBeInTheDocument();
    expect(
      screen.getByText(
        'storefront-web-staging: last sync failed — one or more objects failed',
      ),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderTab(() => new Promise(() => {}));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('without Argo: no Argo sections, the Deployments table as before', async () => {
    await renderTab(async () =>
      answer({ workloads: [{ ...workload, rollouts: [] }] }),
    );
    expect(
      await screen.findByRole('table', { name: 'deployments' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'argo rollouts' })).toBeNull();
    expect(screen.queryByText('Argo CD Applications')).toBeNull();
  });

  it('an Application without workloads yet: the Application, then the empty state; a CRD that could not be read says so', async () => {
    await renderTab(async () =>
      answer(
        { applications: [application] },
        {
          warnings: [
            {
              cluster: 'eks-production-euw1',
              resource: 'argoproj.io/rollouts',
              message: 'HTTP 403',
            },
          ],
        },
      ),
    );
    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
    expect(
      screen.getByText(/No Deployment or Argo Rollout labelled/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'argo cd applications' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /argoproj.io\/rollouts of eks-production-euw1 could not be read: HTTP 403/,
      ),
    ).toBeInTheDocument();
  });
});
