/*
 * What create-service-dry-run refuses, and how it meets an unavailable
 * scaffolder (__testUtils__/dryRunRoute.ts).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { dryRunFixture, refusal, VALUES } from './__testUtils__/dryRunRoute';

describe('create-service-dry-run refuses', () => {
  const { received, replies, invoke } = dryRunFixture();

  it("refuses a template from outside the organisation's catalog.locations, reading and running nothing", async () => {
    expect(
      await refusal(
        invoke({ template: 'template:default/my-template', values: VALUES }),
      ),
    ).toEqual({
      name: 'NotAllowedError',
      message:
        "template:default/my-template is not from the organisation's catalog.locations (its origin is url:https://github.com/dev/repo/blob/main/catalog-info.yaml): only those templates are dry-run",
    });
    expect(received).toEqual([]);
  });

  it("refuses an organisation's template that is not in a file: location", async () => {
    const refused = await refusal(
      invoke({ template: 'remote', values: VALUES }),
    );
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toMatch(
      /template:default\/remote is located at url:https:\/\/github.com\/.*not in a file: location/,
    );
    expect(received).toEqual([]);
  });

  it('refuses a template the catalog does not hold and an entity that is not a template', async () => {
    expect(
      await refusal(
        invoke({ template: 'template:default/nope', values: VALUES }),
      ),
    ).toEqual({
      name: 'NotFoundError',
      message: 'template: template:default/nope is not in the catalog',
    });
    expect(
      await refusal(
        invoke({ template: 'component:default/checkout-api', values: VALUES }),
      ),
    ).toEqual({
      name: 'InputError',
      message: 'template: component:default/checkout-api is not a Template',
    });
    expect(received).toEqual([]);
  });

  it('refuses the caller when the route answers 403, and anonymous callers before calling it', async () => {
    replies.push(() => ({
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: '' },
        response: { statusCode: 403 },
      },
    }));
    const refused = await refusal(invoke({ values: VALUES }));
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toMatch(
      /^Not allowed: the scaffolder refuses you this dry run of template:default\/microservice/,
    );
    expect(received).toHaveLength(1);

    expect(
      await refusal(invoke({ values: VALUES }, mockCredentials.none())),
    ).toEqual({
      name: 'AuthenticationError',
      message: 'Missing credentials',
    });
    expect(received).toHaveLength(1);
  });

  it('retries an unavailable scaffolder, and passes on its failure with the cause', async () => {
    replies.push(
      () => ({ status: 503, body: {} }),
      () => ({ status: 502, body: {} }),
    );
    expect((await invoke({ values: VALUES })).ok).toBe(true);
    expect(received).toHaveLength(3);

    received.length = 0;
    replies.push(() => ({
      status: 500,
      body: {
        error: {
          name: 'Error',
          message: 'Template action with ID x is broken',
        },
      },
    }));
    const failed = await refusal(invoke({ values: VALUES }));
    expect(failed.message).toBe(
      "The scaffolder's dry run of template:default/microservice failed (500); caused by Error: Template action with ID x is broken",
    );
    expect(received).toHaveLength(1);

    received.length = 0;
    replies.push(...[1, 2, 3].map(() => () => ({ status: 503, body: {} })));
    const unavailable = await refusal(invoke({ values: VALUES }));
    expect(unavailable.name).toBe('ServiceUnavailableError');
    expect(received).toHaveLength(3);
  });

  it('refuses more than 5 included files (input schema)', async () => {
    const refused = await refusal(
      invoke({ values: VALUES, include: ['a', 'b', 'c', 'd', 'e', 'f'] }),
    );
    expect(refused.name).toBe('InputError');
    expect(received).toEqual([]);
  });
});
