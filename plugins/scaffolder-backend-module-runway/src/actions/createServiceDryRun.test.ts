/*
 * create-service-dry-run against a stand-in for the scaffolder's
 * POST /v2/dry-run (__testUtils__/dryRunRoute.ts): what it checks for the
 * caller, what it sends and as whom, and how the route's answers become the
 * output.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import { examples } from './createServiceDryRun.examples';
import {
  dryRunFixture,
  GRACE,
  ROUTE_STEPS,
  RUNWAY,
  VALUES,
} from './__testUtils__/dryRunRoute';

describe('create-service-dry-run', () => {
  const { actions, received, replies, render, invoke, asked } = dryRunFixture();

  it('is registered read-only and idempotent, every input described', async () => {
    const { actions: listed } = await actions.list();
    expect(listed.map(a => [a.name, a.attributes])).toEqual([
      [
        'create-service-dry-run',
        { readOnly: true, idempotent: true, destructive: false },
      ],
    ]);
    const properties = (listed[0].schema.input as any).properties;
    expect(Object.keys(properties).sort()).toEqual([
      'include',
      'template',
      'values',
    ]);
    for (const field of Object.values<any>(properties)) {
      expect(field.description).toEqual(expect.any(String));
    }
  });

  it('runs its examples: each input is accepted and sent to the route as it is', async () => {
    for (const example of examples) {
      const output = await invoke(example.input);
      expect(output.template).toBe('template:default/microservice');
    }
    expect(received.map(r => r.body.values)).toEqual(
      examples.map(e => e.input.values),
    );
  });

  it("checks what creating a service needs for the developer, then dry-runs the golden path as Runway, sending the template and its folder's files", async () => {
    const output = await invoke({ values: VALUES });
    expect(output.ok).toBe(true);
    // the developer's own permissions: those of creating a service from
    // the template, not the inline-template scaffolder.template.dry-run
    expect(asked).toEqual([
      {
        user: GRACE.principal.userEntityRef,
        permission: 'scaffolder.task.create',
      },
      {
        user: GRACE.principal.userEntityRef,
        permission: 'scaffolder.template.parameter.read',
      },
      {
        user: GRACE.principal.userEntityRef,
        permission: 'scaffolder.template.step.read',
      },
    ]);
    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req.url).toBe('POST /api/scaffolder/v2/dry-run');
    // Runway's own service token for the scaffolder, not one for the user
    expect(req.principal).toEqual(RUNWAY);
    expect(req.authorization).toBe(
      `Bearer ${mockCredentials.service.token({
        onBehalfOf: mockCredentials.service('plugin:scaffolder'),
        targetPluginId: 'scaffolder',
      })}`,
    );
    expect(req.authorization).not.toBe(
      `Bearer ${mockCredentials.service.token({
        onBehalfOf: GRACE,
        targetPluginId: 'scaffolder',
      })}`,
    );
    expect(req.body.values).toEqual(VALUES);
    expect(req.body.secrets).toEqual({});
    expect(req.body.template).toMatchObject({
      kind: 'Template',
      metadata: { name: 'microservice' },
      spec: { steps: ROUTE_STEPS.map(s => ({ id: s.id })) },
    });
    const sent = Object.fromEntries(
      (req.body.directoryContents as any[]).map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    expect(Object.keys(sent).sort()).toEqual([
      'skeleton/Containerfile',
      'skeleton/Dockerfile',
      'skeleton/big.txt',
      'skeleton/catalog-info.yaml',
      'skeleton/run.sh',
      'template.yaml',
    ]);
    expect(sent['skeleton/Containerfile']).toBe('FROM node:22\nUSER node\n');
    expect(Object.values(sent).join()).not.toContain('not for templates');
  });

  it('returns the files with their sizes, the included texts and the step statuses', async () => {
    const output = await invoke({
      values: VALUES,
      include: ['./catalog-info.yaml', 'big.txt', 'README.md'],
    });
    expect(output.files).toEqual([
      { path: 'Containerfile', bytes: 23 },
      { path: 'Dockerfile', bytes: 23 },
      { path: 'big.txt', bytes: 30_000 },
      {
        path: 'catalog-info.yaml',
        bytes: 'metadata:\n  name: orders-api\n'.length,
      },
      { path: 'run.sh', bytes: 10, executable: true },
    ]);
    expect(output.contents).toEqual([
      {
        path: 'catalog-info.yaml',
        found: true,
        bytes: 29,
        text: 'metadata:\n  name: orders-api\n',
        truncated: false,
      },
      {
        path: 'big.txt',
        found: true,
        bytes: 30_000,
        text: 'x'.repeat(20 * 1024),
        truncated: true,
      },
      { path: 'README.md', found: false },
    ]);
    expect(output.steps).toEqual([
      { id: 'validate', name: 'Check the input', status: 'completed' },
      { id: 'render', name: 'Render', status: 'completed' },
      { id: 'publish', name: 'Publish', status: 'skipped' },
    ]);
    expect(output.errors).toEqual([]);
  });

  it("maps the route's 400 for answers that fail the template's schema to the fields", async () => {
    // the body the route sends: jsonschema's errors, serialised
    replies.push(() => ({
      status: 400,
      body: {
        errors: [
          {
            path: [],
            property: 'instance',
            message: 'requires property "owner"',
            name: 'required',
            argument: 'owner',
            stack: 'instance requires property "owner"',
          },
          {
            path: ['repoOwner'],
            property: 'instance.repoOwner',
            message: 'does not match pattern "^[a-z-]+$"',
            name: 'pattern',
            argument: '^[a-z-]+$',
            stack: 'instance.repoOwner does not match pattern "^[a-z-]+$"',
          },
        ],
      },
    }));
    const output = await invoke({
      values: { name: 'orders-api', repoOwner: 'acme/../x' },
      include: ['Dockerfile'],
    });
    expect(output).toEqual({
      ok: false,
      template: 'template:default/microservice',
      files: [],
      contents: [{ path: 'Dockerfile', found: false }],
      steps: ROUTE_STEPS.map(s => ({
        id: s.id,
        name: s.name,
        status: 'not-run',
      })),
      errors: [
        { field: 'owner', message: 'requires property "owner"' },
        { field: 'repoOwner', message: 'does not match pattern "^[a-z-]+$"' },
      ],
    });
  });

  it("maps a failed step's error (the route's 400) to the fields it names", async () => {
    replies.push(() => ({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message:
            'name: must be lower-case letters, digits and "-", starting with a letter and not ending with "-"; owner: "team-x" is not a known Group',
        },
        request: { method: 'POST', url: '/v2/dry-run' },
        response: { statusCode: 400 },
      },
    }));
    const output = await invoke({ values: { ...VALUES, name: 'Orders-API' } });
    expect(output.ok).toBe(false);
    expect(output.files).toEqual([]);
    expect(output.errors).toEqual([
      {
        field: 'name',
        message:
          'must be lower-case letters, digits and "-", starting with a letter and not ending with "-"',
      },
      { field: 'owner', message: '"team-x" is not a known Group' },
    ]);
    expect(output.steps.map((s: any) => s.status)).toEqual([
      'not-reported',
      'not-reported',
      'not-reported',
    ]);

    // a message that names no parameter stays whole, without a field
    replies.push(() => ({
      status: 400,
      body: {
        error: {
          name: 'InputError',
          message:
            'Invalid input passed to action fetch:template, instance.url is not of a type(s) string',
        },
      },
    }));
    expect((await invoke({ values: VALUES })).errors).toEqual([
      {
        message:
          'Invalid input passed to action fetch:template, instance.url is not of a type(s) string',
      },
    ]);
  });

  it("maps a step marked failed in the route's log", async () => {
    replies.push(req => {
      const reply = render(req) as { status: number; body: any };
      reply.body.log.push({
        body: {
          message:
            'InputError: owner: "x" is not a known Group\n    at handler (validate.ts:1:1)',
          stepId: 'validate',
          status: 'failed',
        },
      });
      return reply;
    });
    const output = await invoke({ values: VALUES });
    expect(output.ok).toBe(false);
    expect(output.errors).toEqual([
      { field: 'owner', message: '"x" is not a known Group' },
    ]);
    expect(output.steps[0]).toEqual({
      id: 'validate',
      name: 'Check the input',
      status: 'failed',
    });
  });
});
