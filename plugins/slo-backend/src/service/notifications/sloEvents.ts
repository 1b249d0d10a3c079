import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { OwnerEvent } from '@runway/backend-common';
import {
  BURN_RATE_WINDOWS,
  EntitySlosResponse,
  SloSummary,
} from '@runway/plugin-slo-common';
import { SloSettings } from '../../config';
import { belowGateMinimum } from '../useCases/deployGate';

/** Events of SLOs burning their error budget fast (page-level burn). */
export const SLO_BURN_FAMILY = 'slo-burn';
/** Events of SLOs with less budget left than the deploy gate's minimum. */
export const SLO_BUDGET_FAMILY = 'slo-budget';
/** The notifications' topic. */
export const SLO_NOTIFICATION_TOPIC = 'slo';

/** `<family>:<entityRef>:<sloName>`. */
export function sloEventKey(
  family: string,
  entityRef: string,
  sloName: string,
): string {
  return `${family}:${entityRef}:${sloName}`;
}

/**
 * The entity's SLO tab in the frontend (plugins/slo: the `slos` entity
 * content), where the SLO's figures and burn-down chart explain the event.
 */
export function entitySlosPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${[namespace, kind.toLocaleLowerCase('en-US'), name]
    .map(encodeURIComponent)
    .join('/')}/slos`;
}

/**
 * "spending 2 % of the budget in 1h, over both 1h and 5m; or 5 % in 6h,
 * over both 6h and 30m" (the page conditions of BURN_RATE_WINDOWS).
 */
const PAGE_CONDITIONS = `spending ${BURN_RATE_WINDOWS.filter(
  c => c.severity === 'page',
)
  .map(
    (c, i) =>
      `${c.budgetConsumed * 100} %${i === 0 ? ' of the budget' : ''} in ${
        c.long
      }, over both ${c.long} and ${c.short}`,
  )
  .join('; or ')}`;

const pct = (v: number) => `${(Math.max(v, 0) * 100).toFixed(1)} %`;
const rate = (v: number) => `${Number(v.toPrecision(3))}x`;

function duration(seconds: number): string {
  let [n, unit] = [Math.max(1, Math.round(seconds / 60)), 'minute'];
  if (seconds >= 2 * 86400) [n, unit] = [Math.round(seconds / 86400), 'day'];
  else if (seconds >= 2 * 3600)
    [n, unit] = [Math.round(seconds / 3600), 'hour'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * The owner of an SLO's entity as a full ref (`spec.owner` may be short:
 * a group in the entity's namespace), as notification recipients.
 */
function recipients(
  slo: SloSummary & { owner: string },
): OwnerEvent['recipients'] {
  const owner = stringifyEntityRef(
    parseEntityRef(slo.owner, {
      defaultKind: 'group',
      defaultNamespace: parseEntityRef(slo.entityRef).namespace,
    }),
  );
  return { type: 'entity', entityRef: [owner] };
}

function subject(slo: SloSummary): string {
  return slo.entityTitle ?? parseEntityRef(slo.entityRef).name;
}

type OwnedSlo = SloSummary & { owner: string; remaining: number };

function burnEvent(slo: OwnedSlo, env: string, denies: boolean): OwnerEvent {
  const what = slo.displayName ?? slo.name;
  let left = ` ${pct(slo.remaining)} of the budget is left`;
  if (slo.remaining <= 0) left = ' The budget is spent';
  else if (typeof slo.timeToExhaustionSeconds === 'number') {
    left += `, gone in about ${duration(
      slo.timeToExhaustionSeconds,
    )} at this rate`;
  }
  left += '.';
  return {
    key: sloEventKey(SLO_BURN_FAMILY, slo.entityRef, slo.name),
    recipients: recipients(slo),
    payload: {
      title: `${subject(slo)}: SLO ${what} is burning its error budget fast${
        slo.burnRate === undefined ? '' : ` (${rate(slo.burnRate)})`
      }`,
      description:
        `In ${env}, ${slo.name} (objective ${(slo.objective * 100).toFixed(
          2,
        )} % over ${slo.window}) meets the page-level burn-rate condition ` +
        `(${PAGE_CONDITIONS})` +
        `${
          slo.burnRate === undefined
            ? '.'
            : `; over the last hour it burned ${rate(slo.burnRate)}.`
        }${left} ` +
        `Find what changed (a deploy, a dependency) and mitigate; ${
          denies
            ? 'the deploy gate denies deploys while the burn lasts.'
            : 'the SLO page shows the burn-down.'
        }`,
      link: entitySlosPath(slo.entityRef),
      severity: 'critical',
      topic: SLO_NOTIFICATION_TOPIC,
    },
  };
}

function budgetEvent(slo: OwnedSlo, env: string, minimum: number): OwnerEvent {
  const what = slo.displayName ?? slo.name;
  return {
    key: sloEventKey(SLO_BUDGET_FAMILY, slo.entityRef, slo.name),
    recipients: recipients(slo),
    payload: {
      title: `${subject(slo)}: SLO ${what} has ${pct(
        slo.remaining,
      )} of its error budget left (minimum ${pct(minimum)})`,
      description:
        `In ${env}, ${slo.name} (objective ${(slo.objective * 100).toFixed(
          2,
        )} % over ${slo.window}) has ${pct(slo.remaining)} of its error ` +
        `budget left, below the deploy gate's minimum of ${pct(
          minimum,
        )} (slo.gate.minRemainingBudget): the gate denies deploys of ` +
        `${slo.entityRef} until the budget recovers. Put reliability work ` +
        `first, or agree an exception with the SLO's stakeholders.`,
      link: entitySlosPath(slo.entityRef),
      severity: 'high',
      topic: SLO_NOTIFICATION_TOPIC,
    },
  };
}

/**
 * Keeps an event open without sending it: its figures are unknown now
 * (Prometheus did not answer, the SLO file could not be read), so it is
 * neither closed (and notified again when the figures return) nor sent on
 * figures nobody has seen. `delayMs` past any opening time means the
 * notifier never finds it due.
 */
function held(key: string, entityRef: string): OwnerEvent {
  return {
    key,
    recipients: { type: 'entity', entityRef: [] },
    payload: {
      title: `${entityRef}: SLO figures unavailable`,
      link: entitySlosPath(entityRef),
      topic: SLO_NOTIFICATION_TOPIC,
    },
    delayMs: Number.MAX_SAFE_INTEGER,
  };
}

/** The open events of one check, per family. */
export type SloEvents = {
  burn: OwnerEvent[];
  budget: OwnerEvent[];
  /** Keys kept open because their SLO's figures are unknown. */
  held: string[];
  /** SLOs with an event but no owner to tell (`<entityRef>:<slo>`). */
  unowned: string[];
};

/**
 * The events open now, from the evaluation of every SLO (one answer per
 * entity, as the SLO list evaluates them):
 *
 * - `slo-burn:<entityRef>:<slo>` while the page-level burn-rate condition
 *   holds (`alerts.page`, the condition the generated page alert and the
 *   deploy gate use);
 * - `slo-budget:<entityRef>:<slo>` while less budget is left than the deploy
 *   gate's minimum.
 *
 * An SLO whose figures are unknown opens nothing and closes nothing: its
 * keys among `openKeys` are passed back, held. So are the open keys of an
 * entity whose SLO file had problems, for the SLOs it no longer lists.
 */
export function sloEvents(options: {
  responses: EntitySlosResponse[];
  env: string;
  gate: Pick<SloSettings['gate'], 'minRemainingBudget' | 'denyOnFastBurn'>;
  /** The keys of both families open before this check. */
  openKeys: Iterable<string>;
}): SloEvents {
  const { responses, env, gate } = options;
  const open = new Set(options.openKeys);
  const out: SloEvents = { burn: [], budget: [], held: [], unowned: [] };
  const hold = (key: string, entityRef: string) => {
    if (!open.has(key)) return;
    const family = key.startsWith(`${SLO_BURN_FAMILY}:`) ? 'burn' : 'budget';
    out[family].push(held(key, entityRef));
    out.held.push(key);
  };
  for (const response of responses) {
    const listed = new Set<string>();
    for (const slo of response.slos) {
      listed.add(slo.name);
      const keys = [SLO_BURN_FAMILY, SLO_BUDGET_FAMILY].map(f =>
        sloEventKey(f, slo.entityRef, slo.name),
      );
      if (slo.status === 'unknown' || slo.remaining === undefined) {
        keys.forEach(k => hold(k, slo.entityRef));
        continue;
      }
      const burning = slo.alerts.page;
      const low = belowGateMinimum(slo.remaining, gate);
      if (!burning && !low) continue;
      if (!slo.owner) {
        // nobody to tell; opens once the entity has an owner
        out.unowned.push(`${slo.entityRef}:${slo.name}`);
        continue;
      }
      const owned = { ...slo, owner: slo.owner, remaining: slo.remaining };
      if (burning) out.burn.push(burnEvent(owned, env, gate.denyOnFastBurn));
      if (low) {
        out.budget.push(budgetEvent(owned, env, gate.minRemainingBudget));
      }
    }
    if (response.issues.length > 0) {
      // SLOs the file held before may be missing only because it could not
      // be read or checked now
      const prefix = (f: string) => `${f}:${response.entityRef}:`;
      for (const key of open) {
        const family = [SLO_BURN_FAMILY, SLO_BUDGET_FAMILY].find(f =>
          key.startsWith(prefix(f)),
        );
        if (family && !listed.has(key.slice(prefix(family).length))) {
          hold(key, response.entityRef);
        }
      }
    }
  }
  return out;
}
