import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commitAll, git } from './git';

/**
 * A repository whose config and hooks would each leave a marker file in
 * `markers` if git ran them: an fsmonitor command, pre-commit and
 * post-commit hooks, and a clean filter for every file.
 */
function hostileRepo() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-git-'));
  const repo = path.join(root, 'repo');
  const markers = path.join(root, 'markers');
  fs.mkdirSync(markers);
  const plain = (args: string[]) =>
    execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
  fs.mkdirSync(repo);
  plain(['init', '--quiet', '--initial-branch=main']);
  const script = (name: string) => {
    const file = path.join(root, `${name}.sh`);
    fs.writeFileSync(
      file,
      `#!/bin/sh\ntouch "${path.join(markers, name)}"\ncat\n`,
      { mode: 0o755 },
    );
    return file;
  };
  plain(['config', 'core.fsmonitor', script('fsmonitor')]);
  plain(['config', 'filter.evil.clean', script('filter')]);
  for (const hook of ['pre-commit', 'post-commit']) {
    fs.copyFileSync(script(hook), path.join(repo, '.git', 'hooks', hook));
    fs.chmodSync(path.join(repo, '.git', 'hooks', hook), 0o755);
  }
  fs.writeFileSync(path.join(repo, '.gitattributes'), '* filter=evil\n');
  fs.writeFileSync(path.join(repo, 'README.md'), '# orders-api\n');
  return { root, repo, markers, plain };
}

const env = {
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@t',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@t',
};

describe('git', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("commits without running the repository's fsmonitor, hooks or filters", async () => {
    const { repo, markers } = hostileRepo();
    const hash = await commitAll(repo, 'Create orders-api');
    expect(hash).toMatch(/^[0-9a-f]{40}$/);
    expect(await git(['log', '-1', '--format=%an %s'], repo)).toBe(
      'Runway Create orders-api',
    );
    expect(await git(['ls-files'], repo)).toBe('.gitattributes\nREADME.md');
    expect(fs.readdirSync(markers)).toEqual([]);
    // nothing left to commit
    expect(await commitAll(repo, 'again')).toBeUndefined();
    expect(fs.readdirSync(markers)).toEqual([]);
  });

  it('the same repository does run them under plain git (the test can see them)', () => {
    const { markers, plain } = hostileRepo();
    process.env = { ...process.env, ...env };
    plain(['add', '--all']);
    plain(['commit', '--quiet', '-m', 'x']);
    expect(fs.readdirSync(markers).sort()).toEqual([
      'filter',
      'fsmonitor',
      'post-commit',
      'pre-commit',
    ]);
  });

  it('ignores an inherited GIT_DIR and GIT_INDEX_FILE', async () => {
    const { root, repo, markers, plain } = hostileRepo();
    const bare = path.join(root, 'bare.git');
    execFileSync('git', ['init', '--quiet', '--bare', bare]);
    plain(['remote', 'add', 'origin', bare]);
    process.env.GIT_DIR = path.join(root, 'elsewhere');
    process.env.GIT_INDEX_FILE = path.join(root, 'index');
    await commitAll(repo, 'Create orders-api');
    await git(['push', '--quiet', 'origin', 'main'], repo);
    expect(await git(['log', '-1', '--format=%s', 'main'], bare)).toBe(
      'Create orders-api',
    );
    expect(fs.readdirSync(markers)).toEqual([]);
    expect(fs.readdirSync(root)).not.toContain('elsewhere');
    expect(fs.readdirSync(root)).not.toContain('index');
  });

  it("refuses a repository whose config names its remote's programs", async () => {
    const { root, repo, markers, plain } = hostileRepo();
    const bare = path.join(root, 'bare.git');
    execFileSync('git', ['init', '--quiet', '--bare', bare]);
    plain(['remote', 'add', 'origin', bare]);
    const receive = path.join(root, 'receive.sh');
    fs.writeFileSync(
      receive,
      `#!/bin/sh\ntouch "${path.join(
        markers,
        'receivepack',
      )}"\nexec git-receive-pack "$@"\n`,
      { mode: 0o755 },
    );
    plain(['config', 'remote.origin.receivepack', receive]);
    // commands that do not talk to the remote still run
    expect(await commitAll(repo, 'Create orders-api')).toBeDefined();
    await expect(
      git(['push', '--quiet', 'origin', 'main'], repo),
    ).rejects.toThrow(
      `the git repository at ${repo} sets remote.origin.receivepack`,
    );
    expect(fs.readdirSync(markers)).toEqual([]);
  });

  it('reaches only local repositories', async () => {
    const { repo } = hostileRepo();
    await expect(
      git(['ls-remote', 'https://example.invalid/acme/x.git'], repo),
    ).rejects.toThrow(
      /^git ls-remote in .* failed \(exit 128\): .*transport 'https' not allowed/s,
    );
  });

  it('stops a command that outlives its timeout', async () => {
    const { repo } = hostileRepo();
    // hash-object --stdin waits for input that never comes
    await expect(
      git(['hash-object', '--stdin'], repo, { timeoutMs: 300 }),
    ).rejects.toThrow(/^git hash-object in .* timed out after 300 ms$/);
  });
});
