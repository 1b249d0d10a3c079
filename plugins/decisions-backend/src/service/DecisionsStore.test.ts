import { TestDatabases } from '@backstage/backend-test-utils';
import { DecisionsSnapshot, DecisionsStore } from './DecisionsStore';

/**
 * SQLite always; PostgreSQL too when the test run provides one
 * (BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING).
 */
const databases = TestDatabases.create({
  ids: process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_17']
    : ['SQLITE_3'],
});

const snapshot = (
  refreshedAt: string,
  title: string,
): DecisionsSnapshot & { refreshedAt: string } => ({
  adrs: [
    {
      file: '0001-use-postgresql.md',
      number: '0001',
      title,
      status: 'accepted',
      date: '2026-01-02',
      entityRef: 'component:default/orders-api',
      entityTitle: 'orders-api',
      owner: 'group:default/team-checkout',
    },
  ],
  runbooks: [],
  errors: [{ entityRef: 'component:default/broken', message: 'unreadable' }],
  refreshedAt,
});

describe('DecisionsStore', () => {
  it.each(databases.eachSupportedId())(
    'holds one snapshot that every replica reads, replaced by the next (%p)',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const database = { getClient: async () => knex };
      const writer = await DecisionsStore.create({ database });
      // a second replica; its migrations find the table in place
      const reader = await DecisionsStore.create({ database });

      expect(await reader.read()).toBeUndefined();

      const first = snapshot('2026-12-04T10:00:00.000Z', 'Use PostgreSQL');
      await writer.write(first);
      expect(await reader.read()).toEqual(first);

      const second = snapshot('2026-12-04T10:10:00.000Z', 'Use Aurora');
      await writer.write(second);
      expect(await reader.read()).toEqual(second);
      expect(await knex('decisions_index').count({ n: '*' })).toEqual([
        { n: databaseId === 'SQLITE_3' ? 1 : '1' },
      ]);
    },
  );
});
