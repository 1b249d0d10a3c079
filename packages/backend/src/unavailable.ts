/*
 * An unreachable dependency is a 503, not a 500.
 *
 * When PostgreSQL restarts (an RDS failover, a reboot, a minor-version
 * upgrade) or a connection drops, the plugins' database calls fail with the
 * driver's error (`connect ECONNREFUSED`, `terminating connection due to
 * administrator command`, knex's pool timeout). No plugin names these, so
 * Backstage's error handler answers 500 with the socket error: a server
 * fault, while the request would succeed in a moment. Every plugin's router
 * has its own error handler (Backstage's), which answers with the error
 * serialized in Backstage's error body (`{ error, request, response }`).
 * `unavailableAs503` sits in front of every route (in the root router) and
 * reads each 500 error body on its way out: when the error, or an error in
 * its `cause` chain or in the body of a failed call to another plugin, is a
 * lost or refused connection, the answer becomes a ServiceUnavailableError
 * (503, "try again") that keeps the original as its cause. Errors that carry
 * a status of their own, and every other error, are left as they are. A
 * plugin that reads another over HTTP (permissions, catalog) gets the 503 as
 * a ResponseError and passes its status on. A handler that replaces the
 * error with one of its own (Backstage's search router answers every engine
 * error with a plain "There was a problem performing the search query")
 * leaves no cause to read: code that sees the original error first calls
 * `noteUnavailable(error)`, and the request's 500 then becomes that 503.
 */
import { serializeError, ServiceUnavailableError } from '@backstage/errors';
import { AsyncLocalStorage } from 'node:async_hooks';

/** Per request: the connection failure noted while it was served, if any. */
const requestFailures = new AsyncLocalStorage<{ unavailable?: Error }>();

/** What the middleware uses of an Express response. */
type JsonResponse = {
  statusCode: number;
  status(code: number): unknown;
  json(body?: any): unknown;
};

/** Socket errors: the peer refused, reset or never answered. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that is going away or not there yet:
 * class 08 (connection exception), 57P01-57P03 (admin or crash shutdown,
 * cannot connect now), 53300 (too many connections).
 */
function unavailableSqlState(code: string): boolean {
  return (
    /^08[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code) || code === '53300'
  );
}

/** node-postgres and knex messages of a lost or missing connection (they carry no code). */
const CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /Client has encountered a connection error and is not queryable/,
  /^Knex: Timeout acquiring a connection/,
];

/** What kind of unavailability `error` (one error, not its causes) shows, if any. */
function unavailableKind(error: unknown): 'database' | 'network' | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { code, name, message } = error as {
    code?: unknown;
    name?: unknown;
    message?: unknown;
  };
  if (name === 'KnexTimeoutError') return 'database';
  if (typeof code === 'string') {
    if (unavailableSqlState(code)) return 'database';
    if (NETWORK_CODES.has(code)) return 'network';
  }
  if (
    typeof message === 'string' &&
    CONNECTION_MESSAGES.some(re => re.test(message))
  ) {
    return 'database';
  }
  return undefined;
}

/** Whether the error names its own HTTP status (a 4xx, or a 5xx other than 500). */
function hasOwnStatus(error: unknown): boolean {
  const e = error as { statusCode?: unknown; status?: unknown; name?: unknown };
  for (const status of [e?.statusCode, e?.status]) {
    if (typeof status === 'number' && status !== 500) return true;
  }
  return (
    typeof e?.name === 'string' &&
    [
      'InputError',
      'AuthenticationError',
      'NotAllowedError',
      'NotFoundError',
      'ConflictError',
      'NotModifiedError',
      'NotImplementedError',
      'ServiceUnavailableError',
    ].includes(e.name)
  );
}

/**
 * `error` as a ServiceUnavailableError (503) when it, or an error in its
 * `cause` chain, is a lost or refused connection; otherwise `error` itself.
 */
export function asUnavailable(error: unknown): unknown {
  if (hasOwnStatus(error)) return error;
  let current: unknown = error;
  for (let depth = 0; current && depth < 10; depth++) {
    const kind = unavailableKind(current);
    if (kind) {
      // the message ends with "; caused by <the original error>"
      return new ServiceUnavailableError(
        kind === 'database'
          ? 'The database is unavailable, try again shortly'
          : 'A service Runway depends on is unreachable, try again shortly',
        error as Error,
      );
    }
    // a failed call to another plugin: its answer's error (a serialized
    // ResponseError carries it in `body.error`)
    const next = current as { cause?: unknown; body?: { error?: unknown } };
    current = next.cause ?? next.body?.error;
  }
  return error;
}

/**
 * Notes, for the request being served, that `error` was a connection
 * failure (nothing when it was not), so that the request's answer is a 503
 * even if a handler replaces the error with a plain one.
 */
export function noteUnavailable(error: unknown): void {
  const store = requestFailures.getStore();
  if (!store) return;
  if (isUnavailableAnswer(error)) {
    // another plugin already answered 503 (the permission backend while
    // PostgreSQL is away): the same 503, passed on
    store.unavailable = error as Error;
    return;
  }
  const unavailable = asUnavailable(error);
  if (unavailable !== error) {
    store.unavailable = unavailable as Error;
  }
}

/** A 503 of its own: a ServiceUnavailableError or another plugin's 503 answer. */
function isUnavailableAnswer(error: unknown): boolean {
  const e = error as { statusCode?: unknown; status?: unknown; name?: unknown };
  return (
    e?.statusCode === 503 ||
    e?.status === 503 ||
    e?.name === 'ServiceUnavailableError'
  );
}

/**
 * Express middleware (in the root router, before the routes) that answers
 * connection failures with 503 instead of 500 (`asUnavailable`), whichever
 * plugin's error handler serialized them, and a 500 of a request during
 * which one was noted (`noteUnavailable`).
 */
export function unavailableAs503() {
  return (_req: unknown, res: JsonResponse, next: () => void): void => {
    const store: { unavailable?: Error } = {};
    const json = res.json.bind(res);
    res.json = (body?: any) => {
      if (res.statusCode === 500 && body?.error) {
        const translated = asUnavailable(body.error);
        const error =
          translated !== body.error ? translated : store.unavailable;
        if (error) {
          res.status(503);
          return json({
            ...body,
            error: serializeError(error as Error),
            response: { ...body.response, statusCode: 503 },
          });
        }
      }
      return json(body);
    };
    requestFailures.run(store, next);
  };
}
