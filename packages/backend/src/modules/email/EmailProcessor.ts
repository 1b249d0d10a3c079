import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationProcessor } from '@backstage/plugin-notifications-node';
import { createTransport, Transporter } from 'nodemailer';
import { EmailConfig } from './config';
import { emailMessage, ProcessedNotification } from './message';
import { RecentKeys } from './RecentKeys';

/**
 * Options of {@link EmailProcessor.create}.
 *
 * @public
 */
export type EmailProcessorOptions = {
  email: EmailConfig;
  /** `app.baseUrl`, against which relative notification links resolve. */
  appBaseUrl: string;
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Longest time one email may take, catalog lookup and retry included (default 60 s). */
  timeoutMs?: number;
  /** Wait before the one retry of a temporary failure (default 2 s, plus up to as much jitter). */
  retryDelayMs?: number;
};

/** Emails sent at once; the rest wait their turn. */
const CONCURRENCY = 2;
/** Emails waiting beyond this are dropped (a dead SMTP server, a flood). */
const MAX_WAITING = 1000;
/** Recipient, scope and title of the emails sent lately. */
const REMEMBERED = 10_000;

/**
 * Sends each notification to its recipient user by email, through an SMTP
 * server, as the notifications backend's "Email" channel.
 *
 * - One email per recipient per notification; a notification the
 *   notifications backend updates (same scope: Runway's re-notification of
 *   an event) is emailed again only when its title changed.
 * - Broadcasts are not emailed. The address is the user entity's
 *   `spec.profile.email`, read with the plugin's own credentials.
 * - `postProcess` only queues: the email goes out in the background, with a
 *   timeout and one retry of a temporary failure. A failure is logged with
 *   the user's entity ref, never the address, and never fails the
 *   notification.
 *
 * @public
 */
export class EmailProcessor implements NotificationProcessor {
  static create(options: EmailProcessorOptions): EmailProcessor {
    const { email } = options;
    const transport = createTransport({
      host: email.host,
      port: email.port,
      secure: email.secure,
      // credentials never travel unencrypted
      requireTLS: !email.secure && Boolean(email.auth),
      auth: email.auth && {
        user: email.auth.username,
        pass: email.auth.password,
      },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return new EmailProcessor(options, transport);
  }

  private readonly sent = new RecentKeys(REMEMBERED);
  private readonly waiting: Array<() => Promise<void>> = [];
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  private constructor(
    private readonly options: EmailProcessorOptions,
    private readonly transport: Transporter,
  ) {}

  getName(): string {
    return 'Email';
  }

  async postProcess(notification: ProcessedNotification): Promise<void> {
    const user = notification.user;
    if (!user || this.closed) return;
    const { scope, title } = notification.payload;
    const key = JSON.stringify([user, scope ?? `id:${notification.id}`, title]);
    if (!this.sent.add(key)) return;
    if (this.waiting.length >= MAX_WAITING) {
      this.sent.delete(key);
      this.options.logger.warn(
        `Not emailing notification ${notification.id} to ${user}: ${MAX_WAITING} emails are already waiting for the SMTP server`,
      );
      return;
    }
    this.waiting.push(() => this.send(notification, user, key));
    this.drain();
  }

  /** Resolves once every queued email has been sent or has failed. */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** Stops queuing, waits up to `waitMs` for queued emails, closes the transport. */
  async close(waitMs = 10_000): Promise<void> {
    this.closed = true;
    await withTimeout(this.idle(), waitMs).catch(() => undefined);
    this.transport.close();
  }

  private drain() {
    while (this.running < CONCURRENCY && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running += 1;
      job().finally(() => {
        this.running -= 1;
        this.drain();
        if (this.running === 0 && this.waiting.length === 0) {
          this.idleWaiters.splice(0).forEach(resolve => resolve());
        }
      });
    }
  }

  private async send(
    notification: ProcessedNotification,
    user: string,
    key: string,
  ): Promise<void> {
    const { logger, auth, catalog } = this.options;
    let address: string | undefined;
    try {
      await withTimeout(
        (async () => {
          const entity = await catalog.getEntityByRef(user, {
            credentials: await auth.getOwnServiceCredentials(),
          });
          const profile = entity?.spec?.profile as
            | { email?: unknown }
            | undefined;
          if (typeof profile?.email !== 'string' || !profile.email.trim()) {
            logger.info(
              `Not emailing notification ${notification.id} to ${user}: ${
                entity ? 'no spec.profile.email' : 'not in the catalog'
              }`,
            );
            return;
          }
          address = profile.email.trim();
          await this.deliver(notification, address);
          logger.debug(`Emailed notification ${notification.id} to ${user}`);
        })(),
        this.options.timeoutMs ?? 60_000,
      );
    } catch (error) {
      // a later update of the same notification may try again
      this.sent.delete(key);
      logger.warn(
        `Could not email notification ${notification.id} to ${user}: ${redact(
          error,
          address,
          user,
        )}`,
      );
    }
  }

  /** Sends the email, retrying a temporary failure once. */
  private async deliver(notification: ProcessedNotification, to: string) {
    const { email, appBaseUrl, retryDelayMs = 2000 } = this.options;
    const mail = {
      from: email.sender,
      to,
      replyTo: email.replyTo,
      ...emailMessage(notification, appBaseUrl),
    };
    try {
      await this.transport.sendMail(mail);
    } catch (error) {
      if (!isTemporary(error)) throw error;
      const jitter = Math.random() * retryDelayMs;
      await new Promise(resolve => setTimeout(resolve, retryDelayMs + jitter));
      await this.transport.sendMail(mail);
    }
  }
}

/**
 * A temporary failure: no connection, a timeout, or a 4xx SMTP reply. A 5xx
 * reply (an address the server refuses) is final.
 */
function isTemporary(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as {
    code?: string;
    responseCode?: number;
  };
  if (typeof responseCode === 'number') {
    return responseCode >= 400 && responseCode < 500;
  }
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS'].includes(code ?? '');
}

/** The error's message, the recipient's address replaced by their entity ref. */
function redact(error: unknown, address: string | undefined, user: string) {
  const message = error instanceof Error ? error.message : String(error);
  if (!address) return message;
  const escaped = address.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return message.replace(new RegExp(escaped, 'gi'), user);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
