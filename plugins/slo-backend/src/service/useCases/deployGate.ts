import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  EntitySlosResponse,
  GateResponse,
  SLO_REF_ANNOTATION,
} from '@runway/plugin-slo-common';
import { SloSettings } from '../../config';
import { EntitySlos } from './entitySlos';

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

/**
 * Whether an SLO with `remaining` of its error budget left is below the
 * deploy gate's minimum (`slo.gate.minRemainingBudget`): the gate denies
 * then, and the owners are notified.
 *
 * @public
 */
export function belowGateMinimum(
  remaining: number,
  gate: Pick<SloSettings['gate'], 'minRemainingBudget'>,
): boolean {
  return remaining < gate.minRemainingBudget;
}

/**
 * The deploy gate's decision for an entity's SLOs in `env`, with every
 * reason: deny when an SLO has less than `minRemainingBudget` of its budget
 * left, while the page-level burn condition holds (`denyOnFastBurn`), when
 * the entity has no SLO to evaluate (no annotation, or none left in its
 * file; unless `allowWithoutSlos`, whatever `failOpen` says), and, unless
 * `failOpen`, when the SLO file is invalid or an SLO could not be evaluated.
 *
 * @public
 */
export function gateDecision(
  result: EntitySlosResponse,
  env: string,
  gate: SloSettings['gate'],
): GateResponse {
  const { minRemainingBudget, denyOnFastBurn, failOpen, allowWithoutSlos } =
    gate;
  const reasons: string[] = [];
  let deny = false;
  if (result.issues.length > 0) {
    reasons.push(
      `the SLO file ${result.sloRef} is invalid: ${result.issues
        .map(i => `${i.path}: ${i.message}`)
        .join('; ')}`,
    );
    deny ||= !failOpen;
  }
  if (!result.sloRef) {
    reasons.push(
      `${
        result.entityRef
      } declares no SLOs (no ${SLO_REF_ANNOTATION} annotation)${
        allowWithoutSlos ? '' : '; slo.gate.allowWithoutSlos is off'
      }`,
    );
    deny ||= !allowWithoutSlos;
  } else if (result.slos.length === 0) {
    // also when every SLO was refused: failOpen never lets an entity
    // without SLOs through
    reasons.push(
      `the SLO file ${result.sloRef} defines no SLOs that can be evaluated`,
    );
    deny ||= !allowWithoutSlos;
  }
  for (const slo of result.slos) {
    if (slo.remaining === undefined) {
      reasons.push(
        `${slo.name}: could not be evaluated in ${env} (${
          slo.error ?? 'no data'
        })`,
      );
      deny ||= !failOpen;
      continue;
    }
    if (belowGateMinimum(slo.remaining, gate)) {
      reasons.push(
        `${slo.name}: ${pct(
          Math.max(slo.remaining, 0),
        )} of the error budget left in ${env}, below the ${pct(
          minRemainingBudget,
        )} minimum`,
      );
      deny = true;
    } else {
      reasons.push(
        `${slo.name}: ${pct(slo.remaining)} of the error budget left in ${env}`,
      );
    }
    if (slo.alerts.page && denyOnFastBurn) {
      reasons.push(
        `${slo.name}: the error budget is burning fast (page-level burn rate) in ${env}`,
      );
      deny = true;
    }
  }
  return { decision: deny ? 'deny' : 'allow', reasons };
}

/**
 * Use case `GET /gate`: the deploy gate CI asks before deploying an entity.
 *
 * @public
 */
export class DeployGate {
  readonly #entitySlos: EntitySlos;
  readonly #gate: SloSettings['gate'];

  constructor(options: { entitySlos: EntitySlos; gate: SloSettings['gate'] }) {
    this.#entitySlos = options.entitySlos;
    this.#gate = options.gate;
  }

  async decide(
    entityRef: string,
    env: string,
    credentials: BackstageCredentials,
  ): Promise<GateResponse> {
    const result = await this.#entitySlos.forRef(entityRef, env, credentials);
    return gateDecision(result, env, this.#gate);
  }
}
