import { mockServices } from '@backstage/backend-test-utils';
import { ClusterConfig } from '../config';
import { sampleEksClusters } from '../sample/sampleEks';
import { ClusterRegistry } from './ClusterRegistry';
import { registerConfiguredClusters } from './configuredClusters';

const cluster = (name: string): ClusterConfig => ({
  name,
  url: `https://${name}.example`,
  skipTLSVerify: false,
  timeoutMs: 1000,
  auth: { type: 'serviceAccount', token: `${name}-token` },
});

function fakeRegistry() {
  return {
    addCluster: jest.fn(async () => {}),
    removeCluster: jest.fn(async () => {}),
    hasCluster: jest.fn(() => false),
    setEksInfo: jest.fn(),
  } satisfies ClusterRegistry;
}

describe('registerConfiguredClusters', () => {
  const now = new Date('2026-11-27T12:00:00Z');

  it('watches every configured cluster with its own token source, in order', async () => {
    const clusters = fakeRegistry();
    const sources = new Map<string, () => Promise<string>>();
    const tokens = {
      tokenFor: jest.fn((c: ClusterConfig) => {
        const source = async () => `${c.name}-token`;
        sources.set(c.name, source);
        return source;
      }),
    };
    const logger = mockServices.logger.mock();
    await registerConfiguredClusters({
      config: { clusters: [cluster('a'), cluster('b')], sampleEksData: false },
      clusters,
      tokens,
      logger,
      now: () => now,
    });
    expect(clusters.addCluster.mock.calls).toEqual([
      [cluster('a'), sources.get('a')],
      [cluster('b'), sources.get('b')],
    ]);
    expect(clusters.setEksInfo).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      'Watching 2 configured cluster(s): a, b',
    );
  });

  it('answers EKS-only data from the sample EKS data source when asked', async () => {
    const clusters = fakeRegistry();
    await registerConfiguredClusters({
      config: { clusters: [], sampleEksData: true },
      clusters,
      tokens: { tokenFor: () => async () => 'x' },
      logger: mockServices.logger.mock(),
      now: () => now,
    });
    expect(clusters.addCluster).not.toHaveBeenCalled();
    expect(clusters.setEksInfo).toHaveBeenCalledWith(
      sampleEksClusters(now),
      'sample',
    );
  });
});
