/**
 * Repositories on the rehearsal's GitHub host (test/src/template/fakeGitHosts.ts
 * serves the bare repositories under `<rehearsal dir>/github`): a developer
 * pushes their own, and the suite reads what the host holds afterwards
 * (nothing written).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GITHUB } from '../rehearsal/site';
import { abuseState } from './client';

/** The folder of the GitHub host's bare repositories. */
export function githubRoot(): string {
  return path.join(abuseState().dir, 'github');
}

export function bareRepo(name: string, owner = GITHUB.owner): string {
  return path.join(githubRoot(), owner, `${name}.git`);
}

/** `https://<host>/<owner>/<name>/blob/main/<file>`: what a developer registers. */
export function blobUrl(name: string, file: string): string {
  return `https://${GITHUB.host}/${GITHUB.owner}/${name}/blob/main/${file}`;
}

const git = (args: string[], cwd?: string) =>
  execFileSync('git', args, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: os.tmpdir(),
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'Grace',
      GIT_AUTHOR_EMAIL: 'grace.checkout@runway.example.com',
      GIT_COMMITTER_NAME: 'Grace',
      GIT_COMMITTER_EMAIL: 'grace.checkout@runway.example.com',
    },
  }).toString();

/**
 * Creates (or replaces) `<owner>/<name>` on the host with `files` on `main`,
 * as a push by its developer would.
 */
export function pushRepo(name: string, files: Record<string, string>) {
  const bare = bareRepo(name);
  fs.rmSync(bare, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(bare), { recursive: true });
  git(['init', '--quiet', '--bare', '--initial-branch=main', bare]);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'abuse-repo-'));
  try {
    git(['init', '--quiet', '--initial-branch=main', work]);
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true });
      fs.writeFileSync(path.join(work, file), content);
    }
    git(['add', '-A'], work);
    git(['commit', '--quiet', '-m', 'catalog-info'], work);
    git(['push', '--quiet', bare, 'main'], work);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Every ref of a repository and its commit: its state, to compare. */
export function refsOf(name: string): string {
  const bare = bareRepo(name);
  if (!fs.existsSync(bare)) return '(no repository)';
  return git([
    '--git-dir',
    bare,
    'for-each-ref',
    '--format=%(refname) %(objectname)',
  ]);
}

/** The repositories the host holds, as `<owner>/<name>`. */
export function repositories(): string[] {
  const root = githubRoot();
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .flatMap(owner =>
      fs
        .readdirSync(path.join(root, owner))
        .filter(r => r.endsWith('.git'))
        .map(r => `${owner}/${r.replace(/\.git$/, '')}`),
    )
    .sort();
}
