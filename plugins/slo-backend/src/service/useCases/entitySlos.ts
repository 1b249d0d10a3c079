import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { EntitySlosResponse, SloSourceError } from '@runway/plugin-slo-common';
import { QueryLimit } from '../evaluation/QueryLimit';
import { summarizeSlo } from '../evaluation/summary';
import { SloUseCaseDeps } from './deps';

/**
 * Use case `GET /entity/:kind/:namespace/:name`: the SLOs of one entity with
 * their current figures, the problems of its SLO file and the sources that
 * failed. Also the building block of the SLO list and the deploy gate.
 *
 * @public
 */
export class EntitySlos {
  readonly #deps: SloUseCaseDeps;

  constructor(deps: SloUseCaseDeps) {
    this.#deps = deps;
  }

  /** A new limit for the Prometheus queries of one request. */
  requestLimit(): QueryLimit {
    return this.#deps.evaluator.requestLimit();
  }

  /** The SLOs of the entity `entityRef` as the caller may see it. */
  async forRef(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntitySlosResponse> {
    return this.forEntity(
      await this.#deps.catalog.entity(entityRef, credentials),
      env,
    );
  }

  /**
   * The SLOs of an entity already read from the catalog; `limit` bounds the
   * queries in flight (share one across the entities of a request).
   */
  async forEntity(
    entity: Entity,
    env: string,
    limit: QueryLimit = this.#deps.evaluator.requestLimit(),
  ): Promise<EntitySlosResponse> {
    const defs = await this.#deps.definitions.read(entity);
    const errors: SloSourceError[] = [];
    const entityRef = stringifyEntityRef(entity);
    const slos = await Promise.all(
      defs.slos.map(async slo => {
        const evaluation = await this.#deps.evaluator.evaluate(
          entityRef,
          slo,
          env,
          errors,
          limit,
        );
        return summarizeSlo({
          entity,
          slo,
          evaluation,
          // every source error of the entity so far
          error:
            errors.map(e => `${e.source}: ${e.message}`).join('; ') ||
            undefined,
          clock: this.#deps.clock,
        });
      }),
    );
    return {
      entityRef,
      sloRef: defs.sloRef,
      slos,
      issues: defs.issues,
      errors,
    };
  }
}
