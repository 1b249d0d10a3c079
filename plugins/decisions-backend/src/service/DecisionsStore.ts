import { DatabaseService } from '@backstage/backend-plugin-api';
import { EntityAdr, RunbookHealth } from '@runway/plugin-decisions-common';
import { RunbookSection } from './runbookSections';

/** The sections of one entity's runbook, for finding an alert's section. */
export type EntityRunbookSections = {
  entityRef: string;
  entityTitle: string;
  owner: string;
  /** `docs/runbook.md` or `docs/runbooks/index.md`. */
  runbook: string;
  /** TechDocs path of the runbook page, e.g. `/docs/default/component/x/runbook/`. */
  docsPath: string;
  sections: RunbookSection[];
};

/** What the index holds: every ADR and every runbook's freshness. */
export type DecisionsSnapshot = {
  adrs: EntityAdr[];
  runbooks: RunbookHealth[];
  /**
   * The sections of every runbook; absent in snapshots stored before
   * runbook sections were indexed.
   */
  runbookSections?: EntityRunbookSections[];
  errors: { entityRef: string; message: string }[];
  /** When the snapshot was built (ISO); absent before the first build. */
  refreshedAt?: string;
  /** Digest of the catalog entities it was built from (`catalogFingerprint`). */
  catalogFingerprint?: string;
};

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const TABLE = 'decisions_index';
/** The index is one row: the last complete snapshot replaces the previous. */
const ROW_ID = 'current';

type Migration = {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
};

/**
 * The plugin's migrations, in order; kept in code so that they ship with
 * the package's sources.
 */
const MIGRATIONS: Migration[] = [
  {
    name: '20261204000000_decisions_index',
    async up(knex) {
      await knex.schema.createTable(TABLE, table => {
        table.string('id').primary();
        table
          .string('refreshed_at')
          .notNullable()
          .comment('When the snapshot was built (ISO 8601)');
        table
          .text('snapshot', 'longtext')
          .notNullable()
          .comment('The DecisionsSnapshot as JSON');
      });
    },
    async down(knex) {
      await knex.schema.dropTable(TABLE);
    },
  },
];

/**
 * The decisions index in the plugin's database (SQLite or PostgreSQL): the
 * scheduled refresh, which runs on one replica per cadence, writes it; every
 * replica serves requests from it. A replica keeps the last snapshot it read
 * and reads it again only when its `refreshed_at` changed.
 */
export class DecisionsStore {
  private cached?: DecisionsSnapshot;

  /** Opens the store, running its migrations unless the database skips them. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DecisionsStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        tableName: 'decisions_knex_migrations',
        migrationSource: {
          getMigrations: async () => MIGRATIONS,
          getMigrationName: (m: Migration) => m.name,
          getMigration: async (m: Migration) => m,
        },
      });
    }
    return new DecisionsStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** Replaces the stored snapshot. */
  async write(
    snapshot: DecisionsSnapshot & { refreshedAt: string },
  ): Promise<void> {
    await this.knex(TABLE)
      .insert({
        id: ROW_ID,
        refreshed_at: snapshot.refreshedAt,
        snapshot: JSON.stringify(snapshot),
      })
      .onConflict('id')
      .merge();
  }

  /** The stored snapshot, or undefined before the first refresh anywhere. */
  async read(): Promise<DecisionsSnapshot | undefined> {
    const version = await this.knex(TABLE)
      .where({ id: ROW_ID })
      .first('refreshed_at');
    if (!version) {
      return undefined;
    }
    if (this.cached?.refreshedAt !== version.refreshed_at) {
      const row = await this.knex(TABLE)
        .where({ id: ROW_ID })
        .first('snapshot');
      if (!row) {
        return undefined;
      }
      this.cached = JSON.parse(row.snapshot) as DecisionsSnapshot;
    }
    return this.cached;
  }
}
