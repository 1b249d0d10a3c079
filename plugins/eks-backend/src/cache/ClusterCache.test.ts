import { mockServices } from '@backstage/backend-test-utils';
import { clusterFixture } from '../__testUtils__/fixtures';
import { eventually } from '../__testUtils__/eventually';
import { startFakeApiserver } from '../__testUtils__/fakeApiserver';
import { DefaultEksService } from '../service/DefaultEksService';

const staging = clusterFixture('eks-staging-euw1');

jest.setTimeout(30_000);

describe('ClusterCache', () => {
  let service: DefaultEksService;
  afterEach(async () => service?.stop());

  function start(url: string, listPageSize?: number, probeSeconds?: number) {
    service = new DefaultEksService({
      logger: mockServices.logger.mock(),
      watchTimeoutSeconds: 300,
      listPageSize,
      probeSeconds,
    });
    return service.addCluster(
      {
        name: 'stg',
        url,
        skipTLSVerify: false,
        timeoutMs: 1000,
        auth: { type: 'serviceAccount', token: 't' },
      },
      async () => 't',
    );
  }
  const podLists = (api: { requests: { path: string; watch: boolean }[] }) =>
    api.requests.filter(r => r.path === '/api/v1/pods' && !r.watch).length;

  it('re-LISTs a resource type when its watch reports 410 Gone, and only that one', async () => {
    const api = await startFakeApiserver(staging);
    try {
      await start(api.url);
      await eventually(
        'synced',
        async () => (await service.listClusters()).clusters.length === 1,
      );
      expect(api.lists()).toBe(11);
      api.send('/api/v1/pods', 'ERROR', {
        kind: 'Status',
        code: 410,
        reason: 'Expired',
        message: 'too old resource version',
      });
      await eventually('a second pods LIST', async () => podLists(api) === 2);
      expect(api.lists()).toBe(12);
      await eventually(
        'synced again',
        async () => (await service.listClusters()).clusters.length === 1,
      );
    } finally {
      await api.close();
    }
  });

  it('LISTs in pages of listPageSize and restarts a LIST whose continue token expired', async () => {
    const api = await startFakeApiserver(staging);
    try {
      api.state.expireContinueTokens = 1;
      await start(api.url, 10);
      await eventually(
        'synced',
        async () => (await service.listClusters()).clusters.length === 1,
      );
      const { cluster } = await service.getCluster('stg');
      const cachedPods = Object.values(cluster.podsByPhase).reduce(
        (x, y) => x + y,
        0,
      );
      expect(cachedPods).toBe(staging.pods.length);
      const pages = Math.ceil(staging.pods.length / 10);
      // one restart of one resource type: its first page and the expired one again
      expect(api.lists()).toBeGreaterThanOrEqual(11 + pages - 1);
      const podLimits = api.requests
        .filter(r => r.path === '/api/v1/pods' && !r.watch)
        .map(r => r.query.limit);
      expect(new Set(podLimits)).toEqual(new Set(['10']));
    } finally {
      await api.close();
    }
  });

  it('picks up a cluster that comes back, without a restart and without a new LIST', async () => {
    let api = await startFakeApiserver(staging);
    const port = Number(new URL(api.url).port);
    await start(api.url);
    await eventually(
      'synced',
      async () => (await service.listClusters()).clusters.length === 1,
    );
    await api.close();
    const down = await eventually('the outage to show', async () => {
      const r = await service.listClusters();
      return r.errors.length === 1 ? r.errors[0] : undefined;
    });
    expect(down).toMatchObject({ cluster: 'stg', kind: 'unreachable' });
    api = await startFakeApiserver(staging, port);
    try {
      await eventually(
        'the cluster to be back',
        async () => (await service.listClusters()).clusters.length === 1,
      );
      // every watch resumes from its resourceVersion: no new LIST. The
      // cluster reads as back once its first watch answers, so the others
      // are awaited rather than counted at that moment.
      await eventually(
        'every watch to resume',
        async () => api.requests.filter(r => r.watch).length >= 9,
      );
      expect(api.lists()).toBe(0);
    } finally {
      await api.close();
    }
  });

  it('reports a cluster that stops answering within one probe and one timeout, and takes it back when it answers', async () => {
    const api = await startFakeApiserver(staging);
    try {
      await start(api.url, undefined, 0.2);
      await eventually(
        'synced',
        async () => (await service.listClusters()).clusters.length === 1,
      );
      // the apiserver accepts connections and answers nothing: the open
      // watches only go silent
      api.state.frozen = true;
      const down = await eventually('the outage to show', async () => {
        const r = await service.listClusters();
        return r.errors.length === 1 ? r.errors[0] : undefined;
      });
      expect(down).toMatchObject({
        cluster: 'stg',
        kind: 'timeout',
        message: 'stg did not answer within 1000 ms',
      });
      expect((await service.listClusters()).clusters).toEqual([]);
      api.state.frozen = false;
      await eventually(
        'the cluster to be back',
        async () => (await service.listClusters()).clusters.length === 1,
      );
      // the cache was kept: no new LIST
      expect(api.lists()).toBe(11);
    } finally {
      await api.close();
    }
  });
});
