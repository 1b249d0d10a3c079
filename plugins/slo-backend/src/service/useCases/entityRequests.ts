import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityRequestsResponse,
  SloDefinition,
  SloSourceError,
  eventIncreaseQueries,
  lastCalendarMonths,
} from '@runway/plugin-slo-common';
import { mapLimit } from '../mapLimit';
import { SloUseCaseDeps } from './deps';

/**
 * The SLO whose total counter stands for an entity's requests: the first
 * request-based (ratio) SLO, else the first that counts events at all (a
 * latency threshold counts every request in its histogram).
 */
export function requestCounterSlo(
  slos: SloDefinition[],
): SloDefinition | undefined {
  const counting = slos.filter(s => eventIncreaseQueries(s.sli, '1s'));
  return counting.find(s => s.sli.type === 'ratio') ?? counting[0];
}

/**
 * Use case `GET /entity/:kind/:namespace/:name/requests`: the requests an
 * entity served per calendar month, counted by its SLOs' counters; a Group
 * sums the Components it owns that have SLOs. Entities are read with the
 * caller's credentials, so a Group's sum holds only what the caller may see.
 *
 * @public
 */
export class EntityRequests {
  readonly #deps: SloUseCaseDeps;

  constructor(deps: SloUseCaseDeps) {
    this.#deps = deps;
  }

  /** `monthCount` months up to the current one. */
  async get(
    entityRef: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntityRequestsResponse> {
    const entity = await this.#deps.catalog.entity(entityRef, credentials);
    const ref = stringifyEntityRef(entity);
    const entities: Entity[] =
      entity.kind.toLocaleLowerCase('en-US') === 'group'
        ? await this.#deps.catalog.teamEntitiesWithSlos(ref, credentials)
        : [entity];
    const now = this.#deps.clock();
    const months = lastCalendarMonths(now, monthCount);
    const errors: SloSourceError[] = [];
    const limit = this.#deps.evaluator.requestLimit();
    const perEntity = await mapLimit(entities, 4, async e => {
      const slo = requestCounterSlo(
        (await this.#deps.definitions.read(e)).slos,
      );
      if (!slo) return undefined;
      const counts = await Promise.all(
        months.map(month =>
          this.#deps.evaluator.monthEvents({
            slo,
            env,
            month,
            now,
            errors,
            limit,
          }),
        ),
      );
      return { entityRef: stringifyEntityRef(e), slo: slo.name, counts };
    });
    const counted = perEntity.filter(c => c !== undefined);
    return {
      entityRef: ref,
      env,
      counters: counted.map(c => ({ entityRef: c.entityRef, slo: c.slo })),
      months: months.map((month, i) => {
        const known = counted
          .map(c => c.counts[i])
          .filter((n): n is number => n !== undefined);
        return known.length
          ? { month: month.month, requests: known.reduce((a, b) => a + b, 0) }
          : { month: month.month };
      }),
      errors,
    };
  }
}
