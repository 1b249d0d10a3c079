import {
  AuthService,
  BackstageCredentials,
  DatabaseService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { EventNotifier } from '@runway/backend-common';
import { EntitySlosResponse } from '@runway/plugin-slo-common';
import { SloNotificationSettings, SloSettings } from '../../config';
import { SLO_BUDGET_FAMILY, SLO_BURN_FAMILY, sloEvents } from './sloEvents';

/** The task id of the check (one run per cadence across replicas). */
export const SLO_NOTIFICATIONS_TASK_ID = 'slo-notifications';

/**
 * Where the check reads the SLOs from: the evaluation behind the SLO list
 * (`DefaultSloService.allEntitySlos`).
 *
 * @public
 */
export interface SloEvaluations {
  /** Every SLO in the catalog the credentials may see, one answer per entity. */
  allEntitySlos(
    env: string,
    credentials: BackstageCredentials,
  ): Promise<EntitySlosResponse[]>;
}

/**
 * What one check did: the keys it notified, closed and held open (figures
 * unknown), and the SLOs with an event but no owner.
 *
 * @public
 */
export type SloNotificationRun = {
  sent: string[];
  closed: string[];
  held: string[];
  unowned: string[];
};

type CheckParts = {
  notifier: EventNotifier;
  openKeys: () => Promise<string[]>;
  logger: LoggerService;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  slos: SloEvaluations;
  settings: Pick<SloSettings, 'defaultEnvironment' | 'gate'>;
};

/**
 * The owner notifications of the SLO plugin: evaluates every SLO in the
 * catalog (in the default environment, with the plugin's own credentials),
 * finds the fast burns and the budgets below the deploy gate's minimum, and
 * hands them to `EventNotifier` of `@runway/backend-common`, which notifies each event
 * once across replicas and closes those no longer found.
 *
 * @public
 */
export class SloNotificationCheck {
  /** The check over the plugin's database (creates the events table when missing). */
  static async create(options: {
    database: DatabaseService;
    notifications: NotificationService;
    logger: LoggerService;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    slos: SloEvaluations;
    settings: Pick<SloSettings, 'defaultEnvironment' | 'gate'>;
    /** Milliseconds; defaults to the wall clock. */
    now?: () => number;
  }): Promise<SloNotificationCheck> {
    const notifier = await EventNotifier.create({
      database: options.database,
      notifications: options.notifications,
      logger: options.logger,
      now: options.now,
    });
    return new SloNotificationCheck({
      ...options,
      notifier,
      openKeys: () => notifier.openKeys([SLO_BURN_FAMILY, SLO_BUDGET_FAMILY]),
    });
  }

  readonly #options: CheckParts;

  private constructor(options: CheckParts) {
    this.#options = options;
  }

  /**
   * One check. Throws, changing nothing, when the SLOs cannot be listed at
   * all (the catalog did not answer).
   */
  async run(): Promise<SloNotificationRun> {
    const { notifier, openKeys, logger, auth, slos, settings } = this.#options;
    const env = settings.defaultEnvironment;
    const responses = await slos.allEntitySlos(
      env,
      await auth.getOwnServiceCredentials(),
    );
    const events = sloEvents({
      responses,
      env,
      gate: settings.gate,
      openKeys: await openKeys(),
    });
    const burn = await notifier.reconcile(SLO_BURN_FAMILY, events.burn);
    const budget = await notifier.reconcile(SLO_BUDGET_FAMILY, events.budget);
    const run = {
      sent: [...burn.sent, ...budget.sent],
      closed: [...burn.closed, ...budget.closed],
      held: events.held,
      unowned: events.unowned,
    };
    if (run.sent.length + run.closed.length > 0) {
      logger.info(
        `SLO notifications: sent ${run.sent.join(', ') || 'none'}; closed ${
          run.closed.join(', ') || 'none'
        }`,
      );
    }
    if (run.held.length > 0) {
      logger.info(
        `SLO notifications: kept open while their figures are unknown: ${run.held.join(
          ', ',
        )}`,
      );
    }
    if (run.unowned.length > 0) {
      logger.warn(
        `SLO notifications: no owner to notify for ${run.unowned.join(', ')}`,
      );
    }
    return run;
  }
}

/**
 * Schedules the check as a global task (`slo-notifications`): one replica
 * runs it per cadence. A failed run is logged and changes nothing.
 *
 * @public
 */
export async function scheduleSloNotifications(options: {
  scheduler: Pick<SchedulerService, 'scheduleTask'>;
  settings: SloNotificationSettings;
  check: Pick<SloNotificationCheck, 'run'>;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, settings, check, logger } = options;
  await scheduler.scheduleTask({
    id: SLO_NOTIFICATIONS_TASK_ID,
    scope: 'global',
    frequency: { milliseconds: settings.frequencyMs },
    initialDelay: { milliseconds: settings.initialDelayMs },
    timeout: { milliseconds: Math.max(settings.frequencyMs, 60_000) },
    fn: async () => {
      try {
        await check.run();
      } catch (error) {
        logger.warn(
          `SLO notifications: the check failed, open events are left as they were: ${error}`,
        );
      }
    },
  });
}
