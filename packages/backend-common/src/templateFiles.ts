/*
 * A trusted Template's folder as Runway reads it: only Templates from the
 * organisation's own `catalog.locations`, in a `file:` location on Runway's
 * disk (docs/security.md, "Trust"). A template a user registered from their
 * repository is refused: Runway reads no files of it.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';

/** One file of a template's folder, as the dry-run route takes them. */
export type TemplateFile = { path: string; base64Content: string };

/** Bounds on a template folder: the route takes at most 10 MB of JSON. */
export type DirectoryLimits = { maxFiles: number; maxBytes: number };

export const DEFAULT_DIRECTORY_LIMITS: DirectoryLimits = {
  maxFiles: 2000,
  // base64 adds a third: 6 MiB of files stay under the route's 10 MB
  maxBytes: 6 * 1024 * 1024,
};

/**
 * The folder a trusted Template's files are read from: the folder of its
 * `backstage.io/managed-by-location` file. Refuses (NotAllowedError) a
 * Template whose origin location is not one of `trustedOrigins`, and one
 * whose location is not a `file:` location.
 */
export function trustedTemplateDirectory(
  entity: Entity,
  trustedOrigins: readonly string[],
): string {
  const ref = stringifyEntityRef(entity);
  const annotations = entity.metadata.annotations ?? {};
  const origin = annotations[ANNOTATION_ORIGIN_LOCATION];
  if (!origin || !trustedOrigins.includes(origin)) {
    throw new NotAllowedError(
      `${ref} is not from the organisation's catalog.locations (its origin is ${
        origin ?? 'unknown'
      }): only those templates are dry-run`,
    );
  }
  const location = annotations[ANNOTATION_LOCATION] ?? '';
  const file = location.startsWith('file:')
    ? location.slice('file:'.length)
    : '';
  if (!file || !path.isAbsolute(file)) {
    throw new NotAllowedError(
      `${ref} is located at ${
        location || 'no location'
      }, not in a file: location on Runway's disk: only those templates are dry-run`,
    );
  }
  return path.dirname(path.normalize(file));
}

/**
 * Every file under `dir` with its content in base64 and its path relative to
 * `dir` (forward slashes), as the dry-run route takes them. A symbolic link
 * is read only when it points at a file inside `dir`; other links are left
 * out. Refuses a folder beyond `limits`.
 */
export async function readTemplateDirectory(
  dir: string,
  limits: DirectoryLimits = DEFAULT_DIRECTORY_LIMITS,
): Promise<TemplateFile[]> {
  let root: string;
  try {
    root = await fs.realpath(dir);
  } catch {
    throw new NotFoundError(`the template's folder ${dir} is not on disk`);
  }
  const files: TemplateFile[] = [];
  let bytes = 0;
  const walk = async (rel: string): Promise<void> => {
    const entries = await fs.readdir(path.join(root, rel), {
      withFileTypes: true,
    });
    // code-unit order: the same on every machine
    entries.sort((a, b) => (a.name < b.name ? -1 : Number(a.name > b.name)));
    for (const entry of entries) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(root, relPath);
      if (entry.isDirectory()) {
        await walk(relPath);
        continue;
      }
      let target = full;
      if (entry.isSymbolicLink()) {
        const real = await fs.realpath(full).catch(() => undefined);
        const inside = real?.startsWith(root + path.sep);
        if (!real || !inside || !(await fs.stat(real)).isFile()) continue;
        target = real;
      } else if (!entry.isFile()) {
        continue;
      }
      const content = await fs.readFile(target);
      bytes += content.length;
      if (files.length + 1 > limits.maxFiles || bytes > limits.maxBytes) {
        throw new InputError(
          `template: its folder has more than ${limits.maxFiles} files or ${limits.maxBytes} bytes, too large to dry-run`,
        );
      }
      files.push({ path: relPath, base64Content: content.toString('base64') });
    }
  };
  await walk('');
  return files;
}
