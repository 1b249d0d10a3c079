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
import { DocsSourceReader } from './sources';

/** What the index holds: every ADR and every runbook's freshness. */
export type DecisionsSnapshot = {
  adrs: EntityAdr[];
  runbooks: RunbookHealth[];
  errors: { entityRef: string; message: string }[];
  refreshedAt?: string;
};

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
 * freshness of every entity with TechDocs, rebuilt
 * on a schedule (see plugin.ts) and served from memory. One entity whose
 * docs cannot be read adds an entry to `errors`; the others still show.
 */
export class DecisionsIndex {
  private snapshot: DecisionsSnapshot = { adrs: [], runbooks: [], errors: [] };
  private inFlight?: Promise<DecisionsSnapshot>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      reader: DocsSourceReader;
      logger: LoggerService;
    },
  ) {}

  /** The last snapshot built, as it is: no rebuild, however old. */
  current(): DecisionsSnapshot {
    return this.snapshot;
  }

  /**
   * The snapshot for a request: built now when there is none yet or it found
   * no docs at all (the catalog may not have ingested its locations when the
   * scheduled run started); rebuilt in the background, while the current one
   * is served, when it is older than `maxAgeMs`.
   */
  async get(options: { maxAgeMs?: number } = {}): Promise<DecisionsSnapshot> {
    const { refreshedAt, runbooks } = this.snapshot;
    if (!refreshedAt || runbooks.length === 0) {
      return this.refresh();
    }
    const age = Date.now() - Date.parse(refreshedAt);
    if (options.maxAgeMs !== undefined && age > options.maxAgeMs) {
      this.refresh().catch(error =>
        this.options.logger.warn(
          `Could not refresh the decisions index: ${error}`,
        ),
      );
    }
    return this.snapshot;
  }

  /** Rebuilds the index; concurrent calls share one rebuild. */
  refresh(): Promise<DecisionsSnapshot> {
    if (!this.inFlight) {
      this.inFlight = this.build().finally(() => {
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
    this.snapshot = {
      adrs,
      runbooks,
      errors,
      refreshedAt: new Date().toISOString(),
    };
    return this.snapshot;
  }
}
