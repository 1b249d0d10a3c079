/*
 * What create-service-dry-run refuses, and how it meets an unavailable
 * scaffolder (__testUtils__/dryRunRoute.ts).
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  dryRunFixture,
  GRACE,
  refusal,
  VALUES,
} from './__testUtils__/dryRunRoute';

describe('create-service-dry-run refuses', () => {
  const { received, replies, invoke, asked, decisions } = dryRunFixture();

  it('refuses a user denied scaffolder.task.create, naming it, and sends nothing', async () => {
    const carol = mockCredentials.user('user:default/carol.finance');
    decisions['user:default/carol.finance'] = {
      'scaffolder.task.create': AuthorizeResult.DENY,
    };
    expect(await refusal(invoke({ values: VALUES }, carol))).toEqual({
      name: 'NotAllowedError',
      message:
        'Not allowed: scaffolder.task.create: you may not create a service from template:default/microservice, so you may not dry-run it',
    });
    expect(asked.map(a => a.user)).toEqual([
      'user:default/carol.finance',
      'user:default/carol.finance',
      'user:default/carol.finance',
    ]);
    expect(received).toEqual([]);
  });

  it("refuses a user denied reading the template's parameters or steps, naming the permission, and sends nothing", async () => {
    for (const permission of [
      'scaffolder.template.parameter.read',
      'scaffolder.template.step.read',
    ]) {
      decisions[GRACE.principal.userEntityRef] = {
        [permission]: AuthorizeResult.DENY,
      };
      const refused = await refusal(invoke({ values: VALUES }));
      expect(refused.name).toBe('NotAllowedError');
      expect(refused.message).toBe(
        `Not allowed: ${permission}: you may not create a service from template:default/microservice, so you may not dry-run it`,
      );
    }
    // both denied: both named
    decisions[GRACE.principal.userEntityRef] = {
      'scaffolder.task.create': AuthorizeResult.DENY,
      'scaffolder.template.step.read': AuthorizeResult.DENY,
    };
    expect((await refusal(invoke({ values: VALUES }))).message).toMatch(
      /^Not allowed: scaffolder\.task\.create, scaffolder\.template\.step\.read: /,
    );
    expect(received).toEqual([]);
  });

  it('refuses a user granted the template reads only conditionally (for some parameters or steps)', async () => {
    decisions[GRACE.principal.userEntityRef] = {
      'scaffolder.template.step.read': AuthorizeResult.CONDITIONAL,
    };
    const refused = await refusal(invoke({ values: VALUES }));
    expect(refused.name).toBe('NotAllowedError');
    expect(refused.message).toMatch(
      /^Not allowed: scaffolder\.template\.step\.read is granted to you only for some parameters or steps/,
    );
    expect(received).toEqual([]);
  });

  it('refuses services and anonymous callers before asking or sending anything', async () => {
    expect(
      await refusal(
        invoke({ values: VALUES }, mockCredentials.service('plugin:catalog')),
      ),
    ).toEqual({
      name: 'NotAllowedError',
      message:
        "create-service-dry-run answers users only: it checks the caller's scaffolder permissions, and plugin:catalog is a service",
    });
    expect(
      await refusal(invoke({ values: VALUES }, mockCredentials.none())),
    ).toEqual({
      name: 'AuthenticationError',
      message: 'Missing credentials',
    });
    expect(asked).toEqual([]);
    expect(received).toEqual([]);
  });

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

  it("reports the route's 403 to Runway's own credentials as Runway's fault, not as a refusal of the caller", async () => {
    replies.push(() => ({
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: 'no dry runs for you' },
        response: { statusCode: 403 },
      },
    }));
    expect(await refusal(invoke({ values: VALUES }))).toEqual({
      // a plain Error (500), not a NotAllowedError (403)
      name: 'Error',
      message:
        "The scaffolder refused Runway's own credentials for the dry run of template:default/microservice (403); caused by Error: no dry runs for you",
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
