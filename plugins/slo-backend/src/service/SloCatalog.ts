import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SLO_REF_ANNOTATION } from '@runway/plugin-slo-common';

/**
 * The catalog lookups of the SLO backend, each made with the caller's
 * credentials so the catalog's own permissions apply.
 *
 * @public
 */
export interface SloCatalog {
  /**
   * One entity by ref (kind defaults to component, namespace to default):
   * InputError for a bad ref, NotFoundError when it is missing or hidden.
   */
  entity(entityRef: string, credentials: BackstageCredentials): Promise<Entity>;
  /** Every entity with a `runway.io/slo-ref` annotation. */
  entitiesWithSlos(credentials: BackstageCredentials): Promise<Entity[]>;
  /** The entities with a `runway.io/slo-ref` annotation owned by `teamRef`. */
  teamEntitiesWithSlos(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity[]>;
}

/**
 * A team as a full group ref (`team-a` is `group:default/team-a`);
 * InputError when it is not a ref.
 *
 * @public
 */
export function parseTeamRef(team: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(team, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(`Invalid team '${team}'`);
  }
}

/**
 * Runs a catalog call; a failure that is not the catalog's own answer (an
 * error with a status: 403, 404, a 503 of its own) becomes a
 * ServiceUnavailableError naming the catalog: a connection that failed, or
 * an answer cut off mid-way (the catalog streams entity lists, so a database
 * that goes away after the first bytes leaves a 200 with broken JSON).
 */
async function fromCatalog<T>(
  what: string,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number' && status !== 500) throw error;
    throw new ServiceUnavailableError(
      `The catalog did not answer ${what}`,
      error as Error,
    );
  }
}

/**
 * {@link SloCatalog} over the catalog service; a catalog that fails is a
 * 503 naming it.
 *
 * @public
 */
export class DefaultSloCatalog implements SloCatalog {
  readonly #catalog: Pick<CatalogService, 'getEntityByRef' | 'getEntities'>;

  constructor(options: {
    catalog: Pick<CatalogService, 'getEntityByRef' | 'getEntities'>;
  }) {
    this.#catalog = options.catalog;
  }

  async entity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity> {
    let ref;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(entityRef, {
          defaultKind: 'component',
          defaultNamespace: 'default',
        }),
      );
    } catch (error) {
      throw new InputError(
        `Invalid entity ref '${entityRef}': ${(error as Error).message}`,
      );
    }
    const entity = await fromCatalog(`for ${ref}`, () =>
      this.#catalog.getEntityByRef(ref, { credentials }),
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${ref}`);
    }
    return entity;
  }

  async entitiesWithSlos(credentials: BackstageCredentials): Promise<Entity[]> {
    const { items } = await fromCatalog('the entities with SLOs', () =>
      this.#catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${SLO_REF_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        },
        { credentials },
      ),
    );
    return items;
  }

  async teamEntitiesWithSlos(
    teamRef: string,
    credentials: BackstageCredentials,
  ): Promise<Entity[]> {
    const { items } = await fromCatalog(`the entities of ${teamRef}`, () =>
      this.#catalog.getEntities(
        {
          filter: {
            [`metadata.annotations.${SLO_REF_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
            'relations.ownedBy': teamRef,
          },
        },
        { credentials },
      ),
    );
    return items;
  }
}
