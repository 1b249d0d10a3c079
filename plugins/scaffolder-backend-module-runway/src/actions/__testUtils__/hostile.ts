import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A place outside every workspace for the abuse tests: `markers` collects
 * a file for every command a hostile `.git` manages to make git run, and
 * `script(name)` is such a command.
 */
export function outsideWorld() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-outside-'));
  const markers = path.join(root, 'markers');
  fs.mkdirSync(markers);
  const script = (name: string) => {
    const file = path.join(root, `${name}.sh`);
    fs.writeFileSync(
      file,
      `#!/bin/sh\ntouch "${path.join(markers, name)}"\ncat >/dev/null\n`,
      { mode: 0o755 },
    );
    return file;
  };
  return { root, markers, script };
}

/** Plain git, as a developer would run it (hooks and config apply). */
export function plainGit(args: string[], cwd: string): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('GIT_')) env[k] = v;
  }
  return execFileSync('git', args, {
    cwd,
    stdio: 'pipe',
    env: {
      ...env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  })
    .toString()
    .trim();
}

/** A repository outside the workspace with one commit (`outside.txt`). */
export function outsideRepo(root: string) {
  const repo = path.join(root, 'outside-repo');
  fs.mkdirSync(repo);
  plainGit(['init', '--quiet', '--initial-branch=main'], repo);
  fs.writeFileSync(path.join(repo, 'outside.txt'), 'not for publishing\n');
  plainGit(['add', '--all'], repo);
  plainGit(['commit', '--quiet', '-m', 'outside'], repo);
  return { repo, head: () => plainGit(['rev-parse', 'HEAD'], repo) };
}

/** Every file of every commit on `ref` of `repo`, with its mode. */
export function publishedTree(repo: string, ref = 'main') {
  return plainGit(['ls-tree', '-r', '--full-tree', ref], repo)
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const [meta, name] = line.split('\t');
      return `${meta.split(' ')[0]} ${name}`;
    });
}
