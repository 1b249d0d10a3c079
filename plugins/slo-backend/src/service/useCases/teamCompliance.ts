import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  SloSourceError,
  TeamComplianceResponse,
  lastCalendarMonths,
} from '@runway/plugin-slo-common';
import { SloEvaluator } from '../evaluation/SloEvaluator';
import { mapLimit } from '../mapLimit';
import { SloCatalog, parseTeamRef } from '../SloCatalog';
import { SloDefinitionSource } from '../SloDefinitions';

/**
 * Use case `GET /teams/:team/compliance`: the calendar-month SLI of every
 * SLO the team owns, and whether it met its objective; at most 4 entities
 * are evaluated at once.
 *
 * @public
 */
export class TeamCompliance {
  readonly #catalog: SloCatalog;
  readonly #definitions: SloDefinitionSource;
  readonly #evaluator: SloEvaluator;
  readonly #clock: () => number;

  constructor(options: {
    catalog: SloCatalog;
    definitions: SloDefinitionSource;
    evaluator: SloEvaluator;
    /** Unix seconds. */
    clock: () => number;
  }) {
    this.#catalog = options.catalog;
    this.#definitions = options.definitions;
    this.#evaluator = options.evaluator;
    this.#clock = options.clock;
  }

  /** `monthCount` months up to the current one; InputError for a bad team. */
  async get(
    team: string,
    monthCount: number,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<TeamComplianceResponse> {
    const teamRef = parseTeamRef(team);
    const entities = await this.#catalog.teamEntitiesWithSlos(
      teamRef,
      credentials,
    );
    const now = this.#clock();
    const months = lastCalendarMonths(now, monthCount);
    const errors: SloSourceError[] = [];
    const rows = (
      await mapLimit(entities, 4, async entity => {
        const defs = await this.#definitions.read(entity);
        return Promise.all(
          defs.slos.map(async slo => ({
            entityRef: stringifyEntityRef(entity),
            slo: slo.name,
            objective: slo.objective,
            months: await Promise.all(
              months.map(async month => {
                const ratio = await this.#evaluator.monthErrorRatio({
                  slo,
                  env,
                  month,
                  now,
                  errors,
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
