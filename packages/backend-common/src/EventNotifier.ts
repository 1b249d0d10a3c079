/*
 * Notifications to owners, sent once per event across replicas.
 *
 * A plugin's check (a scheduled task) looks at the state it watches (an
 * SLO's burn, a cost anomaly, a degraded workload) and hands the events it
 * finds open now to `EventNotifier.reconcile`. The notifier remembers every
 * event in the plugin's own database (`runway_notification_events`), so:
 *
 * - an event is notified once while it stays open, however often the check
 *   runs and on however many replicas: a conditional update claims the
 *   sending, and only the replica whose update changed the row sends;
 * - an event the check no longer finds is closed; when it opens again it is
 *   notified again, but not within `renotifyAfterMs` of its last
 *   notification (a flapping condition does not flood its owners; it is
 *   notified once that time has passed if it is still open);
 * - an event with `delayMs` (a workload degraded for more than N minutes)
 *   is notified only once it has stayed open that long;
 * - a send that fails is not remembered as sent: the next check tries
 *   again;
 * - recipients an open, notified event gains (an owner the catalog names
 *   only after the first check, a team that takes a service over) are sent
 *   it then, once; those already told are not told again.
 *
 * Each notification carries the event key as its `scope`, so the
 * notifications backend keeps one entry per event for each recipient.
 */
import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import {
  NotificationRecipients,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import { NotificationPayload } from '@backstage/plugin-notifications-common';
import { Knex } from 'knex';

export const NOTIFICATION_EVENTS_TABLE = 'runway_notification_events';

/** One condition an owner should hear about, as a check finds it. */
export type OwnerEvent = {
  /**
   * Stable for as long as the condition lasts, unique across the plugin:
   * `<family>:<what>` (`slo-budget:component:default/checkout-api:availability`).
   */
  key: string;
  recipients: NotificationRecipients;
  /** Title, description, link, severity and topic; `scope` is the key. */
  payload: Omit<NotificationPayload, 'scope'>;
  /** Notify only once the event has been open this long (default 0). */
  delayMs?: number;
};

export type ReconcileResult = {
  /** Keys notified by this call. */
  sent: string[];
  /** Keys this call found closed (no longer among the events). */
  closed: string[];
};

type Row = {
  key: string;
  family: string;
  opened_at: number | string;
  notified_at: number | string | null;
  closed_at: number | string | null;
  /** JSON array of the entity refs notified in this episode. */
  recipients: string | null;
};

export class EventNotifier {
  static async create(options: {
    database: DatabaseService;
    notifications: NotificationService;
    logger: LoggerService;
    /** Default: 6 hours. */
    renotifyAfterMs?: number;
    now?: () => number;
  }): Promise<EventNotifier> {
    const knex = await options.database.getClient();
    await ensureTable(knex);
    return new EventNotifier(
      knex,
      options.notifications,
      options.logger,
      options.renotifyAfterMs ?? 6 * 60 * 60 * 1000,
      options.now ?? Date.now,
    );
  }

  private constructor(
    private readonly knex: Knex,
    private readonly notifications: NotificationService,
    private readonly logger: LoggerService,
    private readonly renotifyAfterMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * Records `events` as the open events of `family` (the part of every key
   * before its first `:`) and notifies those due; events of the family not
   * in the list are closed.
   */
  async reconcile(
    family: string,
    events: OwnerEvent[],
  ): Promise<ReconcileResult> {
    const now = this.now();
    const prefix = `${family}:`;
    const wrong = events.find(e => !e.key.startsWith(prefix));
    if (wrong) {
      throw new Error(
        `Event key ${wrong.key} is not of family ${family} (keys start with "${prefix}")`,
      );
    }
    const rows = new Map(
      (await this.knex<Row>(NOTIFICATION_EVENTS_TABLE).where({ family })).map(
        r => [r.key, r],
      ),
    );
    const sent: string[] = [];
    for (const event of events) {
      const row = rows.get(event.key);
      if (!row) {
        await this.knex(NOTIFICATION_EVENTS_TABLE)
          .insert({ key: event.key, family, opened_at: now })
          .onConflict('key')
          .ignore();
      } else if (row.closed_at !== null) {
        // open again: a new episode (another replica may reopen it too)
        await this.knex(NOTIFICATION_EVENTS_TABLE)
          .where({ key: event.key })
          .whereNotNull('closed_at')
          .update({ opened_at: now, closed_at: null });
      }
      if (await this.claim(event, now)) {
        if (await this.send(event, row?.notified_at ?? null, row)) {
          sent.push(event.key);
        }
      } else if (row && (await this.sendToAdded(event, row, now))) {
        sent.push(event.key);
      }
    }
    const open = new Set(events.map(e => e.key));
    const closed = [...rows.values()]
      .filter(r => r.closed_at === null && !open.has(r.key))
      .map(r => r.key);
    if (closed.length > 0) {
      await this.knex(NOTIFICATION_EVENTS_TABLE)
        .whereIn('key', closed)
        .whereNull('closed_at')
        .update({ closed_at: now });
    }
    return { sent, closed };
  }

  /**
   * Marks `event` notified if it is due: open, open for its delay, and not
   * notified in this episode nor within `renotifyAfterMs`. True when this
   * call's update changed the row (no other replica claimed it).
   */
  private async claim(event: OwnerEvent, now: number): Promise<boolean> {
    const changed = await this.knex(NOTIFICATION_EVENTS_TABLE)
      .where({ key: event.key })
      .whereNull('closed_at')
      .where('opened_at', '<=', now - (event.delayMs ?? 0))
      .where(q =>
        q
          .whereNull('notified_at')
          .orWhere(r =>
            r
              .whereRaw('notified_at < opened_at')
              .where('notified_at', '<=', now - this.renotifyAfterMs),
          ),
      )
      .update({ notified_at: now });
    return changed === 1;
  }

  /**
   * Sends `event`, and records to whom; on failure, forgets the claim so the
   * next check retries.
   */
  private async send(
    event: OwnerEvent,
    previouslyNotifiedAt: Row['notified_at'],
    previous: Row | undefined,
  ): Promise<boolean> {
    try {
      await this.notifications.send({
        recipients: event.recipients,
        payload: { ...event.payload, scope: event.key },
      });
      await this.knex(NOTIFICATION_EVENTS_TABLE)
        .where({ key: event.key })
        .update({ recipients: JSON.stringify(entityRefs(event)) });
      return true;
    } catch (error) {
      this.logger.warn(
        `Could not send the notification for ${event.key}, will retry at the next check: ${error}`,
      );
      await this.knex(NOTIFICATION_EVENTS_TABLE)
        .where({ key: event.key })
        .update({
          notified_at: previouslyNotifiedAt,
          recipients: previous?.recipients ?? null,
        });
      return false;
    }
  }

  /**
   * Sends an open event already notified in this episode to the recipients
   * it has gained since (once: the update that records them decides which
   * replica sends). True when it sent.
   */
  private async sendToAdded(
    event: OwnerEvent,
    row: Row,
    now: number,
  ): Promise<boolean> {
    if (
      event.recipients.type !== 'entity' ||
      row.closed_at !== null ||
      row.notified_at === null ||
      row.recipients === null ||
      Number(row.opened_at) > now - (event.delayMs ?? 0) ||
      Number(row.notified_at) < Number(row.opened_at)
    ) {
      return false;
    }
    const told = JSON.parse(row.recipients) as string[];
    const added = entityRefs(event).filter(ref => !told.includes(ref));
    if (added.length === 0) return false;
    const changed = await this.knex(NOTIFICATION_EVENTS_TABLE)
      .where({ key: event.key, recipients: row.recipients })
      .whereNull('closed_at')
      .update({ recipients: JSON.stringify([...told, ...added]) });
    if (changed !== 1) return false;
    try {
      await this.notifications.send({
        recipients: { type: 'entity', entityRef: added },
        payload: { ...event.payload, scope: event.key },
      });
      return true;
    } catch (error) {
      this.logger.warn(
        `Could not send the notification for ${event.key} to ${added.join(
          ', ',
        )}, will retry at the next check: ${error}`,
      );
      await this.knex(NOTIFICATION_EVENTS_TABLE)
        .where({ key: event.key })
        .update({ recipients: row.recipients });
      return false;
    }
  }

  /** The keys of `families` open now (for a check that holds some open). */
  async openKeys(families: string[]): Promise<string[]> {
    return this.knex(NOTIFICATION_EVENTS_TABLE)
      .whereIn('family', families)
      .whereNull('closed_at')
      .pluck('key');
  }
}

/** The entity refs an event goes to (none for a broadcast). */
function entityRefs(event: OwnerEvent): string[] {
  return event.recipients.type === 'entity'
    ? [event.recipients.entityRef].flat()
    : [];
}

/** Creates the events table when missing (replicas racing: one wins). */
async function ensureTable(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable(NOTIFICATION_EVENTS_TABLE)) return;
  try {
    await knex.schema.createTable(NOTIFICATION_EVENTS_TABLE, table => {
      table.comment(
        'Events notified to owners: one row per event key, open or closed',
      );
      table.string('key', 512).primary().notNullable();
      table.string('family', 64).notNullable().index();
      table.bigInteger('opened_at').notNullable();
      table.bigInteger('notified_at').nullable();
      table.bigInteger('closed_at').nullable();
      table.text('recipients').nullable();
    });
  } catch (error) {
    if (!(await knex.schema.hasTable(NOTIFICATION_EVENTS_TABLE))) throw error;
  }
}
