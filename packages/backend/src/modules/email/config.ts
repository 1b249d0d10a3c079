import { Config } from '@backstage/config';

/** The config key that turns notification emails on. */
export const EMAIL_CONFIG_KEY = 'runway.notifications.email';

/**
 * `runway.notifications.email` as the email processor uses it, defaults
 * applied.
 *
 * @public
 */
export type EmailConfig = {
  /** The SMTP server (e.g. `email-smtp.eu-west-1.amazonaws.com`). */
  host: string;
  /** Default 587 (submission, with STARTTLS), or 465 when `secure`. */
  port: number;
  /**
   * TLS from the first byte (port 465). When false (the default), the
   * connection is upgraded with STARTTLS when the server offers it, and
   * must be when credentials are set.
   */
  secure: boolean;
  /** SMTP credentials; none for a relay that needs none. */
  auth?: { username: string; password: string };
  /** The From address, `runway@example.com` or `Runway <runway@example.com>`. */
  sender: string;
  /** The Reply-To address, when replies should reach someone. */
  replyTo?: string;
};

/**
 * Reads `runway.notifications.email` once at start-up: undefined when the
 * key is absent (email off); a bad value fails start-up with an error
 * naming the key.
 *
 * @public
 */
export function readEmailConfig(config: Config): EmailConfig | undefined {
  if (!config.has(EMAIL_CONFIG_KEY)) return undefined;
  const email = config.getConfig(EMAIL_CONFIG_KEY);
  const key = (name: string) => `${EMAIL_CONFIG_KEY}.${name}`;
  const required = (name: string, what: string) => {
    const value = email.getOptionalString(name)?.trim();
    if (!value) {
      throw new Error(`${key(name)} is required for email: ${what}`);
    }
    return value;
  };
  const host = required('host', 'the SMTP server to send through');
  const sender = required('sender', 'the From address of every email');

  const port = readPort(email.getOptional('port'), key('port'));
  const secure = readBoolean(email.getOptional('secure'), key('secure'));

  const username = email.getOptionalString('username');
  const password = email.getOptionalString('password');
  if (Boolean(username) !== Boolean(password)) {
    throw new Error(
      `${key(username ? 'password' : 'username')} is required when ${key(
        username ? 'username' : 'password',
      )} is set`,
    );
  }

  return {
    host,
    port: port ?? (secure ? 465 : 587),
    secure: secure ?? false,
    auth: username && password ? { username, password } : undefined,
    sender,
    replyTo: email.getOptionalString('replyTo'),
  };
}

/** A port as a number or a string of digits (from `${VAR}` substitution). */
function readPort(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  const port =
    typeof value === 'number' ||
    (typeof value === 'string' && /^\s*\d+\s*$/.test(value))
      ? Number(value)
      : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(
      `${key} must be a port number (1 to 65535), got '${value}'`,
    );
  }
  return port;
}

/** A boolean, or the strings `true` and `false`. */
function readBoolean(value: unknown, key: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`${key} must be true or false, got '${value}'`);
}
