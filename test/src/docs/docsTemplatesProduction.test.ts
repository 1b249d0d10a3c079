/*
 * The New ADR and New runbook section templates as production runs them:
 * the real backend configured as in production (publish provider github, no
 * local repositories, GitHub and GitLab integrations), against loopback
 * fakes of the GitHub and GitLab APIs that record every call. A service on
 * GitHub gets a pull request, a service on GitLab a merge request, each
 * carrying only the changed docs; every action the templates can run in
 * production is registered there; app-config.production.yaml and the
 * backend image register the templates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import {
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { expectCompleted, runTask as runTaskAs } from './tasks';
import { freePort, ROOT, runDir } from '../harness/processes';
import { FakeScm, fakeGitHub, fakeGitLab, RecordedCall } from './fakeScm';

jest.setTimeout(300_000);

const TEMPLATES = ['new-adr', 'new-runbook-section'];
const workDir = runDir('docs-templates-production');
let backend: Backend;
let token: string;
let github: FakeScm;
let gitlab: FakeScm;

/** A service repository on disk, as the fakes serve it. */
function seedRepo(name: string): string {
  const dir = path.join(workDir, 'remote', name);
  fs.rmSync(dir, { recursive: true, force: true });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write(
    'mkdocs.yml',
    `site_name: ${name}\nnav:\n  - Overview: index.md\n  - Runbook: runbook.md\n  - Decisions:\n      - Decision log: adr/index.md\n      - "ADR 0001: Use PostgreSQL": adr/0001-use-postgresql.md\nplugins:\n  - techdocs-core\n`,
  );
  write('docs/index.md', `# ${name}\n`);
  write(
    'docs/runbook.md',
    `# ${name} runbook\n\n## OrdersApiAvailabilityErrorBudgetFastBurn\n\nRoll back first.\n`,
  );
  write(
    'docs/adr/index.md',
    '# Decision log\n\n| ADR | title | status | date |\n|---|---|---|---|\n| [0001](0001-use-postgresql.md) | Use PostgreSQL | accepted | 2026-01-02 |\n',
  );
  write(
    'docs/adr/0001-use-postgresql.md',
    '# ADR 0001: Use PostgreSQL\n\n- Status: accepted\n- Date: 2026-01-02\n',
  );
  // code that a docs change must never carry
  write('src/main.go', 'package main\n');
  return dir;
}

function component(name: string, sourceLocation: string) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/source-location': `url:${sourceLocation}`,
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/adr-location': 'docs/adr',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/team-checkout',
    },
  };
}

const runTask = (template: string, values: Record<string, unknown>) =>
  runTaskAs(backend, token, template, values);

/** `METHOD /path` of each call, consecutive repeats folded into `xN`. */
function sequence(calls: RecordedCall[]): string[] {
  const out: string[] = [];
  let last = '';
  let n = 0;
  for (const c of calls) {
    const key = `${c.method} ${c.path}`;
    if (key === last) {
      n += 1;
      out[out.length - 1] = `${key} x${n}`;
    } else {
      out.push(key);
      last = key;
      n = 1;
    }
  }
  return out;
}

/** The paths a UrlReader calls (readTree, readUrl). */
const GITHUB_READS = /\/(commits\/[^/]+\/status|tarball\/[^/]+|contents\/.*)$/;
const GITLAB_READS = /\/repository\/(commits|archive|files\/.*\/raw)$|^\/api\/v4\/projects\/payments\/core\/billing-api$/;

/**
 * The calls split into a UrlReader's reads (each distinct call once: a
 * background reader may repeat them) and the rest, in sequence.
 */
function splitReads(calls: RecordedCall[], readPaths: RegExp) {
  const isRead = (c: RecordedCall) => c.method === 'GET' && readPaths.test(c.path);
  return {
    reads: [...new Set(calls.filter(isRead).map(c => `${c.method} ${c.path}`))],
    writes: sequence(calls.filter(c => !isRead(c))),
  };
}

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');

beforeAll(async () => {
  fs.mkdirSync(workDir, { recursive: true });
  github = await fakeGitHub({
    owner: 'acme',
    repo: 'orders-api',
    repoDir: seedRepo('orders-api'),
  });
  gitlab = await fakeGitLab({
    namespace: 'payments/core',
    project: 'billing-api',
    repoDir: seedRepo('billing-api'),
  });
  const catalogFile = path.join(workDir, 'services.yaml');
  fs.writeFileSync(
    catalogFile,
    [
      component(
        'orders-api',
        'https://github.runway.test/acme/orders-api/tree/main/',
      ),
      component(
        'billing-api',
        `${gitlab.url}/payments/core/billing-api/-/tree/main/`,
      ),
    ]
      .map(e => stringify(e))
      .join('---\n'),
  );
  backend = await startBackend({
    port: await freePort(),
    dir: path.join(workDir, 'backend'),
    config: {
      runwayTemplates: {
        publish: { provider: 'github', host: 'github.com', owner: 'acme' },
      },
      integrations: {
        github: [
          {
            host: 'github.runway.test',
            apiBaseUrl: `${github.url}/api/v3`,
            token: 'github-test-token',
          },
        ],
        gitlab: [
          {
            host: new URL(gitlab.url).host,
            baseUrl: gitlab.url,
            apiBaseUrl: `${gitlab.url}/api/v4`,
            token: 'gitlab-test-token',
          },
        ],
      },
    },
    extraLocations: [catalogFile],
  });
  for (const name of TEMPLATES) {
    await waitForEntities(
      backend.baseUrl,
      `kind=template,metadata.name=${name}`,
      { count: 1 },
    );
  }
  for (const name of ['orders-api', 'billing-api']) {
    await waitForEntities(
      backend.baseUrl,
      `kind=component,metadata.name=${name}`,
      { count: 1 },
    );
  }
  token = await guestToken(backend.baseUrl);
});

afterAll(async () => {
  await backend?.stop();
  await github?.stop();
  await gitlab?.stop();
});

const templateFile = (name: string) =>
  parse(
    fs.readFileSync(path.join(ROOT, 'templates', name, 'template.yaml'), 'utf8'),
  );

describe('docs templates in production', () => {
  it('the production backend registers every action the docs templates can run there', async () => {
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/actions`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const registered = new Set(
      ((await res.json()) as { id: string }[]).map(a => a.id),
    );
    for (const name of TEMPLATES) {
      const steps: { action: string; if?: string }[] =
        templateFile(name).spec.steps;
      // steps for local repositories only (development)
      const localOnly = steps.filter(s =>
        /mode === 'local'/.test(String(s.if ?? '')),
      );
      expect(localOnly.map(s => s.action)).toEqual(['runway:docs:commit']);
      const production = steps.filter(s => !localOnly.includes(s));
      expect(production.map(s => s.action)).toEqual(
        expect.arrayContaining([
          'runway:docs:checkout',
          'fetch:plain',
          'fetch:plain:file',
          'publish:github:pull-request',
          'publish:gitlab:merge-request',
        ]),
      );
      expect(
        production.map(s => s.action).filter(a => !registered.has(a)),
      ).toEqual([]);
    }
    // development's local publishing is not there
    expect(registered.has('runway:docs:commit')).toBe(false);
  });

  it('New ADR opens a pull request on GitHub with only the new decision, its nav entry and decision log row', async () => {
    github.calls.length = 0;
    const title = 'Use SQS FIFO queues for order events';
    const result = await runTask('new-adr', {
      component: 'component:default/orders-api',
      title,
      status: 'accepted',
      context: 'Order events arrive out of order during retries.',
      decision: 'Chosen option: "SQS FIFO queues", because ordering matters.',
    });
    expectCompleted(result);
    const repo = '/api/v3/repos/acme/orders-api';
    // Reads (UrlReader) may also come from the backend's own indexers (the
    // decisions index reads every service's docs on its schedule): the
    // task's writes are asserted in order, its reads by presence.
    const { reads, writes } = splitReads(github.calls, GITHUB_READS);
    expect(reads).toEqual(
      expect.arrayContaining([
        // fetch:plain docs/ (UrlReader.readTree)
        `GET ${repo}/commits/main/status`,
        `GET ${repo}/tarball/c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00`,
        // fetch:plain:file mkdocs.yml (UrlReader.readUrl)
        `GET ${repo}/contents/mkdocs.yml`,
      ]),
    );
    // publish:github:pull-request
    expect(writes).toEqual([
      `GET ${repo}`,
      `GET ${repo}/commits`,
      `POST ${repo}/git/blobs x6`,
      `POST ${repo}/git/trees`,
      `POST ${repo}/git/commits`,
      'POST /api/graphql',
      `POST ${repo}/git/refs`,
      `POST ${repo}/pulls`,
    ]);
    const call = (method: string, p: string) =>
      github.calls.find(c => c.method === method && c.path === p)!;
    // the integration's token, never an anonymous call
    expect(
      github.calls.every(c => c.authorization === 'token github-test-token' || c.authorization === 'Bearer github-test-token'),
    ).toBe(true);
    expect(call('GET', `${repo}/commits`).query).toMatchObject({ sha: 'main' });

    const tree = call('POST', `${repo}/git/trees`).body;
    expect(tree.base_tree).toBe('base-tree');
    const file = 'docs/adr/0002-use-sqs-fifo-queues-for-order-events.md';
    // only docs/ and mkdocs.yml: never the service's code
    expect(tree.tree.map((t: any) => t.path).sort()).toEqual([
      'docs/adr/0001-use-postgresql.md',
      file,
      'docs/adr/index.md',
      'docs/index.md',
      'docs/runbook.md',
      'mkdocs.yml',
    ]);
    const blobs = github.calls
      .filter(c => c.path === `${repo}/git/blobs`)
      .map(c => b64(c.body.content));
    expect(blobs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^# ADR 0002: ${title}\\n\\n- Status: accepted\\n- Date: \\d{4}-\\d{2}-\\d{2}\\n`),
        ),
        expect.stringContaining(
          `- "ADR 0002: ${title}": adr/0002-use-sqs-fifo-queues-for-order-events.md`,
        ),
        expect.stringContaining(
          `| [0002](0002-use-sqs-fifo-queues-for-order-events.md) | ${title} | accepted |`,
        ),
      ]),
    );
    expect(call('POST', `${repo}/git/commits`).body).toMatchObject({
      message: `ADR 0002: ${title}`,
      tree: 'new-tree',
      parents: ['c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00'],
    });
    expect(call('POST', `${repo}/git/refs`).body).toEqual({
      ref: 'refs/heads/adr-0002',
      sha: 'new-commit',
    });
    expect(call('POST', `${repo}/pulls`).body).toMatchObject({
      head: 'acme:adr-0002',
      base: 'main',
      title: `ADR 0002: ${title}`,
      body: `Adds ${file} (created in Runway).`,
    });
    expect(result.output.links).toEqual([
      {
        title: 'Read the decision',
        url: '/docs/default/component/orders-api/adr/0002-use-sqs-fifo-queues-for-order-events/',
      },
      {
        title: 'Pull request',
        url: 'https://github.example/acme/orders-api/pull/42',
      },
    ]);
  });

  it('New runbook section opens a merge request on GitLab that updates only docs/runbook.md', async () => {
    gitlab.calls.length = 0;
    const result = await runTask('new-runbook-section', {
      component: 'component:default/billing-api',
      title: 'BillingApiQueueBacklog',
      severity: 'ticket',
      meaning: 'More than 1,000 invoices wait for 10 minutes.',
      check: '1. `aws sqs get-queue-attributes --queue-url $QUEUE`',
      fix: 'Scale the consumer.',
    });
    expectCompleted(result);
    const project = '/api/v4/projects/payments/core/billing-api';
    const { reads, writes } = splitReads(gitlab.calls, GITLAB_READS);
    // fetch:plain (readTree) and fetch:plain:file (readUrl); the project
    // lookup is shared by readTree and publish:gitlab:merge-request
    expect(reads).toEqual(
      expect.arrayContaining([
        `GET ${project}`,
        `GET ${project}/repository/archive`,
        `GET ${project}/repository/files/mkdocs.yml/raw`,
      ]),
    );
    // publish:gitlab:merge-request
    expect(writes).toEqual([
      `GET ${project}/repository/tree`,
      `GET ${project}/repository/branches/runbook-billingapiqueuebacklog`,
      `POST ${project}/repository/branches`,
      `POST ${project}/repository/commits`,
      `POST ${project}/merge_requests`,
    ]);
    expect(
      gitlab.calls.every(c => c.privateToken === 'gitlab-test-token' || c.authorization === 'Bearer gitlab-test-token'),
    ).toBe(true);
    const call = (method: string, p: string) =>
      gitlab.calls.find(c => c.method === method && c.path === p)!;
    const branch = call('POST', `${project}/repository/branches`);
    expect({ ...branch.query, ...branch.body }).toMatchObject({
      branch: 'runbook-billingapiqueuebacklog',
      ref: 'main',
    });
    const commit = call('POST', `${project}/repository/commits`).body;
    expect(commit).toMatchObject({
      branch: 'runbook-billingapiqueuebacklog',
      commit_message: 'Runbook: BillingApiQueueBacklog',
    });
    // unchanged files are skipped: one update, the runbook
    expect(
      commit.actions.map((a: any) => [a.action, a.file_path]),
    ).toEqual([['update', 'docs/runbook.md']]);
    const runbook = b64(commit.actions[0].content);
    expect(runbook).toContain('## OrdersApiAvailabilityErrorBudgetFastBurn');
    expect(runbook).toContain('## BillingApiQueueBacklog');
    expect(runbook).toContain('More than 1,000 invoices wait for 10 minutes.');
    expect(call('POST', `${project}/merge_requests`).body).toMatchObject({
      source_branch: 'runbook-billingapiqueuebacklog',
      target_branch: 'main',
      title: 'Runbook: BillingApiQueueBacklog',
    });
    expect(result.output.links).toEqual([
      {
        title: 'Read the section',
        url: '/docs/default/component/billing-api/runbook/#billingapiqueuebacklog',
      },
      {
        title: 'Merge request',
        url: 'https://gitlab.example/payments/core/billing-api/-/merge_requests/12',
      },
    ]);
  });
});

describe('production configuration', () => {
  const config = () =>
    parse(
      fs.readFileSync(path.join(ROOT, 'app-config.production.yaml'), 'utf8'),
    );

  it('registers both docs templates, and the backend image ships them', () => {
    const targets = config().catalog.locations.map((l: any) => l.target);
    const dockerfile = fs.readFileSync(
      path.join(ROOT, 'packages', 'backend', 'Dockerfile'),
      'utf8',
    );
    for (const name of TEMPLATES) {
      const target = `./templates/${name}/template.yaml`;
      expect(targets).toContain(target);
      // relative to the container's working folder, the repo root
      expect(fs.existsSync(path.join(ROOT, target))).toBe(true);
      expect(dockerfile).toMatch(
        new RegExp(`^COPY .*templates/${name} \\./templates/${name}$`, 'm'),
      );
    }
  });

  it('configures GitHub and GitLab integrations from the environment', () => {
    const { integrations } = config();
    expect(integrations.github[0]).toMatchObject({
      host: expect.any(String),
      token: '${GITHUB_TOKEN}',
    });
    expect(integrations.gitlab[0]).toMatchObject({
      host: expect.any(String),
      token: '${GITLAB_TOKEN}',
    });
  });
});
