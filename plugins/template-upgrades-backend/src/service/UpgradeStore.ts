import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  compareVersions,
  ServiceDrift,
  UpgradeRequest,
} from '@runway/plugin-template-upgrades-common';
import { FileTree } from './merge';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

/** A template as Runway archived it: its entity and its folder's files. */
export type ArchivedTemplate = {
  templateRef: string;
  version: string;
  /** The Template entity (apiVersion, kind, metadata, spec). */
  entity: JsonObject;
  files: FileTree;
  /** sha256 of the entity and files: the same version must not change. */
  digest: string;
  archivedAt: string;
};

/** The last drift check of a service: its drift, or why there is none. */
export type StoredDrift = {
  entityRef: string;
  templateRef: string;
  version: string;
  drift?: ServiceDrift;
  problem?: string;
};

type Migration = {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
};

const VERSIONS = 'template_versions';
const DRIFT = 'service_drift';
const REQUESTS = 'upgrade_requests';
/** A claim older than this was left by a replica that stopped. */
const STALE_CLAIM_MS = 10 * 60_000;

/** The plugin's migrations, in code so that they ship with its sources. */
const MIGRATIONS: Migration[] = [
  {
    name: '20261206000000_template_upgrades',
    async up(knex) {
      await knex.schema.createTable(VERSIONS, table => {
        table.string('template_ref').notNullable();
        table.string('version').notNullable();
        table.text('entity', 'longtext').notNullable().comment('JSON');
        table
          .binary('files')
          .notNullable()
          .comment('gzip of a JSON array of [path, base64]');
        table.string('digest', 64).notNullable();
        table.string('archived_at').notNullable();
        table.primary(['template_ref', 'version']);
      });
      await knex.schema.createTable(DRIFT, table => {
        table.string('entity_ref').primary();
        table.string('template_ref').notNullable();
        table.string('version').notNullable();
        table.text('drift', 'longtext').nullable().comment('ServiceDrift JSON');
        table.text('problem').nullable();
        table.string('checked_at').notNullable();
      });
      await knex.schema.createTable(REQUESTS, table => {
        table.string('entity_ref').notNullable();
        table.string('to_version').notNullable();
        table.text('request', 'longtext').notNullable().comment('JSON');
        table.string('created_at').notNullable();
        table.primary(['entity_ref', 'to_version']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable(REQUESTS);
      await knex.schema.dropTable(DRIFT);
      await knex.schema.dropTable(VERSIONS);
    },
  },
];

/**
 * The plugin's database (SQLite or PostgreSQL): archived template versions,
 * each service's last drift check, and the upgrade requests opened (one
 * per service and target version: the key that keeps upgrades idempotent
 * across replicas and sweeps).
 */
export class UpgradeStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<UpgradeStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await knex.migrate.latest({
        tableName: 'template_upgrades_knex_migrations',
        migrationSource: {
          getMigrations: async () => MIGRATIONS,
          getMigrationName: (m: Migration) => m.name,
          getMigration: async (m: Migration) => m,
        },
      });
    }
    return new UpgradeStore(knex);
  }

  private constructor(private readonly knex: Knex) {}

  /** sha256 over the entity and the files, in path order. */
  static digest(entity: JsonObject, files: FileTree): string {
    const hash = createHash('sha256').update(JSON.stringify(entity));
    for (const p of [...files.keys()].sort()) {
      hash.update(`\0${p}\0`).update(files.get(p)!);
    }
    return hash.digest('hex');
  }

  /**
   * Archives a version unless it is archived already. Returns `changed`
   * when the archived version's content differs (the template changed
   * without a version bump: the archive keeps the first).
   */
  async archive(
    template: Omit<ArchivedTemplate, 'archivedAt' | 'digest'>,
  ): Promise<'archived' | 'unchanged' | 'changed'> {
    const digest = UpgradeStore.digest(template.entity, template.files);
    const existing = await this.knex(VERSIONS)
      .where({ template_ref: template.templateRef, version: template.version })
      .first('digest');
    if (existing) return existing.digest === digest ? 'unchanged' : 'changed';
    const files = gzipSync(
      JSON.stringify(
        [...template.files].map(([p, c]) => [p, c.toString('base64')]),
      ),
    );
    await this.knex(VERSIONS)
      .insert({
        template_ref: template.templateRef,
        version: template.version,
        entity: JSON.stringify(template.entity),
        files,
        digest,
        archived_at: new Date().toISOString(),
      })
      .onConflict(['template_ref', 'version'])
      .ignore();
    return 'archived';
  }

  /** Archived versions of every template, newest first. */
  async versions(): Promise<Map<string, string[]>> {
    const rows = await this.knex(VERSIONS).select('template_ref', 'version');
    const byTemplate = new Map<string, string[]>();
    for (const row of rows) {
      const list = byTemplate.get(row.template_ref) ?? [];
      list.push(row.version);
      byTemplate.set(row.template_ref, list);
    }
    for (const list of byTemplate.values()) {
      list.sort((a, b) => compareVersions(b, a));
    }
    return byTemplate;
  }

  /** One archived version, or undefined. */
  async read(
    templateRef: string,
    version: string,
  ): Promise<ArchivedTemplate | undefined> {
    const row = await this.knex(VERSIONS)
      .where({ template_ref: templateRef, version })
      .first();
    if (!row) return undefined;
    const pairs = JSON.parse(
      gunzipSync(Buffer.from(row.files)).toString('utf8'),
    ) as [string, string][];
    return {
      templateRef,
      version,
      entity: JSON.parse(row.entity),
      files: new Map(pairs.map(([p, c]) => [p, Buffer.from(c, 'base64')])),
      digest: row.digest,
      archivedAt: row.archived_at,
    };
  }

  async writeDrift(drift: StoredDrift): Promise<void> {
    await this.knex(DRIFT)
      .insert({
        entity_ref: drift.entityRef,
        template_ref: drift.templateRef,
        version: drift.version,
        drift: drift.drift ? JSON.stringify(drift.drift) : null,
        problem: drift.problem ?? null,
        checked_at: new Date().toISOString(),
      })
      .onConflict('entity_ref')
      .merge();
  }

  async drifts(): Promise<Map<string, StoredDrift>> {
    const rows = await this.knex(DRIFT).select();
    return new Map(rows.map(row => [row.entity_ref, storedDrift(row)]));
  }

  /** One service's last drift, or undefined before its first check. */
  async drift(entityRef: string): Promise<StoredDrift | undefined> {
    const row = await this.knex(DRIFT).where({ entity_ref: entityRef }).first();
    return row ? storedDrift(row) : undefined;
  }

  /**
   * Claims the request for (service, target version): true when this
   * caller inserted it, false when it existed (another replica, an earlier
   * click or sweep). The claim is replaced by the opened request or
   * released when opening fails.
   */
  async claim(entityRef: string, toVersion: string): Promise<boolean> {
    const now = new Date();
    const inserted = await this.knex(REQUESTS)
      .insert({
        entity_ref: entityRef,
        to_version: toVersion,
        request: '{}',
        created_at: now.toISOString(),
      })
      .onConflict(['entity_ref', 'to_version'])
      .ignore()
      .returning('entity_ref');
    if (inserted.length > 0) return true;
    // a claim left by a replica that stopped while opening is taken over
    const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
    const taken = await this.knex(REQUESTS)
      .where({ entity_ref: entityRef, to_version: toVersion, request: '{}' })
      .where('created_at', '<', stale)
      .update({ created_at: now.toISOString() });
    return taken > 0;
  }

  async release(entityRef: string, toVersion: string): Promise<void> {
    await this.knex(REQUESTS)
      .where({ entity_ref: entityRef, to_version: toVersion, request: '{}' })
      .delete();
  }

  async saveRequest(request: UpgradeRequest): Promise<void> {
    await this.knex(REQUESTS)
      .where({ entity_ref: request.entityRef, to_version: request.toVersion })
      .update({ request: JSON.stringify(request) });
  }

  /** The request for (service, version); `pending` while being opened. */
  async request(
    entityRef: string,
    toVersion: string,
  ): Promise<UpgradeRequest | 'pending' | undefined> {
    const row = await this.knex(REQUESTS)
      .where({ entity_ref: entityRef, to_version: toVersion })
      .first('request');
    if (!row) return undefined;
    return row.request === '{}' ? 'pending' : JSON.parse(row.request);
  }

  /** The newest opened request of every service. */
  async latestRequests(): Promise<Map<string, UpgradeRequest>> {
    const rows = await this.knex(REQUESTS).select('entity_ref', 'request');
    const latest = new Map<string, UpgradeRequest>();
    for (const row of rows) {
      if (row.request === '{}') continue;
      const request = JSON.parse(row.request) as UpgradeRequest;
      const current = latest.get(row.entity_ref);
      if (
        !current ||
        compareVersions(request.toVersion, current.toVersion) > 0
      ) {
        latest.set(row.entity_ref, request);
      }
    }
    return latest;
  }
}

function storedDrift(row: any): StoredDrift {
  return {
    entityRef: row.entity_ref,
    templateRef: row.template_ref,
    version: row.version,
    drift: row.drift ? JSON.parse(row.drift) : undefined,
    problem: row.problem ?? undefined,
  };
}
