import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ClusterResponse, ClustersResponse } from '@runway/plugin-eks-common';
import { EksApi, eksApiRef } from '../api';
import { ClusterList, ClusterView } from './ClustersPage';
import { Route, Routes } from 'react-router-dom';

const version = {
  version: '1.34',
  status: 'standard' as const,
  until: '2026-12-02',
  daysLeft: 5,
  source: 'https://docs.aws.amazon.com/eks',
  asOf: '2026-11-27',
};
const capacity = {
  cpuAllocatableMillis: 7720,
  cpuRequestedMillis: 3250,
  memoryAllocatableBytes: 4 * 7224620 * 1024,
  memoryRequestedBytes: 2 ** 32,
};

const clusters: ClustersResponse = {
  clusters: [
    {
      name: 'eks-staging-euw1',
      verdict: 'degraded',
      reasons: [
        {
          severity: 'warning',
          code: 'CrashLoopBackOff',
          message: '1 pod CrashLoopBackOff: staging/payments-api-7d9',
        },
      ],
      version,
      nodes: { total: 4, ready: 4, notReady: 0 },
      capacity,
      podsByPhase: { Running: 12, Pending: 1 },
      problemPods: 2,
      warningEvents: 3,
      hpasAtMax: 0,
      nodeGroupsAtMax: 0,
      region: 'eu-west-1',
    },
  ],
  errors: [
    {
      cluster: 'eks-production-euw1',
      kind: 'timeout',
      message: 'eks-production-euw1 did not answer within 3000 ms',
    },
  ],
  eksSource: 'sample',
  generatedAt: new Date().toISOString(),
};

const fake = (over: Partial<EksApi>): EksApi => ({
  listClusters: async () => clusters,
  getCluster: async () => {
    throw new Error('unused');
  },
  getWorkloads: async () => {
    throw new Error('unused');
  },
  getLogs: async () => {
    throw new Error('unused');
  },
  ...over,
});

describe('ClusterList', () => {
  it('shows each cluster with its verdict and reasons, the unreachable one as an error, and the sample data label', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[eksApiRef, fake({})]]}>
        <ClusterList />
      </TestApiProvider>,
    );
    expect(await screen.findByText('eks-staging-euw1')).toBeInTheDocument();
    expect(screen.getByLabelText('verdict degraded')).toBeInTheDocument();
    expect(screen.getByText(/payments-api-7d9/)).toBeInTheDocument();
    expect(
      screen.getByText(/eks-production-euw1: timeout/),
    ).toBeInTheDocument();
    expect(screen.getByText('sample data')).toBeInTheDocument();
    expect(screen.getByText('4/4')).toBeInTheDocument();
    expect(screen.getByText('42 % of 7.72 cores')).toBeInTheDocument();
    expect(
      screen.getByText(/standard support until 2026-12-02/),
    ).toBeInTheDocument();
  });

  it('shows an empty state without clusters and an error panel when the backend fails', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            eksApiRef,
            fake({
              listClusters: async () => ({
                ...clusters,
                clusters: [],
                errors: [],
              }),
            }),
          ],
        ]}
      >
        <ClusterList />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No clusters configured'),
    ).toBeInTheDocument();
  });

  it('shows the error when the backend refuses', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            eksApiRef,
            fake({
              listClusters: async () =>
                Promise.reject(new Error('Not allowed: eks.cluster.read')),
            }),
          ],
        ]}
      >
        <ClusterList />
      </TestApiProvider>,
    );
    expect(
      (await screen.findAllByText(/Not allowed: eks.cluster.read/)).length,
    ).toBeGreaterThan(0);
  });
});

describe('ClusterView', () => {
  it('shows node groups, problem pods with their reason, and upgrade readiness', async () => {
    const one: ClusterResponse = {
      eksSource: 'sample',
      generatedAt: new Date().toISOString(),
      cluster: {
        name: 'eks-production-euw1',
        verdict: 'degraded',
        reasons: [
          {
            severity: 'warning',
            code: 'HpaAtMax',
            message:
              'HPA production/inventory-api is at its maximum of 6 replicas',
          },
        ],
        version,
        nodes: {
          total: 1,
          ready: 1,
          notReady: 0,
          items: [
            {
              name: 'ip-10-1-1-1',
              ready: true,
              nodegroup: 'spot',
              instanceType: 't3a.large',
              zone: 'eu-west-1a',
              cpuAllocatableMillis: 1930,
              cpuRequestedMillis: 965,
              memoryAllocatableBytes: 1,
              memoryRequestedBytes: 0,
              pods: 3,
              unschedulable: false,
            },
          ],
        },
        nodeGroups: [
          {
            name: 'spot',
            capacityType: 'SPOT',
            instanceTypes: ['t3.large', 't3a.large'],
            nodes: 3,
            readyNodes: 3,
            desired: 3,
            min: 1,
            max: 3,
            atMax: true,
          },
        ],
        capacity,
        podsByPhase: { Running: 19, Pending: 1 },
        problemPods: [
          {
            namespace: 'production',
            name: 'billing-worker-reprocess-x',
            reason: 'Unschedulable',
            message: '0/6 nodes are available: 6 Insufficient cpu.',
            restarts: 0,
            owner: 'Job/billing-worker-reprocess',
          },
        ],
        warningEvents: [],
        hpasAtMax: [
          {
            namespace: 'production',
            name: 'inventory-api',
            target: 'Deployment/inventory-api',
            min: 2,
            max: 6,
            current: 6,
            desired: 6,
            atMax: true,
          },
        ],
        unavailableDeployments: [],
        pdbsBlockingEvictions: [
          { namespace: 'production', name: 'billing-worker', expectedPods: 2 },
        ],
        upgrade: {
          insights: [
            {
              id: 'i',
              name: 'Amazon EKS add-on version compatibility',
              status: 'WARNING',
            },
          ],
          blockers: [
            'PodDisruptionBudget production/billing-worker allows no disruption',
          ],
        },
      },
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[[eksApiRef, fake({ getCluster: async () => one })]]}
      >
        <Routes>
          <Route path="/clusters/:name" element={<ClusterView />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/clusters/eks-production-euw1'] },
    );
    expect(await screen.findByText('eks-production-euw1')).toBeInTheDocument();
    expect(screen.getByText('3 (at max)')).toBeInTheDocument();
    expect(screen.getByText('Unschedulable')).toBeInTheDocument();
    expect(screen.getByText(/6 Insufficient cpu/)).toBeInTheDocument();
    expect(
      screen.getAllByText(/billing-worker allows no disruption/).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText('sample data').length).toBe(2);
    expect(screen.getByText(/inventory-api \(6\/6\)/)).toBeInTheDocument();
  });
});
