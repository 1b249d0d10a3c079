import { mockServices } from '@backstage/backend-test-utils';
import { argoClusterFixture, clusterFixture } from '../__testUtils__/fixtures';
import { eventually } from '../__testUtils__/eventually';
import { startFakeApiserver } from '../__testUtils__/fakeApiserver';
import { DefaultEksService } from '../service/DefaultEksService';
import { ClusterCache } from './ClusterCache';
import { KubeClient } from './KubeClient';

jest.setTimeout(30_000);

const APPLICATIONS = '/apis/argoproj.io/v1alpha1/applications';
const ROLLOUTS = '/apis/argoproj.io/v1alpha1/rollouts';

const cluster = (url: string) => ({
  name: 'stg',
  url,
  skipTLSVerify: false,
  timeoutMs: 1000,
  auth: { type: 'serviceAccount' as const, token: 't' },
});

describe('optional resource types (Argo CD Applications, Argo Rollouts)', () => {
  let service: DefaultEksService;
  let api: Awaited<ReturnType<typeof startFakeApiserver>>;
  afterEach(async () => {
    await service?.stop();
    await api?.close();
  });

  async function start(snapshot: any, before?: () => void) {
    api = await startFakeApiserver(snapshot);
    before?.();
    service = new DefaultEksService({
      logger: mockServices.logger.mock(),
      watchTimeoutSeconds: 300,
    });
    await service.addCluster(cluster(api.url), async () => 't');
    await eventually(
      'synced',
      async () => (await service.listClusters()).clusters.length === 1,
    );
  }
  const storefront = async () =>
    service.getWorkloads('storefront-web', { hiddenNamespaces: [] });

  it('a cluster without the CRDs (404) is ready, without error or warning, and has none; nothing is watched', async () => {
    await start(clusterFixture('eks-staging-euw1'));
    const { health, errors, warnings } = await storefront();
    expect({ errors, warnings }).toEqual({ errors: [], warnings: [] });
    expect(health.applications).toEqual([]);
    expect(health.workloads[0].rollouts).toEqual([]);
    expect(health.workloads[0].deployments).toHaveLength(1);
    const argo = api.requests.filter(r => r.path.includes('argoproj.io'));
    expect(argo.map(r => [r.path, r.watch])).toEqual(
      expect.arrayContaining([
        [APPLICATIONS, false],
        [ROLLOUTS, false],
      ]),
    );
    expect(argo.filter(r => r.watch)).toEqual([]);
  });

  it('with the CRDs: the Application and the Rollout are read, and watched', async () => {
    const snapshot = argoClusterFixture();
    await start(snapshot);
    const first = await storefront();
    expect(first.health.applications).toMatchObject([
      { name: 'storefront-web-staging', syncStatus: 'Synced' },
    ]);
    expect(first.health.workloads[0].rollouts[0]).toMatchObject({
      step: { number: 3, total: 5, kind: 'analysis' },
      aborted: false,
    });
    expect(first.health.verdict).toBe('healthy');
    await eventually('both watched', async () =>
      [APPLICATIONS, ROLLOUTS].every(p =>
        api.requests.some(r => r.path === p && r.watch),
      ),
    );
    // the canary is aborted: the watch brings it in, the verdict follows
    const rollout = JSON.parse(JSON.stringify(snapshot.rollouts[0]));
    rollout.status = { ...rollout.status, abort: true, phase: 'Degraded' };
    rollout.metadata.resourceVersion = '101';
    api.send(ROLLOUTS, 'MODIFIED', rollout);
    const after = await eventually('the abort to show', async () => {
      const r = await storefront();
      return r.health.verdict === 'degraded' ? r : undefined;
    });
    expect(after.health.reasons.map(r => r.code)).toEqual(['RolloutAborted']);
  });

  it('restricted namespaces: Applications in one, or deploying into one, are left out', async () => {
    await start(argoClusterFixture());
    const hidden = (ns: string) =>
      service.getWorkloads('storefront-web', { hiddenNamespaces: [ns] });
    expect((await hidden('argocd')).health.applications).toEqual([]);
    const staging = await hidden('staging');
    expect(staging.health.applications).toEqual([]);
    expect(staging.health.workloads).toEqual([]);
    expect((await hidden('kube-system')).health.applications).toHaveLength(1);
    // an entity pinned to a namespace gets the Applications deploying there
    const pinned = await service.getWorkloads('storefront-web', {
      namespace: 'production',
    });
    expect(pinned.health.applications).toEqual([]);
  });

  it('a CRD Runway may not list (403) leaves the cluster ready, with a warning', async () => {
    await start(argoClusterFixture(), () =>
      api.state.forbidden.add(APPLICATIONS),
    );
    const { health, errors, warnings } = await storefront();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        cluster: 'stg',
        resource: 'argoproj.io/applications',
        message: expect.stringMatching(
          /stg does not let Runway list argoproj.io\/applications \(.*HTTP 403.*\): grant list and watch/,
        ),
      },
    ]);
    expect(health.applications).toEqual([]);
    // the Rollouts, which it may read, are there
    expect(health.workloads[0].rollouts).toHaveLength(1);
  });

  it('a required type Runway may not list (403) still makes the cluster unready', async () => {
    api = await startFakeApiserver(clusterFixture('eks-staging-euw1'));
    api.state.forbidden.add('/apis/apps/v1/deployments');
    service = new DefaultEksService({
      logger: mockServices.logger.mock(),
      watchTimeoutSeconds: 300,
    });
    await service.addCluster(cluster(api.url), async () => 't');
    const error = await eventually('the refusal to show', async () => {
      const r = await service.listClusters();
      return r.errors[0]?.kind === 'unauthorized' ? r.errors[0] : undefined;
    });
    expect(error.message).toMatch(/refused Runway's credentials \(HTTP 403\)/);
    expect((await service.getWorkloads('storefront-web')).errors).toHaveLength(
      1,
    );
  });

  it('a CRD deleted while watched: its objects go, the cluster stays ready', async () => {
    const snapshot = argoClusterFixture();
    await start(snapshot);
    await eventually('the Rollouts watched', async () =>
      api.requests.some(r => r.path === ROLLOUTS && r.watch),
    );
    delete snapshot.rollouts;
    api.closeWatches(ROLLOUTS);
    const after = await eventually('the Rollout to go', async () => {
      const r = await storefront();
      return r.health.workloads.length === 0 ? r : undefined;
    });
    expect({ errors: after.errors, warnings: after.warnings }).toEqual({
      errors: [],
      warnings: [],
    });
    expect(after.health.applications).toHaveLength(1);
    expect((await service.listClusters()).clusters).toHaveLength(1);
  });
});

describe('ClusterCache with a CRD installed later', () => {
  it('LISTs an absent type again every optionalRecheckSeconds and picks the CRD up', async () => {
    const snapshot = clusterFixture('eks-staging-euw1');
    const api = await startFakeApiserver(snapshot);
    const cache = new ClusterCache(
      new KubeClient(cluster(api.url), async () => 't'),
      {
        logger: mockServices.logger.mock(),
        watchTimeoutSeconds: 300,
        listPageSize: 500,
        optionalRecheckSeconds: 0.2,
      },
    );
    try {
      cache.start();
      await eventually('ready', async () => cache.status().ready);
      expect(cache.snapshot().rollouts).toEqual([]);
      snapshot.rollouts = argoClusterFixture().rollouts;
      await eventually(
        'the Rollout',
        async () => cache.snapshot().rollouts?.length === 1,
      );
      expect(cache.status()).toEqual({ ready: true });
      expect(cache.warnings()).toEqual([]);
    } finally {
      await cache.stop();
      await api.close();
    }
  });
});
