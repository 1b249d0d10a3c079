import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fireEvent, screen } from '@testing-library/react';
import { WorkloadsResponse } from '@runway/plugin-eks-common';
import { EksApi, eksApiRef } from '../api';
import { EntityWorkloadsContent } from './EntityWorkloadsContent';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

const crash = {
  namespace: 'staging',
  name: 'payments-api-dd9-x',
  reason: 'CrashLoopBackOff',
  container: 'payments-api',
  restarts: 14,
  lastExitCode: 1,
  owner: 'Deployment/payments-api',
};
const response: WorkloadsResponse = {
  entityRef: 'component:default/payments-api',
  canReadLogs: true,
  errors: [],
  warnings: [],
  generatedAt: new Date().toISOString(),
  health: {
    id: 'payments-api',
    verdict: 'degraded',
    reasons: [],
    applications: [],
    workloads: [
      {
        cluster: 'eks-staging-euw1',
        namespace: 'staging',
        environment: 'staging',
        verdict: 'degraded',
        reasons: [
          {
            severity: 'warning',
            code: 'CrashLoopBackOff',
            message:
              'pod payments-api-dd9-x (revision 2): CrashLoopBackOff, 14 restarts, last exit code 1 (Error)',
          },
        ],
        deployments: [
          {
            namespace: 'staging',
            name: 'payments-api',
            revision: 2,
            rollout: 'stalled',
            ready: 2,
            desired: 2,
            updated: 1,
            restarts: 14,
            image: 'payments-api:2.0.0',
          },
        ],
        pods: [
          {
            namespace: 'staging',
            name: 'payments-api-dd9-x',
            phase: 'Running',
            ready: false,
            restarts: 14,
            revision: 2,
            problem: crash,
          },
        ],
        rollouts: [],
        hpas: [],
        events: [],
        checklist: [
          { id: 'probes', label: 'Readiness and liveness probes', ok: true },
          {
            id: 'service-monitor',
            label: 'ServiceMonitor (Prometheus scraping)',
            ok: false,
            detail: 'none for: payments-api',
          },
        ],
      },
    ],
  },
};

describe('EntityWorkloadsContent', () => {
  it('shows the verdict first, the crash loop with its reason, the checklist, and the last crash logs for those allowed', async () => {
    const getLogs = jest.fn(async () => ({
      cluster: 'eks-staging-euw1',
      namespace: 'staging',
      pod: crash.name,
      container: 'payments-api',
      previous: true,
      text: 'Traceback: bad DSN',
    }));
    const api: EksApi = {
      listClusters: jest.fn(),
      getCluster: jest.fn(),
      getWorkloads: async () => response,
      getLogs,
    };
    await renderInTestApp(
      <TestApiProvider apis={[[eksApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityWorkloadsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('payments-api is')).toBeInTheDocument();
    expect(screen.getAllByLabelText('verdict degraded')).toHaveLength(2);
    expect(
      screen.getByText(/CrashLoopBackOff, 14 restarts, last exit code 1/),
    ).toBeInTheDocument();
    expect(screen.getByText('stalled')).toBeInTheDocument();
    expect(screen.getByText('✗ none for: payments-api')).toBeInTheDocument();
    const scrollHeight = jest
      .spyOn(HTMLElement.prototype, 'scrollHeight', 'get')
      .mockReturnValue(4321);
    fireEvent.click(
      screen.getByText(/Last crash's logs of payments-api-dd9-x/),
    );
    expect(await screen.findByText('Traceback: bad DSN')).toBeInTheDocument();
    // the pane opens at its end, where the crash is
    expect(screen.getByLabelText('container logs').scrollTop).toBe(4321);
    scrollHeight.mockRestore();
    expect(getLogs).toHaveBeenCalledWith('component:default/payments-api', {
      cluster: 'eks-staging-euw1',
      namespace: 'staging',
      pod: crash.name,
      container: 'payments-api',
    });
  });

  it('hides the logs for users who may not read them and says which clusters are missing', async () => {
    const api: EksApi = {
      listClusters: jest.fn(),
      getCluster: jest.fn(),
      getWorkloads: async () => ({
        ...response,
        canReadLogs: false,
        errors: [
          {
            cluster: 'eks-production-euw1',
            kind: 'timeout',
            message: 'no answer',
          },
        ],
      }),
      getLogs: jest.fn(),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[eksApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityWorkloadsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(
        /eks-production-euw1 could not be read \(timeout\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Last crash's logs/)).toBeNull();
  });

  it('shows an empty state when no workload carries the label', async () => {
    const api: EksApi = {
      listClusters: jest.fn(),
      getCluster: jest.fn(),
      getWorkloads: async () => ({
        ...response,
        health: {
          id: 'payments-api',
          verdict: 'healthy',
          reasons: [],
          workloads: [],
          applications: [],
        },
      }),
      getLogs: jest.fn(),
    };
    await renderInTestApp(
      <TestApiProvider apis={[[eksApiRef, api]]}>
        <EntityProvider entity={entity}>
          <EntityWorkloadsContent />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
  });
});
