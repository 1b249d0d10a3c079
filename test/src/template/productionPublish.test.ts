/**
 * The production microservice template (template.production.yaml) run as a
 * real scaffolder task by the real backend configured as in production,
 * once with `runwayTemplates.publish.provider: github` and once with
 * `gitlab`, against loopback fakes of GitHub and GitLab
 * (fakeGitHosts.ts): the stock publish:github / publish:gitlab actions
 * create the repository through the host's API and push the generated
 * service over git smart HTTP (git http-backend) with the integration's
 * token; the pushed repository is cloned back and checked; catalog:register
 * registers its catalog-info.yaml, which the catalog reads through the
 * host's UrlReader, and the component appears in the catalog.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { api, waitForEntities } from '../harness/backend';
import { runDir } from '../harness/processes';
import { expectCompleted, runTask } from '../docs/tasks';
import { FakeGitHost } from './fakeGitHosts';
import {
  basic,
  GITHUB_HOST,
  GITHUB_TOKEN,
  GITLAB_GROUP,
  GITLAB_TOKEN,
  gitRequests,
  Hosted,
  productionValues as values,
  startHostedBackends,
  stopHostedBackends,
} from './hostedSetup';

jest.setTimeout(300_000);

const workDir = runDir('template-production-publish');

type Setup = Hosted<FakeGitHost>;
let github: Setup;
let gitlab: Setup;

beforeAll(async () => {
  ({ github, gitlab } = await startHostedBackends({ workDir }));
});

afterAll(async () => {
  await stopHostedBackends(github, gitlab);
});

/**
 * Clones the pushed repository back over git smart HTTP (upload-pack, with
 * the token) and returns its branch, commits and files. Asynchronous: the
 * fake host answers from this process.
 */
async function cloneBack(
  cloneUrl: string,
  user: string,
  token: string,
  dir: string,
) {
  const url = new URL(cloneUrl);
  url.username = user;
  url.password = token;
  fs.rmSync(dir, { recursive: true, force: true });
  await promisify(execFile)('git', ['clone', '--quiet', url.toString(), dir], {
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
    timeout: 30_000,
  });
  const out = (args: string[]) =>
    execFileSync('git', ['-C', dir, ...args])
      .toString()
      .trim();
  return {
    branch: out(['rev-parse', '--abbrev-ref', 'HEAD']),
    commits: out(['log', '--format=%s']).split('\n'),
    files: out(['ls-files']).split('\n'),
    read: (file: string) => fs.readFileSync(path.join(dir, file), 'utf8'),
  };
}

/** Checks the generated TypeScript service in a clone. */
function expectGeneratedService(
  clone: Awaited<ReturnType<typeof cloneBack>>,
  name: string,
  ciFile: string,
) {
  expect(clone.branch).toBe('main');
  expect(clone.commits).toEqual(['initial commit']);
  expect(clone.files).toEqual(
    expect.arrayContaining([
      'catalog-info.yaml',
      'Dockerfile',
      'Makefile',
      'package.json',
      'slo.yaml',
      'mkdocs.yml',
      'docs/runbook.md',
      'docs/adr/0001-use-the-runway-golden-path.md',
      'k8s/base/deployment.yaml',
      'k8s/base/kustomization.yaml',
      'k8s/base/prometheusrule.yaml',
      'k8s/overlays/production/kustomization.yaml',
      'infra/cloudformation.yaml',
      ciFile,
    ]),
  );
  // only the chosen options: no database, queue or public Ingress parts
  expect(clone.files.filter(f => /ingress|externalsecret/i.test(f))).toEqual(
    [],
  );
  const entity = parse(clone.read('catalog-info.yaml'));
  expect(entity).toMatchObject({
    kind: 'Component',
    metadata: {
      name,
      annotations: {
        'backstage.io/source-template': 'template:default/microservice',
        'runway.io/slo-ref': './slo.yaml',
      },
    },
    spec: {
      owner: 'group:default/team-checkout',
      system: 'system:default/storefront',
    },
  });
  expect(JSON.parse(clone.read('package.json')).name).toBe(name);
  // runway:slo:rules ran before the push: the rules are in the repository
  expect(clone.read('k8s/base/prometheusrule.yaml')).toContain(
    'ErrorBudgetFastBurn',
  );
  return entity;
}

type CatalogEntity = {
  metadata: { name: string; annotations: Record<string, string> };
  spec: Record<string, unknown>;
};

async function catalogEntity(setup: Setup, name: string) {
  await waitForEntities(
    setup.backend.baseUrl,
    `kind=component,metadata.name=${name}`,
    { count: 1, timeoutMs: 60_000 },
  );
  return api<CatalogEntity>(
    setup.backend.baseUrl,
    setup.token,
    `/api/catalog/entities/by-name/component/default/${name}`,
  );
}

describe('production template, publish provider github', () => {
  const name = 'ledger-api';
  const owner = 'acme-services';

  it('creates the repository through the GitHub API, pushes the service over git with the token, and registers it', async () => {
    const { host } = github;
    const result = await runTask(
      github.backend,
      github.token,
      'microservice',
      values(name, 'github-actions', { repoOwner: owner }),
    );
    expectCompleted(result);
    expect(result.log).toContain('Skipping step publish-gitlab');

    const api3 = '/api/v3';
    const repo = `${api3}/repos/${owner}/${name}`;
    const rest = host.calls.filter(c => !c.git);
    // publish:github's writes, in order (the catalog's reads come between)
    const writes = rest.filter(
      c => c.method !== 'GET' || c.path.startsWith(`${api3}/users/`),
    );
    expect(writes.map(c => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `GET ${api3}/users/${owner} 200`,
      `POST ${api3}/orgs/${owner}/repos 201`,
      `PUT ${repo}/branches/main/protection 200`,
    ]);
    expect(writes[1].body).toMatchObject({
      name,
      private: true,
      visibility: 'private',
      description: `${name}: published by the production template`,
    });
    expect(writes[2].body).toMatchObject({
      enforce_admins: true,
      required_pull_request_reviews: { required_approving_review_count: 1 },
    });
    // never the GraphQL fallback: the content went over git
    expect(rest.filter(c => c.path === '/api/graphql')).toEqual([]);
    // every API call carries the integration's token
    expect(
      rest.filter(
        c =>
          c.authorization !== `token ${GITHUB_TOKEN}` &&
          c.authorization !== `Bearer ${GITHUB_TOKEN}`,
      ),
    ).toEqual([]);

    // the push: refused without credentials, then done with the token
    const gitPath = `/${owner}/${name}.git`;
    expect(gitRequests(host.calls)).toEqual([
      `GET ${gitPath}/info/refs?service=git-receive-pack 401`,
      `GET ${gitPath}/info/refs?service=git-receive-pack 200`,
      `POST ${gitPath}/git-receive-pack 200`,
    ]);
    expect(
      host.calls
        .filter(c => c.git && c.status === 200)
        .map(c => c.authorization),
    ).toEqual([
      basic('x-access-token', GITHUB_TOKEN),
      basic('x-access-token', GITHUB_TOKEN),
    ]);

    const clone = await cloneBack(
      `${host.url}${gitPath}`,
      'x-access-token',
      GITHUB_TOKEN,
      path.join(workDir, 'clones', name),
    );
    const entity = expectGeneratedService(
      clone,
      name,
      '.github/workflows/ci.yaml',
    );
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      `${owner}/${name}`,
    );

    // catalog:register read catalog-info.yaml through the GitHub UrlReader
    expect(
      rest.some(
        c =>
          c.method === 'GET' &&
          c.path === `${repo}/contents/catalog-info.yaml` &&
          c.query.ref === 'main' &&
          c.status === 200,
      ),
    ).toBe(true);
    const registered = await catalogEntity(github, name);
    expect(registered.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `url:https://${GITHUB_HOST}/${owner}/${name}/tree/main/catalog-info.yaml`,
      'github.com/project-slug': `${owner}/${name}`,
    });
    expect(registered.spec.owner).toBe('group:default/team-checkout');
    expect(result.output.links).toEqual([
      { title: 'Repository', url: `${host.url}${gitPath}` },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: `component:default/${name}`,
      },
    ]);
  });

  it('refuses a GitHub owner with a group path at its target step, before anything is created', async () => {
    const before = github.host.calls.length;
    const result = await runTask(
      github.backend,
      github.token,
      'microservice',
      values('ledger-api-two', 'github-actions', {
        repoOwner: 'payments/core',
      }),
    );
    expect(result.status).toBe('failed');
    expect(result.log).toContain(
      'owner: "payments/core" is not a GitHub organisation or user name',
    );
    expect(
      github.host.calls.slice(before).filter(c => c.method !== 'GET' || c.git),
    ).toEqual([]);
  });
});

describe('production template, publish provider gitlab', () => {
  const name = 'refunds-api';
  // the form leaves the owner empty: runwayTemplates.publish.owner
  const group = GITLAB_GROUP;

  it('creates the project through the GitLab API, pushes the service over git with the token, and registers it', async () => {
    const { host } = gitlab;
    const result = await runTask(
      gitlab.backend,
      gitlab.token,
      'microservice',
      values(name, 'gitlab-ci'),
    );
    expectCompleted(result);
    expect(result.log).toContain('Skipping step publish-github');

    const api4 = '/api/v4';
    const rest = host.calls.filter(c => !c.git);
    const project = `${api4}/projects/${group}/${name}`;
    // publish:gitlab's calls, in order (the catalog's reads of the project come after)
    const publishCalls = rest.filter(c => !c.path.startsWith(project));
    expect(publishCalls.map(c => `${c.method} ${c.path} ${c.status}`)).toEqual([
      `GET ${api4}/namespaces/${group} 200`,
      `GET ${api4}/user 200`,
      `GET ${api4}/groups/${group}/projects 200`,
      `POST ${api4}/projects 201`,
    ]);
    expect(publishCalls[2].query).toMatchObject({ search: name });
    expect(publishCalls[3].body).toMatchObject({
      namespace_id: 100,
      name,
      path: name,
      visibility: 'private',
      description: `${name}: published by the production template`,
    });
    expect(publishCalls.filter(c => c.privateToken !== GITLAB_TOKEN)).toEqual(
      [],
    );

    const gitPath = `/${group}/${name}.git`;
    expect(gitRequests(host.calls)).toEqual([
      `GET ${gitPath}/info/refs?service=git-receive-pack 401`,
      `GET ${gitPath}/info/refs?service=git-receive-pack 200`,
      `POST ${gitPath}/git-receive-pack 200`,
    ]);
    expect(
      host.calls
        .filter(c => c.git && c.status === 200)
        .map(c => c.authorization),
    ).toEqual([basic('oauth2', GITLAB_TOKEN), basic('oauth2', GITLAB_TOKEN)]);

    const clone = await cloneBack(
      `${host.url}${gitPath}`,
      'oauth2',
      GITLAB_TOKEN,
      path.join(workDir, 'clones', name),
    );
    const entity = expectGeneratedService(clone, name, '.gitlab-ci.yml');
    expect(entity.metadata.annotations['gitlab.com/project-slug']).toBe(
      `${group}/${name}`,
    );

    // catalog:register read catalog-info.yaml through the GitLab UrlReader
    expect(
      rest.some(
        c =>
          c.method === 'GET' &&
          c.path === `${project}/repository/files/catalog-info.yaml/raw` &&
          c.query.ref === 'main' &&
          c.authorization === `Bearer ${GITLAB_TOKEN}` &&
          c.status === 200,
      ),
    ).toBe(true);
    const registered = await catalogEntity(gitlab, name);
    expect(registered.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `url:${host.url}/${group}/${name}/-/blob/main/catalog-info.yaml`,
      'gitlab.com/project-slug': `${group}/${name}`,
    });
    expect(result.output.links).toEqual([
      { title: 'Repository', url: `${host.url}/${group}/${name}` },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: `component:default/${name}`,
      },
    ]);
  });
});
