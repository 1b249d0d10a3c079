import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  SloSourceError,
  TeamComplianceResponse,
  lastCalendarMonths,
} from '@runway/plugin-slo-common';
import { mapLimit } from '../mapLimit';
import { parseTeamRef } from '../SloCatalog';
import { SloUseCaseDeps } from './deps';

/**
 * Use case `GET /teams/:team/compliance`: the calendar-month SLI of every
 * SLO the team owns, and whether it met its objective; at most 4 entities
 * are evaluated at once.
 *
 * @public
 */
export class TeamCompliance {
  readonly #deps: SloUseCaseDeps;

  constructor(deps: SloUseCaseDeps) {
    this.#deps = deps;
  }

  /** `monthCount` months up to the current one; InputError for a bad team. */
  async get(
    team: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<TeamComplianceResponse> {
    const teamRef = parseTeamRef(team);
    const entities = await this.#deps.catalog.teamEntitiesWithSlos(
      teamRef,
      credentials,
    );
    const now = this.#deps.clock();
    const months = lastCalendarMonths(now, monthCount);
    const errors: SloSourceError[] = [];
    const limit = this.#deps.evaluator.requestLimit();
    const rows = (
      await mapLimit(entities, 4, async entity => {
        const defs = await this.#deps.definitions.read(entity);
        return Promise.all(
          defs.slos.map(async slo => ({
            entityRef: stringifyEntityRef(entity),
            slo: slo.name,
            objective: slo.objective,
            months: await Promise.all(
              months.map(async month => {
                const ratio = await this.#deps.evaluator.monthErrorRatio({
                  slo,
                  env,
                  month,
                  now,
                  errors,
                  limit,
                });
                if (ratio === undefined) return { month: month.month };
                const sli = 1 - ratio;
                return {
                  month: month.month,
                  sli,
                  met: sli >= slo.objective,
                };
              }),
            ),
          })),
        );
      })
    ).flat();
    return { team: teamRef, months: months.map(m => m.month), rows, errors };
  }
}
