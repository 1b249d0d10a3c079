import { PermissionsService } from '@backstage/backend-plugin-api';
import { serializeError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { notingUnavailable } from './permissions';
import { unavailableAs503 } from './unavailable';

/**
 * The status of a request whose handler calls `check` and, like Backstage's
 * search router, answers any error with a plain 500.
 */
async function statusOf(check: () => Promise<unknown>): Promise<number> {
  const res = {
    statusCode: 200,
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(_body?: unknown) {
      return this;
    },
  };
  let handled: Promise<void> = Promise.resolve();
  unavailableAs503()({}, res, () => {
    handled = check().then(
      () => void res.json({}),
      () => {
        res.status(500);
        res.json({
          error: serializeError(
            new Error('There was a problem performing the search query'),
          ),
        });
      },
    );
  });
  await handled;
  return res.statusCode;
}

describe('notingUnavailable', () => {
  const request = [{ permission: { name: 'x', type: 'basic' } }] as any;
  const options = { credentials: {} } as any;
  const failing = (error: Error): PermissionsService => ({
    authorize: jest.fn().mockRejectedValue(error),
    authorizeConditional: jest.fn().mockRejectedValue(error),
  });

  it('passes decisions through unchanged', async () => {
    const decision = [{ result: AuthorizeResult.ALLOW }];
    const wrapped = notingUnavailable({
      authorize: jest.fn().mockResolvedValue(decision),
      authorizeConditional: jest.fn().mockResolvedValue(decision),
    });
    await expect(wrapped.authorize(request, options)).resolves.toBe(decision);
    await expect(wrapped.authorizeConditional(request, options)).resolves.toBe(
      decision,
    );
  });

  it("makes a request whose permission check met the permission backend's 503 a 503, however the handler answers", async () => {
    const permission503 = Object.assign(new Error('Request failed with 503'), {
      name: 'ResponseError',
      statusCode: 503,
    });
    const wrapped = notingUnavailable(failing(permission503));
    await expect(wrapped.authorize(request, options)).rejects.toBe(
      permission503,
    );
    expect(await statusOf(() => wrapped.authorize(request, options))).toBe(503);
    expect(
      await statusOf(() => wrapped.authorizeConditional(request, options)),
    ).toBe(503);
  });

  it('leaves a request whose permission check failed otherwise a 500', async () => {
    const wrapped = notingUnavailable(failing(new TypeError('a bug')));
    expect(await statusOf(() => wrapped.authorize(request, options))).toBe(500);
  });
});
