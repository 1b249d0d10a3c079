/*
 * A service's repository as upgrades reach it: development's local bare
 * repositories (runway:publish:local), or a GitHub or GitLab repository of a
 * configured integration. Files are read from a shallow clone of the default
 * branch in a fresh temporary folder; an upgrade commits there and pushes a
 * branch of its own, never the default branch. git runs without hooks,
 * without the system or user config, and without any GIT_* variable of the
 * backend's environment.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import {
  DefaultGithubCredentialsProvider,
  getGitLabIntegrationRelativePath,
  ScmIntegrations,
} from '@backstage/integration';
import { FileTree } from './merge';

const run = promisify(execFile);

/** Where a service's repository lives, as upgrades reach it. */
export type RepositoryRef =
  | { provider: 'local'; bare: string }
  | {
      provider: 'github';
      host: string;
      owner: string;
      repo: string;
      cloneUrl: string;
      apiBaseUrl: string;
    }
  | {
      provider: 'gitlab';
      host: string;
      project: string;
      cloneUrl: string;
      apiBaseUrl: string;
    };

/** A checkout of a repository's default branch, with its files read. */
export type Checkout = {
  dir: string;
  /** The default branch's name and commit. */
  branch: string;
  commit: string;
  files: FileTree;
  executable: Set<string>;
};

/** Bounds on a service repository an upgrade reads. */
const MAX_FILES = 5000;
const MAX_BYTES = 64 * 1024 * 1024;
const GIT_TIMEOUT_MS = 120_000;

/**
 * The repository of `entity` from its `backstage.io/managed-by-location`;
 * a string saying why there is none Runway can reach.
 */
export function repositoryOf(
  entity: Entity,
  options: { localDirectory?: string; integrations: ScmIntegrations },
): RepositoryRef | string {
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location) return 'the entity has no managed-by-location';
  let ref: { type: string; target: string };
  try {
    ref = parseLocationRef(location);
  } catch {
    return `its location ${location} cannot be read`;
  }
  if (ref.type === 'file') {
    const dir = options.localDirectory;
    const checkout = path.dirname(ref.target);
    if (!dir || path.dirname(checkout) !== path.resolve(dir)) {
      return `its location ${location} is not a local repository of runwayTemplates.publish.local`;
    }
    return { provider: 'local', bare: `${checkout}.git` };
  }
  if (ref.type !== 'url')
    return `its location type ${ref.type} is not a repository`;
  const url = new URL(ref.target);
  const github = options.integrations.github.byUrl(ref.target);
  if (github) {
    const [owner, repo] = url.pathname.split('/').filter(Boolean);
    if (!owner || !repo) return `${ref.target} names no GitHub repository`;
    const apiBaseUrl = github.config.apiBaseUrl ?? 'https://api.github.com';
    const protocol = new URL(apiBaseUrl).protocol;
    return {
      provider: 'github',
      host: url.host,
      owner,
      repo,
      cloneUrl: `${protocol}//${url.host}/${owner}/${repo}.git`,
      apiBaseUrl,
    };
  }
  const gitlab = options.integrations.gitlab.byUrl(ref.target);
  if (gitlab) {
    const [projectPath] = url.pathname.split('/-/');
    // a GitLab served under a path (baseUrl https://host/gitlab): the
    // project's path follows it
    const relative = getGitLabIntegrationRelativePath(gitlab.config);
    if (relative && !projectPath.startsWith(`${relative}/`)) {
      return `${ref.target} is not under the GitLab integration's ${gitlab.config.baseUrl}`;
    }
    const project = projectPath
      .slice(relative.length)
      .replace(/^\/+|\/+$/g, '');
    if (!project.includes('/')) return `${ref.target} names no GitLab project`;
    const baseUrl = gitlab.config.baseUrl ?? `https://${url.host}`;
    return {
      provider: 'gitlab',
      host: url.host,
      project,
      cloneUrl: `${baseUrl.replace(/\/+$/, '')}/${project}.git`,
      apiBaseUrl: gitlab.config.apiBaseUrl ?? `${baseUrl}/api/v4`,
    };
  }
  return `no GitHub or GitLab integration is configured for ${url.host}`;
}

/** Runs git for upgrades; reaches remotes with an integration's token. */
export class RepositoryGit {
  private readonly github: DefaultGithubCredentialsProvider;

  constructor(private readonly integrations: ScmIntegrations) {
    this.github =
      DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  }

  /** The token for a repository's API and git calls (none for local). */
  async token(repo: RepositoryRef): Promise<string | undefined> {
    if (repo.provider === 'github') {
      const { token } = await this.github.getCredentials({
        url: `https://${repo.host}/${repo.owner}/${repo.repo}`,
      });
      return token;
    }
    if (repo.provider === 'gitlab') {
      return this.integrations.gitlab.byHost(repo.host)?.config.token;
    }
    return undefined;
  }

  /** The commit the default branch (the remote's HEAD) points at, without a clone. */
  async headCommit(repo: RepositoryRef): Promise<string> {
    const source = repo.provider === 'local' ? repo.bare : repo.cloneUrl;
    const out = await git(
      ['ls-remote', source, 'HEAD'],
      os.tmpdir(),
      await this.remoteEnv(repo),
    );
    const commit = out.split(/\s/)[0];
    if (!/^[0-9a-f]{40,64}$/.test(commit)) {
      throw new Error('git ls-remote named no HEAD commit');
    }
    return commit;
  }

  /** A shallow clone of the default branch, with every tracked file read. */
  async checkout(repo: RepositoryRef): Promise<Checkout> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-upgrade-'));
    try {
      const source = repo.provider === 'local' ? repo.bare : repo.cloneUrl;
      const env = await this.remoteEnv(repo);
      await git(
        ['clone', '--quiet', '--depth', '1', source, dir],
        os.tmpdir(),
        env,
      );
      const branch = await git(['rev-parse', '--abbrev-ref', 'HEAD'], dir);
      const commit = await git(['rev-parse', 'HEAD'], dir);
      const listing = await git(['ls-files', '-s', '-z'], dir);
      const files: FileTree = new Map();
      const executable = new Set<string>();
      let bytes = 0;
      for (const entry of listing.split('\0').filter(Boolean)) {
        // <mode> <object> <stage>\t<path>
        const [meta, file] = entry.split('\t');
        const mode = meta.split(' ')[0];
        if (mode === '120000' || mode === '160000') continue; // links, submodules
        const content = await fs.readFile(path.join(dir, file));
        bytes += content.length;
        if (files.size >= MAX_FILES || bytes > MAX_BYTES) {
          throw new Error(
            `the repository has more than ${MAX_FILES} files or ${MAX_BYTES} bytes`,
          );
        }
        files.set(file, content);
        if (mode === '100755') executable.add(file);
      }
      return { dir, branch, commit, files, executable };
    } catch (error) {
      await fs.rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Writes the upgrade into the checkout on `branch` (from the default
   * branch), commits it and pushes that branch (replacing an earlier push of
   * the same upgrade branch, which only Runway writes).
   */
  async pushBranch(
    repo: RepositoryRef,
    checkout: Checkout,
    change: {
      branch: string;
      writes: Map<string, Buffer | null>;
      executable: Set<string>;
      message: string;
    },
  ): Promise<void> {
    const { dir } = checkout;
    await git(['checkout', '--quiet', '-b', change.branch], dir);
    for (const [file, content] of change.writes) {
      const target = path.join(dir, file);
      if (!target.startsWith(dir + path.sep)) {
        throw new Error(`refusing to write ${file} outside the repository`);
      }
      if (content === null) {
        await fs.rm(target, { force: true });
        continue;
      }
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, content);
      await fs.chmod(target, change.executable.has(file) ? 0o755 : 0o644);
    }
    await git(['add', '--all'], dir);
    await git(['commit', '--quiet', '--no-verify', '-m', change.message], dir);
    await git(
      [
        'push',
        '--quiet',
        '--force',
        'origin',
        `HEAD:refs/heads/${change.branch}`,
      ],
      dir,
      await this.remoteEnv(repo),
    );
  }

  /** Credentials for git over HTTP(S), as an extra header in the env. */
  private async remoteEnv(
    repo: RepositoryRef,
  ): Promise<Record<string, string>> {
    const token = await this.token(repo);
    if (!token) return {};
    const user = repo.provider === 'gitlab' ? 'oauth2' : 'x-access-token';
    const basic = Buffer.from(`${user}:${token}`).toString('base64');
    return {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    };
  }
}

/** Config given to every git command of the upgrades. */
const HARDENING = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'commit.gpgSign=false',
  'submodule.recurse=false',
  'protocol.allow=never',
  'protocol.file.allow=always',
  'protocol.http.allow=always',
  'protocol.https.allow=always',
  'user.name=Runway',
  'user.email=runway@localhost',
];

async function git(
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.toUpperCase().startsWith('GIT_')) env[key] = value;
  }
  Object.assign(env, extraEnv, {
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
  });
  try {
    const { stdout } = await run(
      'git',
      [...HARDENING.flatMap(c => ['-c', c]), ...args],
      { cwd, env, timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
    );
    return stdout.trim();
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    // never the header: git does not print it, and the message holds argv only
    throw new Error(`git ${args[0]} failed: ${(e.stderr ?? e.message).trim()}`);
  }
}
