/*
 * The local repositories of development (runway:publish:local) as the docs
 * actions reach them: a bare repository is trusted only when its real path
 * is directly inside the configured folder, and a clone in the workspace is
 * read as files, never handed to git, so whatever a template wrote into its
 * `.git` cannot choose where Runway pushes or what git runs.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { git } from './git';

/**
 * The real path of the bare repository `candidate`: a folder `<name>.git`
 * whose real path (symbolic links resolved) lies directly inside the real
 * path of `directory`, and that git calls a bare repository. Anything else
 * is refused with an `InputError` naming `field`.
 */
export async function localBareRepository(
  directory: string,
  candidate: string,
  field: string,
): Promise<string> {
  const refuse = () =>
    new InputError(
      `${field}: ${candidate} is not a bare repository under ${directory}`,
    );
  const realDirectory = await fs.realpath(directory).catch(() => {
    throw refuse();
  });
  const real = await fs.realpath(candidate).catch(() => {
    throw refuse();
  });
  if (path.dirname(real) !== realDirectory || !real.endsWith('.git')) {
    throw refuse();
  }
  const bare = await git(['rev-parse', '--is-bare-repository'], real).catch(
    () => 'false',
  );
  if (bare !== 'true') throw refuse();
  return real;
}

/**
 * Keys `git clone` writes into a new clone's `.git/config`. A clone made by
 * runway:docs:checkout has these and no others.
 */
const CLONE_KEYS =
  /^(core\.(repositoryformatversion|filemode|bare|logallrefupdates|symlinks|ignorecase|precomposeunicode)|remote\.origin\.(url|fetch)|branch\..+\.(remote|merge)|extensions\.objectformat)$/;

/** A branch name Runway accepts from a clone's HEAD. */
const BRANCH =
  /^(?!.*\.\.)(?!.*\.lock(\/|$))[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** What a clone made by runway:docs:checkout records about itself. */
export type CheckoutClone = {
  /** `remote.origin.url`, as written (no `insteadOf` applied). */
  origin: string;
  /** The branch HEAD names. */
  branch: string;
  /** The commit that branch is at. */
  head: string;
};

/**
 * Reads a clone made by runway:docs:checkout (`clone`, shown as `label`)
 * without running git in it. Its `.git` must be a real folder (not a
 * `gitdir:` file or a link) whose config holds only what `git clone`
 * writes; a config that sets anything else (`remote.origin.pushurl`,
 * `url.*.insteadOf`, `core.fsmonitor`, `include.path`, ...) is refused with
 * an `InputError` naming the keys. `git` reads the config file (`--file`,
 * includes off) from `trustedCwd`, a folder Runway controls.
 */
export async function readCheckoutClone(
  clone: string,
  label: string,
  trustedCwd: string,
): Promise<CheckoutClone> {
  const gitDir = path.join(clone, '.git');
  const refuse = (why: string) => new InputError(`path: ${label}/.git ${why}`);
  const regularFile = async (file: string) => {
    const stat = await fs.lstat(file).catch(() => undefined);
    return stat?.isFile() ?? false;
  };
  const dir = await fs.lstat(gitDir).catch(() => undefined);
  if (!dir?.isDirectory()) {
    throw refuse(
      'is not the folder runway:docs:checkout made (a .git file or link is not followed)',
    );
  }
  const config = path.join(gitDir, 'config');
  if (!(await regularFile(config))) throw refuse('has no config file');
  const listed = await git(
    ['config', '--file', config, '--no-includes', '--null', '--list'],
    trustedCwd,
  );
  const entries = listed
    .split('\0')
    .filter(Boolean)
    .map(e => {
      const nl = e.indexOf('\n');
      return nl < 0 ? [e, ''] : [e.slice(0, nl), e.slice(nl + 1)];
    });
  const extra = [
    ...new Set(entries.map(([k]) => k).filter(k => !CLONE_KEYS.test(k))),
  ];
  if (extra.length) {
    throw new InputError(
      `path: ${label}/.git/config sets ${extra.join(
        ', ',
      )}: Runway commits only a clone as runway:docs:checkout made it`,
    );
  }
  const origins = entries.filter(([k]) => k === 'remote.origin.url');
  if (origins.length !== 1) throw refuse('has no single remote.origin.url');

  const headFile = path.join(gitDir, 'HEAD');
  if (!(await regularFile(headFile))) throw refuse('has no HEAD file');
  const ref = /^ref: refs\/heads\/(.+)$/.exec(
    (await fs.readFile(headFile, 'utf8')).trim(),
  );
  if (!ref || !BRANCH.test(ref[1])) {
    throw refuse('HEAD does not name a branch');
  }
  const branch = ref[1];
  let head: string | undefined;
  const loose = path.join(gitDir, 'refs', 'heads', ...branch.split('/'));
  if (await regularFile(loose)) {
    head = (await fs.readFile(loose, 'utf8')).trim();
  } else if (await regularFile(path.join(gitDir, 'packed-refs'))) {
    const packed = await fs.readFile(path.join(gitDir, 'packed-refs'), 'utf8');
    head = packed
      .split('\n')
      .map(line => line.split(' '))
      .find(([, name]) => name === `refs/heads/${branch}`)?.[0];
  }
  if (!head || !/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(head)) {
    throw refuse(`has no commit on branch ${branch}`);
  }
  return { origin: origins[0][1], branch, head };
}
