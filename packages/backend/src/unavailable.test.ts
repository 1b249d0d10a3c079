import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  asUnavailable,
  noteUnavailable,
  unavailableAs503,
} from './unavailable';

const withCode = (message: string, code: string) =>
  Object.assign(new Error(message), { code });

describe('asUnavailable', () => {
  it.each([
    [
      'a refused connection',
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    ],
    [
      'PostgreSQL shutting down',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    [
      'PostgreSQL starting up',
      withCode('the database system is starting up', '57P03'),
    ],
    ['a connection exception', withCode('connection failure', '08006')],
    ['a lost connection', new Error('Connection terminated unexpectedly')],
    [
      "knex's pool timeout",
      Object.assign(
        new Error(
          'Knex: Timeout acquiring a connection. The pool is probably full.',
        ),
        { name: 'KnexTimeoutError' },
      ),
    ],
  ])('answers %s with 503, keeping the cause', (_what, error) => {
    const out = asUnavailable(error) as ServiceUnavailableError;
    expect(out).toBeInstanceOf(ServiceUnavailableError);
    expect(out.message).toContain(error.message);
    expect(out.message).toMatch(/try again shortly/);
    expect(out.cause).toBe(error);
  });

  it('looks through the cause chain (a fetch that failed, a 500 from another plugin)', () => {
    const fetchFailed = new TypeError('fetch failed', {
      cause: withCode('connect ECONNREFUSED 127.0.0.1:9090', 'ECONNREFUSED'),
    });
    expect(asUnavailable(fetchFailed)).toBeInstanceOf(ServiceUnavailableError);
    const upstream500 = Object.assign(new Error('Request failed with 500'), {
      name: 'ResponseError',
      statusCode: 500,
      cause: withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    });
    expect(asUnavailable(upstream500)).toBeInstanceOf(ServiceUnavailableError);
  });

  it('leaves errors with their own status, and every other error, as they are', () => {
    const notFound = new NotFoundError('no such entity');
    expect(asUnavailable(notFound)).toBe(notFound);
    const upstream404 = Object.assign(new Error('Request failed with 404'), {
      statusCode: 404,
      cause: withCode('connect ECONNREFUSED', 'ECONNREFUSED'),
    });
    expect(asUnavailable(upstream404)).toBe(upstream404);
    const bug = new TypeError(
      "Cannot read properties of undefined (reading 'x')",
    );
    expect(asUnavailable(bug)).toBe(bug);
    const badQuery = withCode('syntax error at or near "SELEC"', '42601');
    expect(asUnavailable(badQuery)).toBe(badQuery);
  });
});

describe('unavailableAs503', () => {
  /**
   * A response that a plugin's error handler (Backstage's) answers with
   * `error`, after `handle` ran in the request's context.
   */
  function answer(error: Error, handle: () => void = () => {}) {
    const middleware = MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    });
    const res = {
      headersSent: false,
      statusCode: 200,
      body: undefined as any,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      json(body: unknown) {
        this.body = body;
        return this;
      },
    };
    const next = jest.fn(handle);
    unavailableAs503()({}, res, next);
    expect(next).toHaveBeenCalled();
    middleware.error()(
      error,
      { method: 'GET', url: '/entities' } as any,
      res as any,
      jest.fn(),
    );
    return res;
  }

  it('answers a database outage with 503', () => {
    const res = answer(
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    );
    expect(res.statusCode).toBe(503);
    expect(res.body.response).toEqual({ statusCode: 503 });
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(res.body.error.message).toBe(
      'A service Runway depends on is unreachable, try again shortly; caused by Error: connect ECONNREFUSED 127.0.0.1:5432',
    );
  });

  it('answers a 500 of another plugin that lost the database with 503', () => {
    const upstream = Object.assign(new Error('Request failed with 500'), {
      name: 'ResponseError',
      statusCode: 500,
      body: {
        error: {
          name: 'Error',
          message: 'terminating connection due to administrator command',
          code: '57P01',
        },
      },
    });
    const res = answer(upstream);
    expect(res.statusCode).toBe(503);
    expect(res.body.error.message).toMatch(
      /^The database is unavailable, try again shortly; caused by /,
    );
  });

  it('answers 503 when a handler replaced a connection failure it noted with a plain error', () => {
    const res = answer(
      new Error('There was a problem performing the search query'),
      () =>
        noteUnavailable(
          withCode(
            'terminating connection due to administrator command',
            '57P01',
          ),
        ),
    );
    expect(res.statusCode).toBe(503);
    expect(res.body.error.message).toBe(
      'The database is unavailable, try again shortly; caused by Error: terminating connection due to administrator command',
    );
    // noting any other error changes nothing
    const other = answer(new Error('boom'), () =>
      noteUnavailable(new Error('a bug')),
    );
    expect(other.statusCode).toBe(500);
  });

  it("answers 503 when a handler replaced another plugin's 503 it noted with a plain error", () => {
    const permission503 = Object.assign(
      new Error('Request failed with 503 Service Unavailable'),
      { name: 'ResponseError', statusCode: 503 },
    );
    const res = answer(
      new Error('There was a problem performing the search query'),
      () => noteUnavailable(permission503),
    );
    expect(res.statusCode).toBe(503);
    expect(res.body.error.message).toBe(
      'Request failed with 503 Service Unavailable',
    );
  });

  it('leaves any other 500 and every other status alone', () => {
    expect(answer(new TypeError('x is undefined')).statusCode).toBe(500);
    expect(answer(new NotFoundError('no such entity')).statusCode).toBe(404);
  });
});
