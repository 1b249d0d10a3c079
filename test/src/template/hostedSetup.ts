/*
 * Two real backends configured as in production, one with
 * `runwayTemplates.publish.provider: github`, one with `gitlab`, each
 * against its loopback fake host (fakeGitHosts.ts) and with the production
 * catalog: what productionPublish.test.ts and upgradeHosted.test.ts run the
 * production template (template.production.yaml) on.
 */
import path from 'node:path';
import {
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { freePort, ROOT } from '../harness/processes';
import {
  FakeGitHost,
  FakeGitHubHost,
  HostCall,
  fakeGitHubHost,
  FakeGitLabHost,
  fakeGitLabHost,
} from './fakeGitHosts';

/**
 * The GitHub integration's host by default: a name that does not resolve,
 * so publish:github and the catalog reach the fake only through its API
 * (apiBaseUrl) and the clone_url the API answers.
 */
export const GITHUB_HOST = 'github.runway.test';
export const GITHUB_TOKEN = 'github-test-token';
export const GITLAB_TOKEN = 'gitlab-test-token';
/** runwayTemplates.publish.owner of the GitLab backend. */
export const GITLAB_GROUP = 'payments/core';

export const PRODUCTION_TEMPLATE = path.join(
  ROOT,
  'templates/microservice/template.production.yaml',
);

/**
 * The production catalog: the org, the systems and the production template
 * (which shares the development template's name, so that one is left out),
 * plus the development guest user the tests sign in as.
 */
export function productionLocations(templateFile = PRODUCTION_TEMPLATE) {
  return [
    { target: path.join(ROOT, 'catalog/org.yaml'), allow: ['User', 'Group'] },
    {
      target: path.join(ROOT, 'catalog/systems.yaml'),
      allow: ['Domain', 'System'],
    },
    { target: templateFile, allow: ['Template'] },
    { target: path.join(ROOT, 'catalog/dev/guest.yaml'), allow: ['User'] },
  ].map(l => ({
    type: 'file',
    target: l.target,
    rules: [{ allow: l.allow }],
  }));
}

export type Hosted<H extends FakeGitHost> = {
  backend: Backend;
  /** A guest token (guest holds the ops role in development). */
  token: string;
  host: H;
};

async function start<H extends FakeGitHost>(options: {
  dir: string;
  host: H;
  templateFile?: string;
  config: Record<string, unknown>;
}): Promise<Hosted<H>> {
  const backend = await startBackend({
    port: await freePort(),
    dir: options.dir,
    config: {
      catalog: { locations: productionLocations(options.templateFile) },
      ...options.config,
    },
  });
  await waitForEntities(
    backend.baseUrl,
    'kind=template,metadata.name=microservice',
    { count: 1 },
  );
  await waitForEntities(backend.baseUrl, 'kind=group', { count: 3 });
  await waitForEntities(backend.baseUrl, 'kind=system', { count: 3 });
  return {
    backend,
    token: await guestToken(backend.baseUrl),
    host: options.host,
  };
}

/**
 * Starts the fake GitHub and GitLab hosts (repositories under `workDir`)
 * and a backend for each, side by side (start-up dominates the suites'
 * time). The GitLab integration's host is its fake's host:port.
 */
export async function startHostedBackends(options: {
  workDir: string;
  /** The production template file of each backend; default the repository's. */
  templateFiles?: { github: string; gitlab: string };
  /**
   * The GitHub integration's host is the fake's own host:port (its git and
   * web host, as github.com is both), not GITHUB_HOST: for what reaches a
   * repository over git at the integration's host, as template upgrades do.
   */
  githubOnFakeHost?: boolean;
  /** More config for both backends. */
  config?: Record<string, unknown>;
}): Promise<{
  github: Hosted<FakeGitHubHost>;
  gitlab: Hosted<FakeGitLabHost>;
}> {
  const { workDir } = options;
  const githubHost = await fakeGitHubHost({
    root: path.join(workDir, 'github-repos'),
    token: GITHUB_TOKEN,
    htmlHost: options.githubOnFakeHost ? undefined : GITHUB_HOST,
  });
  const gitlabHost = await fakeGitLabHost({
    root: path.join(workDir, 'gitlab-repos'),
    token: GITLAB_TOKEN,
  });
  const githubIntegrationHost = options.githubOnFakeHost
    ? githubHost.host
    : GITHUB_HOST;
  const started = await Promise.allSettled([
    start({
      dir: path.join(workDir, 'github'),
      host: githubHost,
      templateFile: options.templateFiles?.github,
      config: {
        runwayTemplates: {
          publish: {
            provider: 'github',
            host: githubIntegrationHost,
            owner: 'acme',
          },
        },
        integrations: {
          github: [
            {
              host: githubIntegrationHost,
              apiBaseUrl: `${githubHost.url}/api/v3`,
              token: GITHUB_TOKEN,
            },
          ],
        },
        ...options.config,
      },
    }),
    start({
      dir: path.join(workDir, 'gitlab'),
      host: gitlabHost,
      templateFile: options.templateFiles?.gitlab,
      config: {
        runwayTemplates: {
          publish: {
            provider: 'gitlab',
            host: gitlabHost.host,
            owner: GITLAB_GROUP,
          },
        },
        integrations: {
          gitlab: [
            {
              host: gitlabHost.host,
              baseUrl: gitlabHost.url,
              apiBaseUrl: `${gitlabHost.url}/api/v4`,
              token: GITLAB_TOKEN,
            },
          ],
        },
        ...options.config,
      },
    }),
  ] as const);
  const [github, gitlab] = started;
  if (github.status === 'fulfilled' && gitlab.status === 'fulfilled') {
    return { github: github.value, gitlab: gitlab.value };
  }
  // one did not start: stop the other and the hosts
  await Promise.all(
    started.map(s =>
      s.status === 'fulfilled' ? s.value.backend.stop() : undefined,
    ),
  );
  await Promise.all([githubHost.stop(), gitlabHost.stop()]);
  throw started.find(s => s.status === 'rejected')?.reason;
}

/** Stops the backends, then their hosts. */
export async function stopHostedBackends(
  ...setups: (Hosted<FakeGitHost> | undefined)[]
): Promise<void> {
  await Promise.all(setups.map(s => s?.backend.stop()));
  await Promise.all(setups.map(s => s?.host.stop()));
}

/** The production template's form values of a service. */
export function productionValues(
  name: string,
  ci: string,
  options: { repoOwner?: string; language?: string } = {},
) {
  return {
    name,
    description: `${name}: published by the production template`,
    owner: 'group:default/team-checkout',
    system: 'system:default/storefront',
    language: options.language ?? 'typescript',
    ci,
    tier: '2',
    database: 'none',
    queue: 'none',
    exposure: 'internal',
    ...(options.repoOwner ? { repoOwner: options.repoOwner } : {}),
  };
}

/** A Basic credential, as git sends it. */
export const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** `METHOD /path status` of the git smart HTTP requests, in order. */
export const gitRequests = (calls: HostCall[]) =>
  calls
    .filter(c => c.git)
    .map(
      c =>
        `${c.method} ${c.path}${
          c.query.service ? `?service=${c.query.service}` : ''
        } ${c.status}`,
    );
