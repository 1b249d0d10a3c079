import { eksDatabases, newClusterStore } from '../__testUtils__/databases';
import { DiscoveredClusterStore } from './DiscoveredClusterStore';

const databases = eksDatabases();
const first = new Date('2026-12-04T12:00:00Z');
const later = new Date('2026-12-04T12:10:00Z');

describe.each(databases.eachSupportedId())(
  'DiscoveredClusterStore on %p',
  databaseId => {
    it('replaces the stored set: inserts, updates, deletes; keeps when a cluster was first found', async () => {
      const store = await newClusterStore(databases, databaseId);
      await store.replace(
        [
          { name: 'b', region: 'eu-west-1', url: 'https://b' },
          { name: 'a', region: 'eu-west-1', url: 'https://a', caData: 'PEM' },
        ],
        first,
      );
      expect(await store.list()).toEqual([
        {
          name: 'a',
          region: 'eu-west-1',
          url: 'https://a',
          caData: 'PEM',
          eksInfo: undefined,
        },
        {
          name: 'b',
          region: 'eu-west-1',
          url: 'https://b',
          caData: undefined,
          eksInfo: undefined,
        },
      ]);
      const info = {
        name: 'a',
        nodeGroups: [],
        insights: [],
        addons: [],
        source: 'eks' as const,
        fetchedAt: later.toISOString(),
      };
      await store.replace(
        [{ name: 'a', region: 'eu-west-1', url: 'https://a2', eksInfo: info }],
        later,
      );
      expect(await store.list()).toEqual([
        {
          name: 'a',
          region: 'eu-west-1',
          url: 'https://a2',
          caData: undefined,
          eksInfo: info,
        },
      ]);
      await store.replace([], later);
      expect(await store.list()).toEqual([]);
    });

    it('keeps the first discovery time across updates', async () => {
      const knex = await databases.init(databaseId);
      const store = await DiscoveredClusterStore.create({
        database: { getClient: async () => knex },
      });
      await store.replace(
        [{ name: 'a', region: 'eu-west-1', url: 'https://a' }],
        first,
      );
      await store.replace(
        [{ name: 'a', region: 'eu-west-1', url: 'https://a' }],
        later,
      );
      expect(
        await knex('eks_discovered_cluster').select(
          'discovered_at',
          'updated_at',
        ),
      ).toEqual([
        {
          discovered_at: first.toISOString(),
          updated_at: later.toISOString(),
        },
      ]);
    });
  },
);
