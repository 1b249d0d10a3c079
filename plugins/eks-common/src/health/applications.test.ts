import { stgArgo } from '../__fixtures__/snapshots';
import { ArgoApplication } from '../argo';
import { ClusterSnapshot } from '../kube';
import { applicationSummary, serviceApplications } from './applications';

const captured = stgArgo.applications![0];

describe('Argo CD Applications of a service', () => {
  it('shapes the captured Application: sync and revision, health, last operation, destination', () => {
    expect(serviceApplications(stgArgo, 'storefront-web')).toEqual([
      {
        cluster: 'eks-staging-euw1',
        namespace: 'argocd',
        name: 'storefront-web-staging',
        project: 'team-checkout',
        syncStatus: 'Synced',
        revision: expect.stringMatching(/^[0-9a-f]{40}$/),
        healthStatus: 'Progressing',
        // Argo CD 3 leaves the Application's own message empty: the
        // resource that is not Healthy says why
        healthMessage:
          'Rollout storefront-web: Progressing (more replicas need to be updated)',
        operation: {
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          startedAt: expect.any(String),
          finishedAt: expect.any(String),
        },
        destination: {
          namespace: 'staging',
          server: 'https://kubernetes.default.svc',
          name: undefined,
        },
        source: {
          repoURL: 'https://git.example.com/team-checkout/storefront-web.git',
          path: 'k8s/overlays/staging',
          targetRevision: 'main',
        },
      },
    ]);
  });

  it('matches the label backstage.io/kubernetes-id only', () => {
    const app = (
      name: string,
      meta: Partial<ArgoApplication['metadata']>,
    ): ArgoApplication => ({
      ...captured,
      metadata: { name, namespace: 'argocd', ...meta },
    });
    const snapshot: ClusterSnapshot = {
      ...stgArgo,
      applications: [
        app('by-label', { labels: { 'backstage.io/kubernetes-id': 'web' } }),
        app('by-annotation', {
          annotations: { 'backstage.io/kubernetes-id': 'web' },
        }),
        app('by-name-label', { labels: { 'app.kubernetes.io/name': 'web' } }),
        app('other', { labels: { 'backstage.io/kubernetes-id': 'webshop' } }),
      ],
    };
    expect(serviceApplications(snapshot, 'web').map(a => a.name)).toEqual([
      'by-label',
    ]);
  });

  it('keeps to a namespace when asked: where it deploys to, or where it lives', () => {
    expect(
      serviceApplications(stgArgo, 'storefront-web', { namespace: 'staging' }),
    ).toHaveLength(1);
    expect(
      serviceApplications(stgArgo, 'storefront-web', { namespace: 'argocd' }),
    ).toHaveLength(1);
    expect(
      serviceApplications(stgArgo, 'storefront-web', { namespace: 'prod' }),
    ).toEqual([]);
  });

  it('is empty on a cluster without the CRD, and says Unknown before Argo CD wrote a status', () => {
    const { applications, ...without } = stgArgo;
    expect(serviceApplications(without, 'storefront-web')).toEqual([]);
    expect(
      applicationSummary(
        { metadata: { name: 'new', namespace: 'argocd' } },
        'c',
      ),
    ).toMatchObject({
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
      operation: undefined,
      destination: {},
    });
    // an older Argo CD's own health message wins
    expect(
      applicationSummary(
        {
          ...captured,
          status: {
            ...captured.status,
            health: { status: 'Degraded', message: 'Deployment x failed' },
          },
        },
        'c',
      ).healthMessage,
    ).toBe('Deployment x failed');
  });
});
