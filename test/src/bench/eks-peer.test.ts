/*
 * EKS benchmark, the stock @backstage/plugin-kubernetes-backend's half, on
 * the same API servers as eks-ours.test.ts (bench/eks.sh runs both; this one
 * needs node --experimental-vm-modules: the stock backend imports the ESM
 * build of @kubernetes/client-node at run time).
 */
import net from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import stockKubernetesPlugin from '@backstage/plugin-kubernetes-backend';
import {
  baseUrl,
  benchCluster,
  Cluster,
  entity,
  p95,
  pagesOpen,
  PEER_CAP_MS,
  PEER_POLL_MS,
  peerServices,
  timed,
  writeHalf,
} from './eksBenchCommon';

jest.setTimeout(30 * 60_000);

async function peer(clusters: Cluster[]) {
  return startTestBackend({
    features: [
      stockKubernetesPlugin,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: clusters.map(c => ({
                  name: c.name,
                  url: c.url,
                  authProvider: 'serviceAccount',
                  serviceAccountToken: c.token,
                  ...(c.caFile
                    ? { caFile: c.caFile }
                    : { skipTLSVerify: true }),
                  skipMetricsLookup: true,
                })),
              },
            ],
          },
        },
      }),
      catalogServiceMock.factory({ entities: [entity as any] }),
    ],
  });
}

test('eks benchmark: stock Kubernetes backend', async () => {
  const results: Record<string, number> = {};
  const notes: string[] = [];
  const staging = benchCluster('EKS_BENCH_STAGING', 'eks-staging-euw1');
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
    const p1 = await peer([live('eks-staging-euw1')]);
    const url1 = baseUrl(p1.server as any);
    const sample = await (await peerServices(url1)()).json();
    const objects = (sample.items?.[0]?.resources ?? []).reduce(
      (n: number, r: any) => n + r.resources.length,
      0,
    );
    notes.push(
      `peer: one answer holds ${
        sample.items?.length ?? 0
      } cluster(s), ${objects} objects, errors ${JSON.stringify(
        sample.items?.[0]?.errors ?? [],
      )}`,
    );
    const pages = await pagesOpen(staging, peerServices(url1), PEER_POLL_MS);
    results.peer_apiserver_requests_per_min_20_pages = pages.perMin;
    notes.push(
      `peer: apiserver requests by verb from user runway in the window ${JSON.stringify(
        pages.verbs,
      )}`,
    );
    const lat: number[] = [];
    let ok = 0;
    for (let i = 0; i < 100; i++) {
      const t = await timed(peerServices(url1));
      lat.push(t.ms);
      if (t.ok) ok++;
    }
    results.peer_workloads_p95_ms = p95(lat);
    notes.push(`peer: ${ok}/100 workloads requests answered 200`);
    await p1.stop();

    const p5 = await peer([
      live('c1'),
      live('c2'),
      live('c3'),
      live('c4'),
      dead,
    ]);
    const url5 = baseUrl(p5.server as any);
    const lat5: { ms: number; capped: boolean }[] = [];
    for (let i = 0; i < 5; i++)
      lat5.push(await timed(peerServices(url5, PEER_CAP_MS), PEER_CAP_MS));
    results.peer_one_dead_of_5_p95_ms = p95(lat5.map(x => x.ms));
    notes.push(
      `peer with one dead of five: ${
        lat5.filter(x => x.capped).length
      }/5 requests hit the ${PEER_CAP_MS} ms cap (counted as the cap)`,
    );
    await p5.stop();
  } finally {
    blackHole.close();
  }
  writeHalf('peer', results, notes);
});
