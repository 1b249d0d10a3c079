import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  EntitySlosResponse,
  SloListResponse,
  SloSourceError,
} from '@runway/plugin-slo-common';
import { mapLimit } from '../mapLimit';
import { SloCatalog } from '../SloCatalog';
import { addSourceError } from '../sourceErrors';
import { EntitySlos } from './entitySlos';

/**
 * Merges per-entity answers into the SLO list: every SLO, least budget left
 * first (unknown last, then by name); each source error once; an invalid SLO
 * file as an error naming the entity.
 *
 * @public
 */
export function mergeEntitySlos(
  responses: EntitySlosResponse[],
): SloListResponse {
  const errors: SloSourceError[] = [];
  for (const r of responses) {
    for (const e of r.errors) addSourceError(errors, e);
    if (r.issues.length > 0) {
      errors.push({
        source: r.sloRef ?? r.entityRef,
        message: `${r.entityRef}: invalid SLO file (${r.issues
          .map(i => `${i.path}: ${i.message}`)
          .join('; ')})`,
      });
    }
  }
  const items = responses
    .flatMap(r => r.slos)
    .sort(
      (a, b) =>
        (a.remaining ?? Infinity) - (b.remaining ?? Infinity) ||
        a.name.localeCompare(b.name),
    );
  return { items, errors };
}

/**
 * Use case `GET /slos`: every SLO in the catalog the caller may see, least
 * budget left first; at most 8 entities are evaluated at once, and their
 * queries share one per-request limit.
 *
 * @public
 */
export class SloList {
  readonly #catalog: SloCatalog;
  readonly #entitySlos: EntitySlos;

  constructor(options: { catalog: SloCatalog; entitySlos: EntitySlos }) {
    this.#catalog = options.catalog;
    this.#entitySlos = options.entitySlos;
  }

  async list(
    env: string,
    credentials: BackstageCredentials,
  ): Promise<SloListResponse> {
    return mergeEntitySlos(await this.perEntity(env, credentials));
  }

  /** The same evaluation, one answer per entity (before merging). */
  async perEntity(
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntitySlosResponse[]> {
    const entities = await this.#catalog.entitiesWithSlos(credentials);
    const limit = this.#entitySlos.requestLimit();
    return mapLimit(entities, 8, e =>
      this.#entitySlos.forEntity(e, env, limit),
    );
  }
}
