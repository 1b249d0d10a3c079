import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  parseSloFile,
  SLO_REF_ANNOTATION,
  SloDefinition,
  SloValidationIssue,
} from '@runway/plugin-slo-common';
import { SloFileSettings, SloQueryLimits } from '../config';
import { TtlCache } from './cache';
import { readBounded } from './definitions/boundedRead';
import {
  isFromTrustedLocation,
  readLocalSloFile,
  resolveSloRef,
  SloFileLocation,
} from './definitions/localFiles';
import { checkSloQueries } from './definitions/queryPolicy';
import { ServiceNameClaims } from './definitions/serviceNames';

export { resolveSloRef } from './definitions/localFiles';
export type { SloFileLocation } from './definitions/localFiles';
export { checkSloQueries } from './definitions/queryPolicy';
export { ServiceNameClaims } from './definitions/serviceNames';

/**
 * An entity's SLOs as read from its SLO file.
 *
 * @public
 */
export type EntitySloDefinitions = {
  sloRef?: string;
  slos: SloDefinition[];
  issues: SloValidationIssue[];
};

/**
 * Reads the SLO file an entity's `runway.io/slo-ref` annotation points at.
 *
 * @public
 */
export interface SloDefinitionSource {
  /** The entity's SLOs; a missing or bad file is reported as issues, never thrown. */
  read(entity: Entity): Promise<EntitySloDefinitions>;
}

const refIssue = (message: string): SloValidationIssue => ({
  path: SLO_REF_ANNOTATION,
  message,
});

/**
 * Reads SLO files through the URL reader, or from local files for entities
 * from the locations in `catalog.locations` (see {@link resolveSloRef}).
 * Every read stops at `files.maxBytes`; parsed files are cached for a short
 * time; the query rules ({@link checkSloQueries}) are applied per entity.
 *
 * @public
 */
export class CatalogSloDefinitions implements SloDefinitionSource {
  readonly #reader: UrlReaderService;
  readonly #files: SloFileSettings;
  readonly #queries: SloQueryLimits;
  readonly #cache: TtlCache<EntitySloDefinitions>;
  readonly #names?: Pick<ServiceNameClaims, 'refusal'>;

  constructor(options: {
    reader: UrlReaderService;
    files: SloFileSettings;
    queries: SloQueryLimits;
    cacheTtlMs?: number;
    /** who may bind queries to a shared name (the plugin always sets it) */
    names?: Pick<ServiceNameClaims, 'refusal'>;
  }) {
    this.#reader = options.reader;
    this.#files = options.files;
    this.#queries = options.queries;
    this.#cache = new TtlCache(options.cacheTtlMs ?? 60_000);
    this.#names = options.names;
  }

  /** {@inheritDoc SloDefinitionSource.read} */
  async read(entity: Entity): Promise<EntitySloDefinitions> {
    const sloRef = entity.metadata.annotations?.[SLO_REF_ANNOTATION];
    if (!sloRef) {
      return { slos: [], issues: [] };
    }
    const { trustedOrigins } = this.#files;
    const { location, issues: notes } = resolveSloRef(
      entity,
      sloRef,
      trustedOrigins,
    );
    if (!location) {
      return { sloRef, slos: [], issues: notes };
    }
    const refused = await this.#nameRefusal(entity);
    if (refused) {
      return { sloRef, slos: [], issues: [...notes, refused] };
    }
    const file = await this.#cache.get(
      `${location.type}:${location.target}`,
      () => this.#readFile(location, sloRef),
    );
    const checked = checkSloQueries(entity, file.slos, {
      limits: this.#queries,
      trusted: isFromTrustedLocation(entity, trustedOrigins),
    });
    return {
      sloRef,
      slos: checked.slos,
      issues: [...notes, ...file.issues, ...checked.issues],
    };
  }

  /** An issue when the entity may not bind its queries to its name. */
  async #nameRefusal(entity: Entity): Promise<SloValidationIssue | undefined> {
    if (!this.#names) return undefined;
    let message;
    try {
      message = await this.#names.refusal(entity);
    } catch (error) {
      message = `could not check which entities share the name '${
        entity.metadata.name
      }' (the catalog: ${
        (error as Error).message
      }); SLOs are not evaluated until it answers`;
    }
    return message ? { path: 'metadata.name', message } : undefined;
  }

  async #readFile(
    location: SloFileLocation,
    sloRef: string,
  ): Promise<EntitySloDefinitions> {
    const { maxBytes } = this.#files;
    let text: string;
    try {
      if (location.type === 'file') {
        text = (await readLocalSloFile(location, maxBytes)).toString('utf8');
      } else {
        const response = await this.#reader.readUrl(location.target);
        if (!response.stream) {
          throw new Error('the URL reader cannot stream it');
        }
        text = (await readBounded(response.stream(), maxBytes)).toString(
          'utf8',
        );
      }
    } catch (error) {
      return {
        sloRef,
        slos: [],
        issues: [
          refIssue(`could not read ${sloRef}: ${(error as Error).message}`),
        ],
      };
    }
    return { sloRef, ...parseSloFile(text) };
  }
}
