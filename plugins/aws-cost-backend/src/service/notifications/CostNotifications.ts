import {
  LoggerService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { EventNotifier, ReconcileResult } from '@runway/backend-common';
import { NotificationsConfig } from '../../config';
import { AwsCostService } from '../AwsCostService';
import { OrgIndex } from '../OrgIndex';
import {
  ANOMALY_FAMILY,
  anomalyEvents,
  BUDGET_FAMILY,
  budgetEvents,
} from './events';

/** Id of the global scheduled task that checks for events. */
export const NOTIFICATIONS_TASK_ID = 'aws-cost-notifications';

/** What one check notified and closed, per family (none without data). */
export type CostNotificationsCheck = {
  anomalies?: ReconcileResult;
  budgets?: ReconcileResult;
};

/**
 * Owner notifications of the cost plugin: on each check (a global
 * scheduled task, so one replica at a time), the open anomalies and the
 * budgets forecast to be exceeded, as the reports compute them, are handed
 * to the `EventNotifier`, which sends each event once across replicas and
 * closes those no longer found.
 */
export class CostNotifications {
  /** Builds the check from `awsCost.notifications` read at start-up. */
  static fromConfig(
    config: { notifications: NotificationsConfig },
    deps: {
      reports: Pick<AwsCostService, 'anomalies' | 'budgets'>;
      orgIndex: () => Promise<OrgIndex>;
      notifier: Pick<EventNotifier, 'reconcile'>;
      logger: LoggerService;
    },
  ): CostNotifications {
    return new CostNotifications({ ...deps, config: config.notifications });
  }

  private constructor(
    private readonly options: {
      config: NotificationsConfig;
      reports: Pick<AwsCostService, 'anomalies' | 'budgets'>;
      orgIndex: () => Promise<OrgIndex>;
      notifier: Pick<EventNotifier, 'reconcile'>;
      logger: LoggerService;
    },
  ) {}

  /**
   * Reconciles both families with what the reports find now. Without cost
   * data or catalog entities nothing is reconciled (an empty store does not
   * close the events);
   * a catalog or store failure throws before anything is reconciled.
   */
  async check(): Promise<CostNotificationsCheck> {
    const { reports, notifier, logger, config } = this.options;
    const [org, anomalies, budgets] = await Promise.all([
      this.options.orgIndex(),
      reports.anomalies(),
      reports.budgets(),
    ]);
    if (anomalies.status.lastDay === null) {
      logger.info('No cost data yet: cost notifications wait for the data');
      return {};
    }
    if (org.components.size === 0) {
      // a fresh start: the catalog has not ingested its entities yet, and
      // every anomaly would go to the managers only (an owner named later
      // is still told, once: EventNotifier sends to recipients gained)
      logger.info('No catalog entities yet: cost notifications wait for them');
      return {};
    }
    const eventOptions = {
      org,
      currency: anomalies.status.currency,
      managers: config.managers,
      sample: anomalies.status.sample,
    };
    const result = {
      anomalies: await notifier.reconcile(
        ANOMALY_FAMILY,
        anomalyEvents(anomalies.anomalies, eventOptions),
      ),
      budgets: await notifier.reconcile(
        BUDGET_FAMILY,
        budgetEvents(budgets.budgets, eventOptions),
      ),
    };
    const sent = [...result.anomalies.sent, ...result.budgets.sent];
    if (sent.length > 0) {
      logger.info(`Cost notifications sent: ${sent.join(', ')}`);
    }
    return result;
  }

  /** The global scheduled task running `check` every `frequencyMinutes`. */
  task(): SchedulerServiceTaskScheduleDefinition &
    SchedulerServiceTaskInvocationDefinition {
    const { config } = this.options;
    return {
      id: NOTIFICATIONS_TASK_ID,
      scope: 'global',
      frequency: { minutes: config.frequencyMinutes },
      initialDelay: { seconds: config.initialDelaySeconds },
      timeout: { minutes: 10 },
      fn: async () => {
        await this.check();
      },
    };
  }
}
