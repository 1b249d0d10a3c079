/*
 * The New ADR and New runbook section templates, run as real scaffolder
 * tasks by the real backend against a service published to a local bare
 * repository (as runway:publish:local leaves it): the commit lands in the
 * repository and its checkout, the new runbook section's anchor resolves in
 * the built docs, and bad input is refused naming the field.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { expectCompleted, runTask as runTaskAs } from './tasks';
import { freePort, runDir } from '../harness/processes';
import { checkRunbookLinks, DocsBuilder, formatProblems } from './runbookLinks';

jest.setTimeout(300_000);

const workDir = runDir('docs-templates');
const repos = path.join(workDir, 'repos');
const checkout = path.join(repos, 'orders-api');
let backend: Backend;
let token: string;

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};
const git = (args: string[], cwd: string) =>
  execFileSync('git', args, { cwd, env: gitEnv }).toString().trim();

/** orders-api as runway:publish:local leaves it: bare repo + checkout. */
function publishService() {
  const seed = path.join(workDir, 'seed');
  fs.mkdirSync(path.join(seed, 'docs', 'adr'), { recursive: true });
  fs.writeFileSync(
    path.join(seed, 'catalog-info.yaml'),
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: orders-api',
      '  annotations:',
      '    backstage.io/techdocs-ref: dir:.',
      'spec:',
      '  type: service',
      '  lifecycle: experimental',
      '  owner: group:default/team-checkout',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(seed, 'mkdocs.yml'),
    'site_name: orders-api\nnav:\n  - Overview: index.md\n  - Runbook: runbook.md\n  - Decisions:\n      - Decision log: adr/index.md\n      - "ADR 0001: Use PostgreSQL": adr/0001-use-postgresql.md\nplugins:\n  - techdocs-core\n',
  );
  fs.writeFileSync(path.join(seed, 'docs', 'index.md'), '# orders-api\n');
  fs.writeFileSync(
    path.join(seed, 'docs', 'runbook.md'),
    '# orders-api runbook\n\n## OrdersApiAvailabilityErrorBudgetFastBurn\n\nRoll back first.\n',
  );
  fs.writeFileSync(
    path.join(seed, 'docs', 'adr', 'index.md'),
    '# Decision log\n\n| ADR | title | status | date |\n|---|---|---|---|\n| [0001](0001-use-postgresql.md) | Use PostgreSQL | accepted | 2026-01-02 |\n',
  );
  fs.writeFileSync(
    path.join(seed, 'docs', 'adr', '0001-use-postgresql.md'),
    '# ADR 0001: Use PostgreSQL\n\n- Status: accepted\n- Date: 2026-01-02\n',
  );
  fs.mkdirSync(repos, { recursive: true });
  git(['init', '--quiet', '--initial-branch=main'], seed);
  git(['add', '--all'], seed);
  git(['commit', '--quiet', '-m', 'Create orders-api'], seed);
  git(['clone', '--quiet', '--bare', seed, `${checkout}.git`], repos);
  git(['clone', '--quiet', `${checkout}.git`, checkout], repos);
}

const runTask = (template: string, values: Record<string, unknown>) =>
  runTaskAs(backend, token, template, values);

beforeAll(async () => {
  publishService();
  backend = await startBackend({
    port: await freePort(),
    dir: path.join(workDir, 'backend'),
    config: { runwayTemplates: { publish: { local: { directory: repos } } } },
    extraLocations: [path.join(checkout, 'catalog-info.yaml')],
  });
  await waitForEntities(backend.baseUrl, 'kind=template,metadata.name=new-adr', { count: 1 });
  await waitForEntities(backend.baseUrl, 'kind=template,metadata.name=new-runbook-section', {
    count: 1,
  });
  await waitForEntities(backend.baseUrl, 'kind=component,metadata.name=orders-api', { count: 1 });
  token = await guestToken(backend.baseUrl);
});

afterAll(async () => {
  await backend?.stop();
});

describe('docs templates', () => {
  it('New ADR commits the next MADR record to the service repository and its checkout', async () => {
    const result = await runTask('new-adr', {
      component: 'component:default/orders-api',
      title: 'Use SQS FIFO queues for order events',
      status: 'accepted',
      deciders: 'team-checkout',
      context: 'Order events arrive out of order during retries.',
      options: ['SQS FIFO queues', 'Sequence numbers in the consumer'],
      decision: 'Chosen option: "SQS FIFO queues", because ordering is per order.',
    });
    expectCompleted(result);
    const file = 'docs/adr/0002-use-sqs-fifo-queues-for-order-events.md';
    expect(git(['log', '-1', '--format=%s', 'main'], `${checkout}.git`)).toBe(
      'ADR 0002: Use SQS FIFO queues for order events',
    );
    const adr = fs.readFileSync(path.join(checkout, file), 'utf8');
    expect(adr).toMatch(/^# ADR 0002: Use SQS FIFO queues for order events\n\n- Status: accepted\n- Date: \d{4}-\d{2}-\d{2}\n/);
    // the built docs have the page, listed in the nav
    const out = new DocsBuilder({ outDir: path.join(workDir, 'sites-adr') }).build(checkout);
    expect(
      fs.existsSync(path.join(out, 'adr', '0002-use-sqs-fifo-queues-for-order-events', 'index.html')),
    ).toBe(true);
  });

  it('New ADR refuses an ADR number that exists and a title with path characters, naming the field', async () => {
    const taken = await runTask('new-adr', {
      component: 'component:default/orders-api',
      title: 'Another decision',
      number: '0001',
      context: 'c',
      decision: 'd',
    });
    expect(taken.status).toBe('failed');
    expect(taken.log).toContain('number: ADR 0001 already exists (docs/adr/0001-use-postgresql.md)');

    // the form's schema refuses it before a task starts ...
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        templateRef: 'template:default/new-adr',
        values: {
          component: 'component:default/orders-api',
          title: '../../etc/passwd',
          context: 'c',
          decision: 'd',
        },
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/title/);
    // nothing was committed by either
    expect(git(['rev-list', '--count', 'main'], `${checkout}.git`)).toBe('2');
  });

  it("New runbook section adds the alert's section, and the alert's runbook link resolves", async () => {
    const result = await runTask('new-runbook-section', {
      component: 'component:default/orders-api',
      title: 'OrdersApiQueueBacklog',
      severity: 'ticket',
      meaning: 'More than 1,000 order events wait for 10 minutes.',
      check: '1. `aws sqs get-queue-attributes --queue-url $QUEUE --attribute-names All`',
      fix: 'Scale the consumer.',
    });
    expectCompleted(result);
    const problems = checkRunbookLinks(
      [
        {
          alert: 'OrdersApiQueueBacklog',
          url: 'https://runway.example.com/docs/default/component/orders-api/runbook/#ordersapiqueuebacklog',
          source: 'test',
        },
      ],
      new Map([['default/component/orders-api', checkout]]),
      new DocsBuilder({ outDir: path.join(workDir, 'sites-runbook') }),
    );
    expect(formatProblems(problems)).toBe('');

    const again = await runTask('new-runbook-section', {
      component: 'component:default/orders-api',
      title: 'OrdersApiQueueBacklog',
      meaning: 'm',
      check: 'c',
      fix: 'f',
    });
    expect(again.status).toBe('failed');
    expect(again.log).toContain('title: docs/runbook.md already has the section "OrdersApiQueueBacklog"');
  });
});
