/**
 * Template upgrades on GitHub and GitLab, end to end: the production
 * template (read from a copy, so that a fixture version can be published)
 * creates a Go service on a backend configured as in production with
 * `runwayTemplates.publish.provider: github`, and one with `gitlab`, against
 * the loopback hosts (fakeGitHosts.ts). The scheduled check clones each
 * service over git smart HTTP with the integration's token and finds no
 * drift; once the fixture 1.1.0 is out, the upgrade asked through the API
 * pushes branch `runway/upgrade-microservice-1.1.0` and opens one pull
 * request (GitHub, labelled) or merge request (GitLab) on the host's API;
 * the default branch is untouched; asking again opens nothing new. Every
 * API and git call from the service's creation on carries the token.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  FleetResponse,
  UpgradeResponse,
} from '@runway/plugin-template-upgrades-common';
import { api, runScheduledTask, waitForEntities } from '../harness/backend';
import { runDir } from '../harness/processes';
import { expectCompleted, runTask } from '../docs/tasks';
import { TEMPLATE_DIR } from './dryRun';
import {
  FakeGitHost,
  FakeGitHubHost,
  FakeGitLabHost,
  HostCall,
} from './fakeGitHosts';
import {
  FIXTURE_DOCKERFILE_LINE,
  FIXTURE_VERSION,
  publishFixtureVersion,
  refreshTemplate,
} from './fixtureVersion';
import {
  basic,
  GITHUB_TOKEN,
  GITLAB_GROUP,
  GITLAB_TOKEN,
  gitRequests,
  Hosted,
  productionValues,
  startHostedBackends,
  stopHostedBackends,
} from './hostedSetup';

jest.setTimeout(300_000);

const workDir = runDir('template-upgrade-hosted');
const CHECK = 'template-upgrades-check';
const TEMPLATE_REF = 'template:default/microservice';
const BRANCH = `runway/upgrade-microservice-${FIXTURE_VERSION}`;
const GITHUB_OWNER = 'acme-services';

/** A pull or merge request as the host holds it. */
type HeldRequest = {
  number: number;
  open: boolean;
  head: string;
  base: string;
  title: string;
  body: string;
  url: string;
  labels: string[];
};

type Provider = {
  provider: 'github' | 'gitlab';
  name: string;
  ci: 'github-actions' | 'gitlab-ci';
  repoOwner?: string;
  /** Owner (GitHub organisation, GitLab group path) of the repository. */
  owner: string;
  /** The backend's copy of templates/microservice. */
  templateCopy: string;
  setup(): Hosted<FakeGitHost>;
  /** The requests the host holds for the service's repository. */
  held(): HeldRequest[];
  /** The pipeline file the fixture changes, if it is this service's. */
  pipelineFile?: string;
  /** The calls that look up, open and label requests, as `METHOD path status`. */
  requestCalls(number: number): string[];
  /** The query of the lookup of an open request for the branch. */
  lookupQuery: Record<string, string>;
  webUrl(number: number): string;
  /** Whether an API call carried the integration's token. */
  tokenOf(call: HostCall): boolean;
  gitCredential: string;
  /** Opens a second request for the branch on the host's API: its status. */
  openDuplicate(): Promise<number>;
};

let github: Hosted<FakeGitHubHost>;
let gitlab: Hosted<FakeGitLabHost>;

const copyOf = (provider: string) =>
  path.join(workDir, 'templates', provider, 'microservice');

const PROVIDERS: Provider[] = [
  {
    provider: 'github',
    name: 'ledger-upgrade',
    ci: 'github-actions',
    repoOwner: GITHUB_OWNER,
    owner: GITHUB_OWNER,
    templateCopy: copyOf('github'),
    setup: () => github,
    held: () =>
      github.host.pullRequests
        .filter(pr => pr.owner === GITHUB_OWNER && pr.repo === 'ledger-upgrade')
        .map(pr => ({
          number: pr.number,
          open: pr.state === 'open',
          head: pr.head,
          base: pr.base,
          title: pr.title,
          body: pr.body,
          url: pr.html_url,
          labels: pr.labels,
        })),
    pipelineFile: '.github/workflows/ci.yaml',
    requestCalls: n => {
      const repo = `/api/v3/repos/${GITHUB_OWNER}/ledger-upgrade`;
      return [
        `GET ${repo}/pulls 200`,
        `POST ${repo}/pulls 201`,
        `POST ${repo}/issues/${n}/labels 200`,
      ];
    },
    lookupQuery: { state: 'open', head: `${GITHUB_OWNER}:${BRANCH}` },
    webUrl: n => `${github.host.url}/${GITHUB_OWNER}/ledger-upgrade/pull/${n}`,
    tokenOf: c =>
      c.authorization === `token ${GITHUB_TOKEN}` ||
      c.authorization === `Bearer ${GITHUB_TOKEN}`,
    gitCredential: basic('x-access-token', GITHUB_TOKEN),
    openDuplicate: async () =>
      (
        await fetch(
          `${github.host.url}/api/v3/repos/${GITHUB_OWNER}/ledger-upgrade/pulls`,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${GITHUB_TOKEN}`,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              title: 'again',
              head: BRANCH,
              base: 'main',
            }),
          },
        )
      ).status,
  },
  {
    provider: 'gitlab',
    name: 'refunds-upgrade',
    ci: 'gitlab-ci',
    owner: GITLAB_GROUP,
    templateCopy: copyOf('gitlab'),
    setup: () => gitlab,
    held: () =>
      gitlab.host.mergeRequests
        .filter(mr => mr.project === `${GITLAB_GROUP}/refunds-upgrade`)
        .map(mr => ({
          number: mr.iid,
          open: mr.state === 'opened',
          head: mr.source_branch,
          base: mr.target_branch,
          title: mr.title,
          body: mr.description,
          url: mr.web_url,
          labels: mr.labels,
        })),
    requestCalls: () => {
      const project = `/api/v4/projects/${GITLAB_GROUP}/refunds-upgrade`;
      return [
        `GET ${project}/merge_requests 200`,
        `POST ${project}/merge_requests 201`,
      ];
    },
    lookupQuery: { state: 'opened', source_branch: BRANCH },
    webUrl: n =>
      `${gitlab.host.url}/${GITLAB_GROUP}/refunds-upgrade/-/merge_requests/${n}`,
    tokenOf: c =>
      c.privateToken === GITLAB_TOKEN ||
      c.authorization === `Bearer ${GITLAB_TOKEN}`,
    gitCredential: basic('oauth2', GITLAB_TOKEN),
    openDuplicate: async () =>
      (
        await fetch(
          `${gitlab.host.url}/api/v4/projects/${encodeURIComponent(
            `${GITLAB_GROUP}/refunds-upgrade`,
          )}/merge_requests`,
          {
            method: 'POST',
            headers: {
              'private-token': GITLAB_TOKEN,
              'content-type': 'application/json',
            },
            body: JSON.stringify({
              title: 'again',
              source_branch: BRANCH,
              target_branch: 'main',
            }),
          },
        )
      ).status,
  },
];

beforeAll(async () => {
  for (const p of PROVIDERS) {
    fs.cpSync(TEMPLATE_DIR, p.templateCopy, { recursive: true });
  }
  const template = (p: Provider) =>
    path.join(p.templateCopy, 'template.production.yaml');
  ({ github, gitlab } = await startHostedBackends({
    workDir,
    templateFiles: {
      github: template(PROVIDERS[0]),
      gitlab: template(PROVIDERS[1]),
    },
    // upgrades clone and push at the integration's host
    githubOnFakeHost: true,
    // the test runs the check itself
    config: { templateUpgrades: { checkMinutes: 1440 } },
  }));
});

afterAll(async () => {
  await stopHostedBackends(github, gitlab);
});

/** The calls that open or look up requests (the catalog's reads left out). */
const isRequestCall = (c: HostCall) =>
  !c.git && /\/(pulls|issues|merge_requests)(\/|$)/.test(c.path);

describe.each(PROVIDERS)('template upgrade on $provider', p => {
  const setup = () => p.setup();
  const bare = () => setup().host.bareRepo(p.owner, p.name);
  const revParse = (ref: string) =>
    execFileSync('git', ['--git-dir', bare(), 'rev-parse', ref])
      .toString()
      .trim();
  const show = (ref: string, file: string) =>
    execFileSync('git', [
      '--git-dir',
      bare(),
      'show',
      `${ref}:${file}`,
    ]).toString();
  const check = () =>
    runScheduledTask(
      setup().backend.baseUrl,
      setup().token,
      'template-upgrades',
      CHECK,
    );
  const fleet = async () => {
    const body = await api<FleetResponse>(
      setup().backend.baseUrl,
      setup().token,
      '/api/template-upgrades/fleet',
    );
    const template = body.templates.find(t => t.templateRef === TEMPLATE_REF);
    return {
      template,
      service: template?.services.find(
        s => s.entityRef === `component:default/${p.name}`,
      ),
    };
  };
  const upgrade = () =>
    fetch(
      `${
        setup().backend.baseUrl
      }/api/template-upgrades/entity/component/default/${p.name}/upgrade`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${setup().token}` },
      },
    );
  /** Calls from the service's creation on. */
  let created = 0;
  let opened: UpgradeResponse;

  it('creates a Go service at 1.0.0 whose files are what 1.0.0 renders', async () => {
    expectCompleted(
      await runTask(
        setup().backend,
        setup().token,
        'microservice',
        productionValues(p.name, p.ci, {
          repoOwner: p.repoOwner,
          language: 'go',
        }),
      ),
    );
    created = setup().host.calls.length;
    await waitForEntities(
      setup().backend.baseUrl,
      `kind=component,metadata.name=${p.name}`,
      { count: 1, timeoutMs: 60_000 },
    );
    await check();
    const { service } = await fleet();
    expect(service).toMatchObject({
      version: '1.0.0',
      latestVersion: '1.0.0',
      behind: false,
    });
    expect(service?.problem).toBeUndefined();
    expect(service?.drift?.changedFiles).toEqual([]);
    // the check read the service with a clone over git smart HTTP
    const gitPath = `/${p.owner}/${p.name}.git`;
    expect(gitRequests(setup().host.calls.slice(created))).toContain(
      `GET ${gitPath}/info/refs?service=git-upload-pack 200`,
    );
  });

  it('falls behind once the fixture 1.1.0 is out', async () => {
    publishFixtureVersion(p.templateCopy);
    await refreshTemplate(
      setup().backend.baseUrl,
      setup().token,
      FIXTURE_VERSION,
    );
    await check();
    const { template, service } = await fleet();
    expect(template?.archivedVersions).toEqual([FIXTURE_VERSION, '1.0.0']);
    expect(service).toMatchObject({
      version: '1.0.0',
      latestVersion: FIXTURE_VERSION,
      behind: true,
    });
    expect(service?.drift?.changedFiles).toEqual([]);
  });

  it('pushes the upgrade branch and opens one request, never on the default branch', async () => {
    const mainBefore = revParse('main');
    const before = setup().host.calls.length;
    const res = await upgrade();
    expect(res.status).toBe(201);
    opened = (await res.json()) as UpgradeResponse;
    expect(opened.created).toBe(true);
    const { request } = opened;
    expect(request).toMatchObject({
      entityRef: `component:default/${p.name}`,
      templateRef: TEMPLATE_REF,
      provider: p.provider,
      branch: BRANCH,
      fromVersion: '1.0.0',
      toVersion: FIXTURE_VERSION,
      conflicts: [],
      createdBy: 'user:default/guest',
    });
    expect(request.number).toEqual(expect.any(Number));
    expect(request.url).toBe(p.webUrl(request.number!));
    // the fixture's files, and the version the service records
    expect(request.changedFiles.map(f => f.path)).toEqual(
      expect.arrayContaining([
        '.runway-answers.yaml',
        'Dockerfile',
        'catalog-info.yaml',
        'k8s/base/deployment.yaml',
        ...(p.pipelineFile ? [p.pipelineFile] : []),
      ]),
    );

    const held = p.held();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({
      number: request.number,
      open: true,
      head: BRANCH,
      base: 'main',
      url: request.url,
      labels: ['template-upgrade'],
    });
    expect(
      held[0].title.startsWith(`Upgrade to ${TEMPLATE_REF} ${FIXTURE_VERSION}`),
    ).toBe(true);
    for (const file of request.changedFiles) {
      expect(held[0].body).toContain(`- ${file.change}: \`${file.path}\``);
    }
    expect(held[0].body).toContain('## Conflicts: none');

    // the default branch is untouched; the branch has the fixture's change
    expect(revParse('main')).toBe(mainBefore);
    expect(show(BRANCH, 'Dockerfile')).toContain(FIXTURE_DOCKERFILE_LINE);
    expect(show('main', 'Dockerfile')).not.toContain(FIXTURE_DOCKERFILE_LINE);
    expect(show(BRANCH, '.runway-answers.yaml')).toContain(FIXTURE_VERSION);

    // the lookup of an open request, then the request (then its labels)
    const calls = setup().host.calls.slice(before);
    const requestCalls = calls.filter(isRequestCall);
    expect(requestCalls.map(c => `${c.method} ${c.path} ${c.status}`)).toEqual(
      p.requestCalls(request.number!),
    );
    expect(requestCalls[0].query).toEqual(p.lookupQuery);
    // the branch was pushed (over git, with the token) before the request
    const gitPath = `/${p.owner}/${p.name}.git`;
    const push = calls.findIndex(
      c =>
        c.git &&
        c.method === 'POST' &&
        c.path === `${gitPath}/git-receive-pack`,
    );
    expect(push).toBeGreaterThanOrEqual(0);
    expect(push).toBeLessThan(calls.indexOf(requestCalls[1]));
    expect(gitRequests(calls)).toEqual(
      expect.arrayContaining([
        `GET ${gitPath}/info/refs?service=git-upload-pack 200`,
        `POST ${gitPath}/git-upload-pack 200`,
        `GET ${gitPath}/info/refs?service=git-receive-pack 200`,
        `POST ${gitPath}/git-receive-pack 200`,
      ]),
    );
  });

  it('asked again, answers the same request and opens nothing new', async () => {
    const before = setup().host.calls.length;
    const branchHead = revParse(BRANCH);
    const res = await upgrade();
    expect(res.status).toBe(200);
    const again = (await res.json()) as UpgradeResponse;
    expect(again).toEqual({ ...opened, created: false });
    expect(p.held()).toHaveLength(1);
    expect(revParse(BRANCH)).toBe(branchHead);
    expect(
      setup()
        .host.calls.slice(before)
        .filter(c => c.git || isRequestCall(c)),
    ).toEqual([]);
    // and the host refuses a second open request for the branch, as GitHub
    // (422) and GitLab (409) do
    expect(await p.openDuplicate()).toBe(p.provider === 'github' ? 422 : 409);
    expect(p.held()).toHaveLength(1);
  });

  it("carried the integration's token on every API and git call", () => {
    const calls = setup().host.calls.slice(created);
    // git sends the token up front (http.extraHeader): never refused
    expect(
      calls
        .filter(c => c.git)
        .filter(c => c.authorization !== p.gitCredential || c.status !== 200),
    ).toEqual([]);
    expect(calls.filter(c => !c.git && !p.tokenOf(c))).toEqual([]);
    expect(calls.filter(isRequestCall).length).toBeGreaterThan(0);
  });
});
