/*
 * Workspace files as untrusted input. A template (or a repository it
 * fetched) decides every file, folder and symbolic link in the workspace,
 * including `.git` entries that would steer git. These helpers copy the
 * workspace's content, never its git metadata, and keep every path Runway
 * reads or writes inside the folder it belongs to.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/** True when `child` is `parent` or lies below it (both absolute, resolved). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * `resolveSafeChildPath(base, relative)` (which resolves the symbolic links
 * of the parts that exist), with its refusal as an `InputError` naming
 * `field` and the path.
 */
export function safeChildPath(
  base: string,
  relative: string,
  field: string,
): string {
  try {
    return resolveSafeChildPath(base, relative);
  } catch {
    throw new InputError(`${field}: ${relative} leads outside the workspace`);
  }
}

/**
 * The real path (symbolic links resolved) of `dir`, which must be a folder
 * inside the real path of `base`. `field` names the input in the error.
 */
export async function realFolderInside(
  base: string,
  dir: string,
  field: string,
): Promise<string> {
  const realBase = await fs.realpath(base);
  const real = await fs.realpath(dir).catch(() => {
    throw new InputError(
      `${field}: ${path.relative(base, dir)} does not exist`,
    );
  });
  if (!isInside(realBase, real)) {
    throw new InputError(
      `${field}: ${
        path.relative(base, dir) || '.'
      } leads outside the workspace`,
    );
  }
  if (!(await fs.stat(real)).isDirectory()) {
    throw new InputError(
      `${field}: ${path.relative(base, dir)} is not a folder`,
    );
  }
  return real;
}

/** What {@link copyWorkspaceFiles} copied and left out. */
export type CopyReport = {
  /** Entries named `.git` (folders, files or links), relative paths. */
  gitEntries: string[];
  /** Sockets, FIFOs and devices, relative paths. */
  specialFiles: string[];
};

/**
 * Copies the content of `source` (a real path) into the folder `target`:
 *
 * - folders and regular files (with their mode);
 * - symbolic links as symbolic links, when their target is relative,
 *   stays inside `source` and does not lead into a `.git` folder; any other
 *   link is refused with an `InputError` naming it (an absolute target
 *   would point elsewhere once published, even if it is inside the
 *   workspace now);
 * - nothing named `.git`, at any depth and of any type (the workspace's own
 *   repository, a `gitdir:` file, a link to another repository, a nested
 *   repository): the copy is content only, so git commands run on it answer
 *   to a repository Runway creates. `.gitmodules` is copied as an ordinary
 *   file: without the nested `.git` there is no gitlink for it to describe.
 * - no sockets, FIFOs or devices (reported in `specialFiles`).
 */
export async function copyWorkspaceFiles(
  source: string,
  target: string,
): Promise<CopyReport> {
  const report: CopyReport = { gitEntries: [], specialFiles: [] };
  const walk = async (dir: string, into: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const from = path.join(dir, entry.name);
      const to = path.join(into, entry.name);
      const rel = path.relative(source, from);
      if (entry.name === '.git') {
        report.gitEntries.push(rel);
      } else if (entry.isSymbolicLink()) {
        const link = await fs.readlink(from);
        const problem = symlinkProblem(source, from, link);
        if (problem) {
          throw new InputError(`${rel}: symbolic link ${problem}`);
        }
        await fs.symlink(link, to);
      } else if (entry.isDirectory()) {
        await fs.mkdir(to);
        await walk(from, to);
      } else if (entry.isFile()) {
        await fs.copyFile(from, to, fs.constants.COPYFILE_EXCL);
      } else {
        report.specialFiles.push(rel);
      }
    }
  };
  await fs.mkdir(target, { recursive: true });
  await walk(source, target);
  return report;
}

/** Why a link at `file` (inside `root`) to `link` may not be copied. */
function symlinkProblem(
  root: string,
  file: string,
  link: string,
): string | undefined {
  const resolved = path.resolve(path.dirname(file), link);
  if (!isInside(root, resolved)) return 'points outside the workspace';
  if (path.isAbsolute(link)) {
    return 'has an absolute target (only relative links inside the workspace are kept)';
  }
  if (path.relative(root, resolved).split(path.sep).includes('.git')) {
    return 'points into a .git folder';
  }
  return undefined;
}

/**
 * The path of `relative` inside `root` for writing a `kind` there, once
 * every existing part of it is checked with `lstat`: no part may be a
 * symbolic link or be named `.git`, the folders on the way must be folders
 * and the last part, when it exists, a `kind` (a regular file or a folder).
 * Anything else is refused with an `InputError` naming `field` and the
 * path, so a write never follows a link out of `root` or into a `.git`.
 */
export async function writablePath(
  root: string,
  relative: string,
  field: string,
  kind: 'file' | 'folder' = 'file',
): Promise<string> {
  const parts = path
    .normalize(relative)
    .split(path.sep)
    .filter(p => p && p !== '.');
  if (path.isAbsolute(relative) || !parts.length || parts.includes('..')) {
    throw new InputError(
      `${field}: ${relative} is not a path inside the repository`,
    );
  }
  if (parts.includes('.git')) {
    throw new InputError(`${field}: ${relative} is inside a .git folder`);
  }
  let current = root;
  for (const [i, part] of parts.entries()) {
    current = path.join(current, part);
    const stat = await fs.lstat(current).catch(() => undefined);
    if (!stat) break;
    const shown = parts.slice(0, i + 1).join('/');
    if (stat.isSymbolicLink()) {
      throw new InputError(
        `${field}: ${shown} is a symbolic link; Runway writes only through real folders and files inside the repository`,
      );
    }
    const want = i < parts.length - 1 || kind === 'folder' ? 'folder' : 'file';
    if (want === 'folder' ? !stat.isDirectory() : !stat.isFile()) {
      throw new InputError(
        `${field}: ${shown} is not a ${
          want === 'folder' ? 'folder' : 'regular file'
        }`,
      );
    }
  }
  return path.join(root, ...parts);
}
