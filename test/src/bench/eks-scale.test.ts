/*
 * EKS benchmark at organisation scale (bench/eks.sh runs it after
 * eks-ours.test.ts and eks-peer.test.ts, on a cluster of its own): the
 * cache's memory per 10,000 pods and the cluster overview p95 with 20,000
 * pods on 1,000 kwok nodes (EKS_BENCH_SCALE_NODES / EKS_BENCH_SCALE_PODS
 * change them). Like the 5,000-pod overview it reads the cluster with its
 * admin token (the sample fixtures, which bind the reader role, do not run
 * there). Nothing here asserts a time or a size.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eksPlugin, { DefaultEksService } from '@runway/plugin-eks-backend';
import {
  AUTH,
  baseUrl,
  benchCluster,
  entity,
  p95,
  populateBigCluster,
  timed,
  writeHalf,
} from './eksBenchCommon';

jest.setTimeout(60 * 60_000);

const NODES = Number(process.env.EKS_BENCH_SCALE_NODES ?? 1000);
const PODS = Number(process.env.EKS_BENCH_SCALE_PODS ?? 20_000);
const NAME = 'bench-scale';

v8.setFlagsFromString('--expose-gc');
const gc: () => void = vm.runInNewContext('gc');
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Heap and RSS after two full collections, in MB. */
function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed / 2 ** 20, rss: m.rss / 2 ** 20 };
}

const round = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) =>
  round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);

test('eks benchmark: organisation scale', async () => {
  const results: Record<string, number> = {};
  const notes: string[] = [];
  const cluster = benchCluster('EKS_BENCH_SCALE', NAME);
  const loadStarted = Date.now();
  await populateBigCluster(cluster, { nodes: NODES, pods: PODS });
  notes.push(
    `scale: ${PODS} pods on ${NODES} kwok nodes created in ${round(
      (Date.now() - loadStarted) / 1000,
    )} s`,
  );
  const config = {
    name: NAME,
    url: cluster.url,
    caFile: cluster.caFile,
    skipTLSVerify: false,
    timeoutMs: 30_000,
    auth: { type: 'serviceAccount' as const, token: cluster.adminToken },
  };

  // the cache alone: heap and RSS before and after it holds every pod
  const before = memory();
  const service = new DefaultEksService({
    logger: mockServices.logger.mock(),
    watchTimeoutSeconds: 300,
  });
  await service.addCluster(config, async () => cluster.adminToken);
  let cached = 0;
  for (let i = 0; i < 600 && cached < PODS; i++) {
    await sleep(1000);
    const status = (await service.listClusters()).clusters[0];
    cached = status
      ? Object.values(status.podsByPhase).reduce((a, b) => a + b, 0)
      : 0;
  }
  const after = memory();
  const running = (await service.listClusters()).clusters[0]?.podsByPhase;
  await service.stop();
  results.cache_mb_per_10k_pods = round(
    ((after.heap - before.heap) * 10_000) / cached,
  );
  notes.push(
    `scale: cache of ${cached} pods and ${NODES} nodes: heap +${round(
      after.heap - before.heap,
    )} MB, RSS +${round(after.rss - before.rss)} MB (${round(
      ((after.rss - before.rss) * 10_000) / cached,
    )} MB RSS per 10,000 pods); pods by phase ${JSON.stringify(running)}`,
  );

  // the overview through the backend, as the Clusters page asks for it
  const backend = await startTestBackend({
    features: [
      eksPlugin,
      mockServices.rootConfig.factory({
        data: {
          eks: {
            sampleEksData: true,
            requestTimeoutMs: 30_000,
            clusters: [
              {
                name: NAME,
                url: cluster.url,
                caFile: cluster.caFile,
                auth: { type: 'serviceAccount', token: cluster.adminToken },
              },
            ],
          },
        },
      }),
      catalogServiceMock.factory({ entities: [entity as any] }),
    ],
  });
  try {
    const url = `${baseUrl(backend.server as any)}/api/eks/clusters/${NAME}`;
    let pods = 0;
    for (let i = 0; i < 600 && pods < PODS; i++) {
      const r = await (await fetch(url, { headers: AUTH })).json();
      pods = Object.values(
        (r.cluster?.podsByPhase ?? {}) as Record<string, number>,
      ).reduce((a, b) => a + b, 0);
      if (pods < PODS) await sleep(1000);
    }
    const overview: number[] = [];
    for (let i = 0; i < 200; i++) {
      overview.push((await timed(() => fetch(url, { headers: AUTH }))).ms);
    }
    results.overview_p95_ms_20000_pods = p95(overview);
    notes.push(
      `scale: overview of ${pods} pods on ${NODES} nodes: 200 sequential GET /clusters/${NAME}, p50 ${median(
        overview,
      )} ms, max ${round(Math.max(...overview))} ms`,
    );
  } finally {
    await backend.stop();
  }
  writeHalf('scale', results, notes);
});
