import { mockServices } from '@backstage/backend-test-utils';
import { EksClusterInfo } from '@runway/plugin-eks-common';
import { eksDatabases, newClusterStore } from '../__testUtils__/databases';
import { ClusterConfig } from '../config';
import {
  DiscoveredClusterStore,
  StoredCluster,
} from '../store/DiscoveredClusterStore';
import { discoveredClusterConfig } from './ClusterDiscovery';
import { ClusterRegistry } from './ClusterRegistry';
import { DiscoveryReconciler } from './DiscoveryReconciler';

const now = new Date('2026-12-04T12:00:00Z');
const databases = eksDatabases();

/** One replica's registry: the clusters it watches and the EKS data it shows. */
function fakeRegistry(configured: string[] = []) {
  const watching = new Map<string, ClusterConfig | 'configured'>(
    configured.map(n => [n, 'configured']),
  );
  const registry = {
    watching,
    eksInfo: undefined as EksClusterInfo[] | undefined,
    addCluster: jest.fn(async (c: ClusterConfig) => {
      watching.set(c.name, c);
    }),
    removeCluster: jest.fn(async (name: string) => {
      watching.delete(name);
    }),
    hasCluster: (name: string) => watching.has(name),
    setEksInfo: jest.fn((infos: EksClusterInfo[]) => {
      registry.eksInfo = infos;
    }),
  } satisfies ClusterRegistry & Record<string, unknown>;
  return registry;
}

function replica(
  store: DiscoveredClusterStore,
  registry: ReturnType<typeof fakeRegistry>,
) {
  return new DiscoveryReconciler({
    store,
    clusters: registry,
    toConfig: found =>
      discoveredClusterConfig(found, {
        discovery: {
          regions: ['eu-west-1'],
          accountId: '222222222222',
          frequencyMinutes: 10,
          reconcileSeconds: 30,
        },
        requestTimeoutMs: 2000,
      }),
    tokens: { tokenFor: () => async () => 'token' },
    publishEksInfo: true,
    logger: mockServices.logger.mock(),
  });
}

function cluster(name: string, over: Partial<StoredCluster> = {}) {
  return {
    name,
    region: 'eu-west-1',
    url: `https://${name}.gr7.eu-west-1.eks.amazonaws.com`,
    caData: 'PEM',
    eksInfo: {
      name,
      region: 'eu-west-1',
      nodeGroups: [],
      insights: [],
      addons: [],
      source: 'eks',
      fetchedAt: now.toISOString(),
    },
    ...over,
  } satisfies StoredCluster;
}

describe.each(databases.eachSupportedId())(
  'DiscoveryReconciler on %p',
  databaseId => {
    it('serves the same discovered clusters on two replicas after one discovery run', async () => {
      const knex = await databases.init(databaseId);
      const open = () =>
        DiscoveredClusterStore.create({
          database: { getClient: async () => knex },
        });
      const [storeA, storeB] = [await open(), await open()];
      const a = fakeRegistry();
      const b = fakeRegistry();
      const [replicaA, replicaB] = [replica(storeA, a), replica(storeB, b)];
      // the global discovery task ran on replica A only
      await storeA.replace([cluster('eks-a'), cluster('eks-b')], now);
      await replicaA.reconcile();
      await replicaB.reconcile();
      expect([...a.watching.keys()].sort()).toEqual(['eks-a', 'eks-b']);
      expect([...b.watching.keys()].sort()).toEqual(['eks-a', 'eks-b']);
      expect(b.watching.get('eks-a')).toMatchObject({
        url: 'https://eks-a.gr7.eu-west-1.eks.amazonaws.com',
        caData: 'PEM',
        auth: { type: 'aws', accountId: '222222222222' },
      });
      expect(b.eksInfo?.map(i => i.name)).toEqual(['eks-a', 'eks-b']);
    });

    it('adds new clusters, re-watches a changed endpoint, removes vanished ones, once each', async () => {
      const store = await newClusterStore(databases, databaseId);
      const registry = fakeRegistry();
      const r = replica(store, registry);
      await store.replace([cluster('eks-a'), cluster('eks-b')], now);
      await r.reconcile();
      await r.reconcile();
      expect(registry.addCluster).toHaveBeenCalledTimes(2);
      expect(registry.setEksInfo).toHaveBeenCalledTimes(1);

      await store.replace(
        [cluster('eks-a', { url: 'https://moved.example' }), cluster('eks-c')],
        now,
      );
      await r.reconcile();
      expect(
        registry.addCluster.mock.calls.slice(2).map(([c]) => c.url),
      ).toEqual([
        'https://moved.example',
        'https://eks-c.gr7.eu-west-1.eks.amazonaws.com',
      ]);
      expect(registry.removeCluster.mock.calls).toEqual([['eks-b']]);
      expect([...registry.watching.keys()].sort()).toEqual(['eks-a', 'eks-c']);
      expect(registry.eksInfo?.map(i => i.name)).toEqual(['eks-a', 'eks-c']);
    });

    it('never replaces or removes a configured cluster of the same name', async () => {
      const store = await newClusterStore(databases, databaseId);
      const registry = fakeRegistry(['eks-a']);
      const r = replica(store, registry);
      await store.replace([cluster('eks-a')], now);
      await r.reconcile();
      await store.replace([], now);
      await r.reconcile();
      expect(registry.addCluster).not.toHaveBeenCalled();
      expect(registry.removeCluster).not.toHaveBeenCalled();
      expect(registry.watching.get('eks-a')).toBe('configured');
    });

    it('publishes no EKS data before discovery stored any', async () => {
      const store = await newClusterStore(databases, databaseId);
      const registry = fakeRegistry();
      await replica(store, registry).reconcile();
      expect(registry.setEksInfo).not.toHaveBeenCalled();
      expect(registry.addCluster).not.toHaveBeenCalled();
    });
  },
);
