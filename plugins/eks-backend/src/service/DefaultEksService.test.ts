import { mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import { startFakeApiserver } from '../__testUtils__/fakeApiserver';
import { DefaultEksService } from './DefaultEksService';

const staging: any = JSON.parse(
  fs.readFileSync(
    path.join(
      path.dirname(require.resolve('@runway/plugin-eks-common/package.json')),
      'src/__fixtures__/eks-staging-euw1.json',
    ),
    'utf8',
  ),
);

/** Polls until `fn` answers, without relying on how long the watch takes. */
async function until<T>(fn: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise(r => setTimeout(r, 20));
  }
}

jest.setTimeout(30_000);

describe('DefaultEksService cluster health', () => {
  let clock = Date.parse('2026-12-04T12:00:00.000Z');
  const service = new DefaultEksService({
    logger: mockServices.logger.mock(),
    watchTimeoutSeconds: 300,
    now: () => new Date(clock),
  });
  let api: Awaited<ReturnType<typeof startFakeApiserver>>;
  afterAll(async () => {
    await service.stop();
    await api?.close();
  });

  it('is recomputed for a change at most once per second', async () => {
    api = await startFakeApiserver(staging);
    await service.addCluster(
      {
        name: 'stg',
        url: api.url,
        skipTLSVerify: false,
        timeoutMs: 1000,
        auth: { type: 'serviceAccount', token: 't' },
      },
      async () => 't',
    );
    const podCount = async () => {
      const { clusters } = await service.listClusters();
      const phases = clusters[0]?.podsByPhase;
      return phases && Object.values(phases).reduce((a, b) => a + b, 0);
    };
    const before = await until(podCount);
    expect(before).toBe(staging.pods.length);

    // a new storefront-web pod arrives through the watch; the unmemoised
    // workloads view shows when the cache holds it
    const pod = JSON.parse(
      JSON.stringify(
        staging.pods.find((p: any) =>
          p.metadata.name.startsWith('storefront-web'),
        ),
      ),
    );
    pod.metadata.name = 'storefront-web-new';
    pod.metadata.uid = 'new';
    const storefrontPods = async () => {
      const { health } = await service.getWorkloads('storefront-web');
      return health.workloads.flatMap(w => w.deployments).length
        ? health.workloads.reduce((n, w) => n + w.pods.length, 0)
        : undefined;
    };
    const podsBefore = await until(storefrontPods);
    api.send('/api/v1/pods', 'ADDED', pod);
    await until(async () =>
      (await storefrontPods()) === podsBefore + 1 ? true : undefined,
    );

    // 0.5 s after the last computation: still the computed answer
    clock += 500;
    expect(await podCount()).toBe(before);
    // 1 s after it: recomputed, with the new pod
    clock += 500;
    expect(await podCount()).toBe(before + 1);
  });
});
