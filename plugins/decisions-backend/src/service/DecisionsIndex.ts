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
import { DecisionsSnapshot, DecisionsStore } from './DecisionsStore';
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
 * ADRs of every catalog entity with `backstage.io/adr-location`, and runbook
 * freshness of every entity with TechDocs. `refresh` rebuilds the index into
 * the store (the scheduled task of plugin.ts, one replica per cadence);
 * `get` serves what the store holds, on every replica. One entity whose
 * docs cannot be read adds an entry to `errors`; the others still show.
 */
export class DecisionsIndex {
  private inFlight?: Promise<DecisionsSnapshot>;
  private lastEarlyRefresh = -Infinity;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      reader: DocsSourceReader;
      logger: LoggerService;
      store: DecisionsStore;
      /**
       * Asks for the scheduled refresh to run now, on whichever replica
       * takes it (the scheduler's `triggerTask`).
       */
      requestRefresh?: () => Promise<void>;
    },
  ) {}

  /**
   * The stored snapshot, however old; before the first refresh anywhere, an
   * empty one without `refreshedAt`. Never builds: requests do not reach the
   * catalog or the docs sources. While the index is missing or found no
   * entity at all (the catalog may not have ingested its locations when the
   * first run started), it asks for an early scheduled run, at most once a
   * minute per replica.
   */
  async get(): Promise<DecisionsSnapshot> {
    const snapshot = (await this.options.store.read()) ?? NOT_YET_BUILT;
    const empty =
      snapshot.adrs.length +
        snapshot.runbooks.length +
        snapshot.errors.length ===
      0;
    const { requestRefresh, logger } = this.options;
    if (
      empty &&
      requestRefresh &&
      Date.now() - this.lastEarlyRefresh >= 60_000
    ) {
      this.lastEarlyRefresh = Date.now();
      requestRefresh().catch(error =>
        // a run in progress answers with a conflict: nothing to do
        logger.debug(
          `Early refresh of the decisions index not started: ${error}`,
        ),
      );
    }
    return snapshot;
  }

  /**
   * Rebuilds the index and stores it; concurrent calls share one rebuild.
   * A failed rebuild stores nothing, so the previous snapshot stays served.
   */
  refresh(): Promise<DecisionsSnapshot> {
    if (!this.inFlight) {
      this.inFlight = this.build()
        .then(async snapshot => {
          await this.options.store.write({
            ...snapshot,
            refreshedAt: snapshot.refreshedAt ?? new Date().toISOString(),
          });
          return snapshot;
        })
        .finally(() => {
          this.inFlight = undefined;
        });
    }
    return this.inFlight;
  }

  private async build(): Promise<DecisionsSnapshot> {
    const { catalog, auth, reader, logger } = this.options;
    let items: Entity[];
    try {
      ({ items } = await catalog.getEntities(
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
      ));
    } catch (e) {
      throw new ServiceUnavailableError(
        `Could not list the entities with docs from the catalog: ${
          (e as Error).message
        }`,
        e,
      );
    }
    const adrs: EntityAdr[] = [];
    const runbooks: RunbookHealth[] = [];
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
        runbooks.push({
          entityRef,
          entityTitle,
          owner,
          ...(files.runbook
            ? {
                runbook: files.runbook.path,
                lastChanged: files.runbook.lastChanged,
                lastChangedSource: files.runbook.source,
                docsPath: `${base}/${files.runbook.path
                  .replace(/^docs\//, '')
                  .replace(/(index)?\.md$/, '')
                  .replace(/\/?$/, '/')}`,
              }
            : {}),
        });
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        logger.warn(`Could not read the docs of ${entityRef}: ${message}`);
        errors.push({ entityRef, message });
      }
    }
    return { adrs, runbooks, errors, refreshedAt: new Date().toISOString() };
  }
}
