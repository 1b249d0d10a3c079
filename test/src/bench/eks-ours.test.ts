/*
 * EKS benchmark, Runway's half (bench/eks.sh runs it, then eks-peer.test.ts,
 * against the same API servers). Nothing here asserts a time.
 */
import net from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eksPlugin from '@runway/plugin-eks-backend';
import {
  AUTH,
  baseUrl,
  benchCluster,
  Cluster,
  entity,
  OURS_POLL_MS,
  oursWorkloads,
  p95,
  pagesOpen,
  populateBigCluster,
  timed,
  writeHalf,
} from './eksBenchCommon';

jest.setTimeout(30 * 60_000);

async function ours(clusters: Cluster[]) {
  return startTestBackend({
    features: [
      eksPlugin,
      mockServices.rootConfig.factory({
        data: {
          eks: {
            sampleEksData: true,
            requestTimeoutMs: 2000,
            clusters: clusters.map(c => ({
              name: c.name,
              url: c.url,
              caFile: c.caFile,
              skipTLSVerify: !c.caFile,
              auth: { type: 'serviceAccount', token: c.token },
            })),
          },
        },
      }),
      catalogServiceMock.factory({ entities: [entity as any] }),
    ],
  });
}

async function untilWorkloads(url: string, n: number) {
  for (let i = 0; i < 150; i++) {
    const r = await (await oursWorkloads(url)()).json();
    if (r.health?.workloads?.length === n) return;
    await new Promise(res => setTimeout(res, 200));
  }
  throw new Error(`workloads of ${n} clusters never appeared`);
}

test('eks benchmark: Runway', async () => {
  const results: Record<string, number> = {};
  const notes: string[] = [];
  const staging = benchCluster('EKS_BENCH_STAGING', 'eks-staging-euw1');
  const big = benchCluster('EKS_BENCH_BIG', 'bench-5000-pods');
  const live = (name: string): Cluster => ({
    name,
    url: staging.url,
    caFile: staging.caFile,
    token: staging.readerToken,
  });
  const blackHole = net.createServer(() => {});
  await new Promise<void>(r => blackHole.listen(0, '127.0.0.1', () => r()));
  const dead: Cluster = {
    name: 'dead',
    url: `https://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`,
    token: 'x',
  };
  try {
    // 20 entity pages open on one cluster, then entity workloads p95
    const o1 = await ours([live('eks-staging-euw1')]);
    const url1 = baseUrl(o1.server as any);
    await untilWorkloads(url1, 1);
    const pages = await pagesOpen(staging, oursWorkloads(url1), OURS_POLL_MS);
    results.apiserver_requests_per_min_20_pages = pages.perMin;
    notes.push(
      `ours: apiserver requests by verb from user runway in the window ${JSON.stringify(
        pages.verbs,
      )} (watches opened before the window stay open)`,
    );
    const lat: number[] = [];
    for (let i = 0; i < 200; i++)
      lat.push((await timed(oursWorkloads(url1))).ms);
    results.workloads_p95_ms = p95(lat);
    await o1.stop();

    // one of five clusters black-holed
    const o5 = await ours([
      live('c1'),
      live('c2'),
      live('c3'),
      live('c4'),
      dead,
    ]);
    const url5 = baseUrl(o5.server as any);
    await untilWorkloads(url5, 4);
    const lat5: number[] = [];
    for (let i = 0; i < 100; i++)
      lat5.push((await timed(oursWorkloads(url5))).ms);
    results.one_dead_of_5_p95_ms = p95(lat5);
    const last = await (await oursWorkloads(url5)()).json();
    notes.push(
      `ours with one dead of five: ${
        last.health.workloads.length
      } clusters' workloads answered, errors ${JSON.stringify(
        last.errors.map((e: any) => [e.cluster, e.kind]),
      )}`,
    );
    await o5.stop();

    // cluster overview of 5,000 pods on 300 kwok nodes
    await populateBigCluster(big);
    const ob = await ours([
      {
        name: 'bench-5000-pods',
        url: big.url,
        caFile: big.caFile,
        token: big.adminToken,
      },
    ]);
    const urlb = baseUrl(ob.server as any);
    let pods = 0;
    for (let i = 0; i < 300 && pods < 5000; i++) {
      const r = await (
        await fetch(`${urlb}/api/eks/clusters/bench-5000-pods`, {
          headers: AUTH,
        })
      ).json();
      pods = Object.values(
        (r.cluster?.podsByPhase ?? {}) as Record<string, number>,
      ).reduce((a, b) => a + b, 0);
      if (pods < 5000) await new Promise(res => setTimeout(res, 500));
    }
    const overview: number[] = [];
    for (let i = 0; i < 200; i++) {
      overview.push(
        (
          await timed(() =>
            fetch(`${urlb}/api/eks/clusters/bench-5000-pods`, {
              headers: AUTH,
            }),
          )
        ).ms,
      );
    }
    results.overview_p95_ms_5000_pods = p95(overview);
    notes.push(
      `overview: ${pods} pods on 300 nodes in the cache; 200 sequential GET /clusters/bench-5000-pods`,
    );
    await ob.stop();
  } finally {
    blackHole.close();
  }
  writeHalf('ours', results, notes);
});
