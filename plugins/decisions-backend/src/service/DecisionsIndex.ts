import { createHash } from 'crypto';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ADR_LOCATION_ANNOTATION,
  EntityAdr,
  RunbookHealth,
  parseMadr,
} from '@runway/plugin-decisions-common';
import {
  DecisionsSnapshot,
  DecisionsStore,
  EntityRunbookSections,
} from './DecisionsStore';
import { parseRunbookSections } from './runbookSections';
import { DocsSourceReader } from './sources';

export type { DecisionsSnapshot } from './DecisionsStore';

/** The answer before any replica has built the index: empty, with no date. */
const NOT_YET_BUILT: DecisionsSnapshot = { adrs: [], runbooks: [], errors: [] };

function docsBase(entity: Entity): string {
  const ns = (entity.metadata.namespace ?? 'default').toLowerCase();
  return `/docs/${ns}/${entity.kind.toLowerCase()}/${entity.metadata.name.toLowerCase()}`;
}

function ownerOf(entity: Entity): string {
  return (
    entity.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef ??
    String(entity.spec?.owner ?? 'unknown')
  );
}

/**
 * The version of what a snapshot holds: part of the fingerprint, so a
 * snapshot stored by an older version is rebuilt at the next check (2:
 * runbook sections).
 */
const SNAPSHOT_FORMAT = 2;

/**
 * A digest of the entities the index is built from: any entity added,
 * removed or changed (its etag, or its content where the catalog gives no
 * etag) changes it, as does a new {@link SNAPSHOT_FORMAT}.
 */
export function catalogFingerprint(items: Entity[]): string {
  const lines = items
    .map(
      e => `${stringifyEntityRef(e)} ${e.metadata.etag ?? JSON.stringify(e)}`,
    )
    .sort();
  return createHash('sha256')
    .update([`format ${SNAPSHOT_FORMAT}`, ...lines].join('\n'))
    .digest('hex');
}

/**
 * ADRs of every catalog entity with `backstage.io/adr-location`, and runbook
 * freshness of every entity with TechDocs. `sync` is the scheduled task (one
 * replica per cadence): it lists the entities with docs and rebuilds the
 * index into the store when that list changed since the stored snapshot or
 * the snapshot is older than `maxAgeMinutes`; `get` serves what the store
 * holds, on every replica. One entity whose docs cannot be read adds an
 * entry to `errors`; the others still show.
 */
export class DecisionsIndex {
  private inFlight?: Promise<{ rebuilt: boolean; snapshot: DecisionsSnapshot }>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      reader: DocsSourceReader;
      logger: LoggerService;
      store: DecisionsStore;
      /** Age after which the docs are read again though no entity changed. */
      maxAgeMinutes: number;
    },
  ) {}

  /**
   * The stored snapshot, however old; before the first build anywhere, an
   * empty one without `refreshedAt`. Never builds: requests do not reach the
   * catalog or the docs sources.
   */
  async get(): Promise<DecisionsSnapshot> {
    return (await this.options.store.read()) ?? NOT_YET_BUILT;
  }

  /**
   * Rebuilds the index when the entities with docs changed since the stored
   * snapshot (a fresh catalog still ingesting its locations, an entity
   * registered or edited) or the snapshot is older than `maxAgeMinutes`;
   * otherwise reads nothing but the catalog listing. Concurrent calls share
   * one rebuild. A failed rebuild stores nothing, so the previous snapshot
   * stays served. Answers whether it rebuilt, and the snapshot served.
   */
  sync(): Promise<{ rebuilt: boolean; snapshot: DecisionsSnapshot }> {
    if (!this.inFlight) {
      this.inFlight = this.syncOnce().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async syncOnce(): Promise<{
    rebuilt: boolean;
    snapshot: DecisionsSnapshot;
  }> {
    const { store, maxAgeMinutes } = this.options;
    const items = await this.listEntities();
    const fingerprint = catalogFingerprint(items);
    const stored = await store.read();
    const age = stored?.refreshedAt
      ? Date.now() - Date.parse(stored.refreshedAt)
      : Infinity;
    if (
      stored &&
      stored.catalogFingerprint === fingerprint &&
      age < maxAgeMinutes * 60_000
    ) {
      return { rebuilt: false, snapshot: stored };
    }
    const snapshot = {
      ...(await this.build(items)),
      catalogFingerprint: fingerprint,
      refreshedAt: new Date().toISOString(),
    };
    await store.write(snapshot);
    return { rebuilt: true, snapshot };
  }

  private async listEntities(): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    try {
      const { items } = await catalog.getEntities(
        {
          // either annotation (a list of filters matches any of them)
          filter: [
            {
              'metadata.annotations.backstage.io/techdocs-ref':
                CATALOG_FILTER_EXISTS,
            },
            {
              [`metadata.annotations.${ADR_LOCATION_ANNOTATION}`]:
                CATALOG_FILTER_EXISTS,
            },
          ],
          fields: ['kind', 'metadata', 'spec.owner', 'relations'],
        },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      return items;
    } catch (e) {
      throw new ServiceUnavailableError(
        `Could not list the entities with docs from the catalog: ${
          (e as Error).message
        }`,
        e,
      );
    }
  }

  private async build(
    items: Entity[],
  ): Promise<Omit<DecisionsSnapshot, 'refreshedAt'>> {
    const { reader, logger } = this.options;
    const adrs: EntityAdr[] = [];
    const runbooks: RunbookHealth[] = [];
    const runbookSections: EntityRunbookSections[] = [];
    const errors: DecisionsSnapshot['errors'] = [];
    for (const entity of items) {
      const entityRef = stringifyEntityRef(entity);
      const entityTitle = entity.metadata.title ?? entity.metadata.name;
      const owner = ownerOf(entity);
      const base = docsBase(entity);
      try {
        const files = await reader.read(entity);
        if (!files) continue;
        for (const [file, text] of files.adrs) {
          const adr = parseMadr(file, text);
          if (!adr) continue;
          const page = file.replace(/\.md$/, '');
          adrs.push({
            ...adr,
            entityRef,
            entityTitle,
            owner,
            ...(files.adrDocsFolder === undefined
              ? {}
              : {
                  docsPath: `${base}/${
                    files.adrDocsFolder ? `${files.adrDocsFolder}/` : ''
                  }${page}/`,
                }),
          });
        }
        if (!files.hasDocs) continue;
        const runbook = files.runbook;
        const runbookPath =
          runbook &&
          `${base}/${runbook.path
            .replace(/^docs\//, '')
            .replace(/(index)?\.md$/, '')
            .replace(/\/?$/, '/')}`;
        runbooks.push({
          entityRef,
          entityTitle,
          owner,
          ...(runbook
            ? {
                runbook: runbook.path,
                lastChanged: runbook.lastChanged,
                lastChangedSource: runbook.source,
                docsPath: runbookPath,
              }
            : {}),
        });
        if (runbook?.text !== undefined && runbookPath) {
          runbookSections.push({
            entityRef,
            entityTitle,
            owner,
            runbook: runbook.path,
            docsPath: runbookPath,
            sections: parseRunbookSections(runbook.text),
          });
        }
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        logger.warn(`Could not read the docs of ${entityRef}: ${message}`);
        errors.push({ entityRef, message });
      }
    }
    return { adrs, runbooks, runbookSections, errors };
  }
}
