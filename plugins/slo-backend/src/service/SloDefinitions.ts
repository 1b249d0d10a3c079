import fs from 'node:fs/promises';
import path from 'node:path';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import {
  parseSloFile,
  SLO_REF_ANNOTATION,
  SloDefinition,
  SloValidationIssue,
} from '@runway/plugin-slo-common';
import { TtlCache } from './cache';

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

/**
 * Where an annotation value points: an absolute URL, or a path relative to
 * the entity's source location (`backstage.io/source-location`, else the
 * location it was read from). Local files are only read for entities that
 * the catalog itself read from a local file (`file:` locations come from the
 * app-config), and never outside that file's folder.
 *
 * @public
 */
export function resolveSloRef(
  entity: Entity,
  ref: string,
): { type: 'url'; target: string } | { type: 'file'; target: string } {
  if (/^https?:\/\//.test(ref)) {
    return { type: 'url', target: ref };
  }
  const annotations = entity.metadata.annotations ?? {};
  const base =
    annotations[ANNOTATION_SOURCE_LOCATION] ?? annotations[ANNOTATION_LOCATION];
  if (!base) {
    throw new Error(
      `the entity has no source location to resolve '${ref}' against`,
    );
  }
  const location = parseLocationRef(base);
  if (location.type === 'file') {
    const dir = path.dirname(location.target);
    const target = path.resolve(dir, ref);
    if (!target.startsWith(`${dir}${path.sep}`)) {
      throw new Error(
        `'${ref}' points outside the folder of ${location.target}`,
      );
    }
    return { type: 'file', target };
  }
  if (location.type === 'url') {
    return { type: 'url', target: new URL(ref, location.target).toString() };
  }
  throw new Error(
    `cannot resolve '${ref}' against a ${location.type} location`,
  );
}

/**
 * Reads SLO files through the UrlReader (local files for file-based catalog
 * locations), parsed and cached for a short time.
 *
 * @public
 */
export class CatalogSloDefinitions implements SloDefinitionSource {
  readonly #reader: UrlReaderService;
  readonly #cache: TtlCache<EntitySloDefinitions>;

  constructor(options: { reader: UrlReaderService; cacheTtlMs?: number }) {
    this.#reader = options.reader;
    this.#cache = new TtlCache(options.cacheTtlMs ?? 60_000);
  }

  /** {@inheritDoc SloDefinitionSource.read} */
  async read(entity: Entity): Promise<EntitySloDefinitions> {
    const sloRef = entity.metadata.annotations?.[SLO_REF_ANNOTATION];
    if (!sloRef) {
      return { slos: [], issues: [] };
    }
    let location;
    try {
      location = resolveSloRef(entity, sloRef);
    } catch (error) {
      return {
        sloRef,
        slos: [],
        issues: [
          { path: SLO_REF_ANNOTATION, message: (error as Error).message },
        ],
      };
    }
    return this.#cache.get(`${location.type}:${location.target}`, async () => {
      let text: string;
      try {
        if (location.type === 'file') {
          text = await fs.readFile(location.target, 'utf8');
        } else {
          const response = await this.#reader.readUrl(location.target);
          text = (await response.buffer()).toString('utf8');
        }
      } catch (error) {
        return {
          sloRef,
          slos: [],
          issues: [
            {
              path: SLO_REF_ANNOTATION,
              message: `could not read ${sloRef}: ${(error as Error).message}`,
            },
          ],
        };
      }
      return { sloRef, ...parseSloFile(text) };
    });
  }
}
