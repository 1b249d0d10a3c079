import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { createAdrCreateAction } from './adrCreate';
import { examples as adrExamples } from './adrCreate.examples';
import { integrationHostsFromConfig } from '../config';
import { repositoryOf } from './docsCheckout';
import { createDocsCommitAction } from './docsCommit';
import { createRunbookSectionAction } from './runbookSection';
import { examples as sectionExamples } from './runbookSection.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';
import { plainGit } from './__testUtils__/hostile';
import { localService, serviceRepo } from './__testUtils__/serviceRepo';

const fixedNow = () => new Date('2026-11-27T12:00:00Z');

describe('runway:adr:create', () => {
  it('runs its example: the next number, MADR status and date, nav and decision log updated', async () => {
    for (const step of exampleSteps(adrExamples)) {
      const { ctx, outputs, workspacePath } = mockContext(step.input);
      const repo = serviceRepo(workspacePath);
      await createAdrCreateAction({ now: fixedNow }).handler(ctx);
      expect(outputs).toEqual({
        file: 'docs/adr/0003-move-order-events-to-sqs-fifo-queues.md',
        number: '0003',
        docsPath: 'adr/0003-move-order-events-to-sqs-fifo-queues/',
      });
      const adr = fs.readFileSync(
        path.join(repo, outputs.file as string),
        'utf8',
      );
      expect(adr).toContain(
        '# ADR 0003: Move order events to SQS FIFO queues\n\n- Status: proposed\n- Date: 2026-11-27\n- Deciders: team-checkout',
      );
      expect(adr).toContain('- SQS FIFO queues');
      const mkdocs = fs.readFileSync(path.join(repo, 'mkdocs.yml'), 'utf8');
      expect(mkdocs).toContain('# kept: comments survive the nav update');
      expect(mkdocs).toContain(
        '- "ADR 0003: Move order events to SQS FIFO queues": adr/0003-move-order-events-to-sqs-fifo-queues.md',
      );
      expect(
        fs.readFileSync(path.join(repo, 'docs/adr/index.md'), 'utf8'),
      ).toContain(
        '| [0003](0003-move-order-events-to-sqs-fifo-queues.md) | Move order events to SQS FIFO queues | proposed | 2026-11-27 |',
      );
    }
  });

  const base = { title: 'Cache prices', context: 'c', decision: 'd' };

  it('refuses a title with path characters, naming the field', async () => {
    for (const title of ['../../etc/passwd', 'a/b decision', 'back\\slash']) {
      const { ctx, workspacePath } = mockContext({ ...base, title });
      serviceRepo(workspacePath);
      await expect(createAdrCreateAction().handler(ctx)).rejects.toThrow(
        /^title: must not contain path characters/,
      );
    }
  });

  it('refuses an ADR number that exists, naming the field', async () => {
    const { ctx, workspacePath } = mockContext({ ...base, number: '0002' });
    serviceRepo(workspacePath);
    await expect(createAdrCreateAction().handler(ctx)).rejects.toThrow(
      'number: ADR 0002 already exists (docs/adr/0002-use-sqs.md)',
    );
    const bad = mockContext({ ...base, number: '12' });
    serviceRepo(bad.workspacePath);
    await expect(createAdrCreateAction().handler(bad.ctx)).rejects.toThrow(
      'number: must be four digits',
    );
  });

  it("writes into the entity's ADR location (backstage.io/adr-location) and refuses one outside docs/", async () => {
    const { ctx, outputs, workspacePath } = mockContext({
      ...base,
      location: './docs/decisions/',
    });
    const repo = serviceRepo(workspacePath);
    await createAdrCreateAction({ now: fixedNow }).handler(ctx);
    expect(outputs).toEqual({
      file: 'docs/decisions/0001-cache-prices.md',
      number: '0001',
      docsPath: 'decisions/0001-cache-prices/',
    });
    expect(fs.existsSync(path.join(repo, outputs.file as string))).toBe(true);
    expect(fs.readFileSync(path.join(repo, 'mkdocs.yml'), 'utf8')).toContain(
      'decisions/0001-cache-prices.md',
    );
    for (const location of [
      'adr',
      '../docs/adr',
      'docs/../../x',
      '/docs/adr',
    ]) {
      const bad = mockContext({ ...base, location });
      serviceRepo(bad.workspacePath);
      await expect(createAdrCreateAction().handler(bad.ctx)).rejects.toThrow(
        /^location: .* must be a folder under docs\//,
      );
    }
  });

  it('writes nothing in a dry run', async () => {
    const { ctx, outputs, workspacePath } = mockContext(base, {
      isDryRun: true,
    });
    const repo = serviceRepo(workspacePath);
    await createAdrCreateAction().handler(ctx);
    expect(outputs.number).toBe('0003');
    expect(fs.readdirSync(path.join(repo, 'docs/adr')).sort()).toEqual([
      '0001-use-postgresql.md',
      '0002-use-sqs.md',
      'index.md',
    ]);
  });
});

describe('runway:runbook:section', () => {
  it('runs its example: a section whose anchor is the lower-cased alert name', async () => {
    for (const step of exampleSteps(sectionExamples)) {
      const { ctx, outputs, workspacePath } = mockContext(step.input);
      const repo = serviceRepo(workspacePath);
      await createRunbookSectionAction().handler(ctx);
      expect(outputs).toEqual({
        file: 'docs/runbook.md',
        anchor: 'ordersapiqueuebacklog',
      });
      const runbook = fs.readFileSync(
        path.join(repo, 'docs/runbook.md'),
        'utf8',
      );
      expect(runbook).toMatch(
        /## OrdersApiAvailabilityErrorBudgetFastBurn[\s\S]*## OrdersApiQueueBacklog\n\n\*\*Severity:\*\* ticket/,
      );
    }
  });

  it('refuses a section that exists and a title with path characters, naming the field', async () => {
    const fields = { meaning: 'm', check: 'c', fix: 'f' };
    const dup = mockContext({
      ...fields,
      title: 'OrdersApiAvailabilityErrorBudgetFastBurn',
    });
    serviceRepo(dup.workspacePath);
    await expect(createRunbookSectionAction().handler(dup.ctx)).rejects.toThrow(
      'title: docs/runbook.md already has the section "OrdersApiAvailabilityErrorBudgetFastBurn"',
    );
    const bad = mockContext({ ...fields, title: 'x/../../y' });
    serviceRepo(bad.workspacePath);
    await expect(createRunbookSectionAction().handler(bad.ctx)).rejects.toThrow(
      /^title: /,
    );
  });
});

describe('runway:docs:checkout and runway:docs:commit', () => {
  it('clones a local repository, and commits a new runbook section to it', async () => {
    const { repos, checkout, checkedOut } = localService();
    const first = await checkedOut();
    expect(first.outputs).toMatchObject({
      mode: 'local',
      name: 'orders-api',
      adrLocation: 'docs/adr',
      bareRepo: path.join(repos, 'orders-api.git'),
    });
    const section = mockContext(
      { title: 'OrdersApiQueueBacklog', meaning: 'm', check: 'c', fix: 'f' },
      { workspacePath: first.workspacePath },
    );
    await createRunbookSectionAction().handler(section.ctx);
    const commit = mockContext(
      { message: 'Runbook: OrdersApiQueueBacklog' },
      { workspacePath: first.workspacePath },
    );
    await createDocsCommitAction({ directory: repos }).handler(commit.ctx);
    expect(
      plainGit(
        ['log', '-1', '--format=%s', 'main'],
        path.join(repos, 'orders-api.git'),
      ),
    ).toBe('Runbook: OrdersApiQueueBacklog');
    // the checkout the catalog and TechDocs read is up to date
    expect(
      fs.readFileSync(
        path.join(repos, 'orders-api', 'docs', 'runbook.md'),
        'utf8',
      ),
    ).toContain('## OrdersApiQueueBacklog');

    // an entity without a repository Runway can change
    const unknown = mockContext({ entityRef: 'component:default/nope' });
    await expect(checkout.handler(unknown.ctx)).rejects.toThrow(/^entityRef: /);
  });

  it('reports a GitHub repository for fetch:plain and publish:github:pull-request', () => {
    expect(
      repositoryOf(
        {
          metadata: {
            annotations: {
              'backstage.io/managed-by-location':
                'url:https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
              'backstage.io/source-location':
                'url:https://github.com/acme/orders-api/tree/main/',
            },
          },
        },
        '/tmp/repos',
      ),
    ).toEqual({
      mode: 'github',
      repoUrl: 'github.com?owner=acme&repo=orders-api',
      sourceUrl: 'https://github.com/acme/orders-api/tree/main/',
    });
  });

  it('tells GitHub from GitLab by the configured integration hosts, GitLab subgroups included', () => {
    const hosts = integrationHostsFromConfig(
      new ConfigReader({
        integrations: {
          github: [{ host: 'git.acme.example' }],
          gitlab: [{ host: 'code.acme.example' }],
        },
      }),
    );
    expect(hosts).toEqual({
      github: ['github.com', 'git.acme.example'],
      gitlab: ['gitlab.com', 'code.acme.example'],
    });
    const at = (source: string) =>
      repositoryOf(
        {
          metadata: {
            annotations: { 'backstage.io/source-location': `url:${source}` },
          },
        },
        undefined,
        hosts,
      );
    expect(at('https://git.acme.example/acme/orders-api/tree/main')).toEqual({
      mode: 'github',
      repoUrl: 'git.acme.example?owner=acme&repo=orders-api',
      sourceUrl: 'https://git.acme.example/acme/orders-api/tree/main/',
    });
    expect(
      at('https://code.acme.example/payments/core/billing-api/-/tree/main/'),
    ).toEqual({
      mode: 'gitlab',
      repoUrl: `code.acme.example?owner=${encodeURIComponent(
        'payments/core',
      )}&repo=billing-api`,
      sourceUrl:
        'https://code.acme.example/payments/core/billing-api/-/tree/main/',
    });
    // the bare repository URL: the default branch's tree
    expect(at('https://code.acme.example/payments/billing-api')).toMatchObject({
      mode: 'gitlab',
      sourceUrl: 'https://code.acme.example/payments/billing-api/-/tree/HEAD/',
    });
    // a host without an integration: Runway cannot open a request there
    expect(
      at('https://bitbucket.org/acme/orders-api/src/main/'),
    ).toBeUndefined();
  });
});
