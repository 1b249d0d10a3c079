/*
 * The three-way merge of an upgrade: the template's change (from what the
 * service's recorded version renders to what the new version renders, both
 * with the service's answers) applied to the service's current files.
 * Text files are merged line by line by `git merge-file`, outside any
 * repository; a file both sides changed in the same lines keeps conflict
 * markers and is listed.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ConflictFile,
  FileChange,
} from '@runway/plugin-template-upgrades-common';

const run = promisify(execFile);

/** A tree of files: path (forward slashes, no leading `./`) to content. */
export type FileTree = Map<string, Buffer>;

/** What the merge writes: new contents, and paths to delete (`null`). */
export type MergeResult = {
  /** Every path the upgrade changes in the service, with its new content. */
  writes: Map<string, Buffer | null>;
  /** The template's change as it lands in the service. */
  changedFiles: FileChange[];
  conflicts: ConflictFile[];
};

/** The paths whose contents differ between `from` and `to`. */
export function diffTrees(from: FileTree, to: FileTree): FileChange[] {
  const changes: FileChange[] = [];
  for (const p of unionPaths(from, to)) {
    const a = from.get(p);
    const b = to.get(p);
    if (a && !b) changes.push({ path: p, change: 'deleted' });
    else if (!a && b) changes.push({ path: p, change: 'added' });
    else if (a && b && !a.equals(b)) {
      changes.push({ path: p, change: 'modified' });
    }
  }
  return changes;
}

/**
 * Applies the template's change (`base` to `theirs`) to the service's files
 * (`ours`). Paths only the template changed take the template's content;
 * paths only the service changed stay as they are; paths both changed are
 * merged by line, or listed as conflicts.
 */
export async function threeWayMerge(trees: {
  base: FileTree;
  ours: FileTree;
  theirs: FileTree;
  labels: { ours: string; base: string; theirs: string };
}): Promise<MergeResult> {
  const { base, ours, theirs, labels } = trees;
  const writes = new Map<string, Buffer | null>();
  const changedFiles: FileChange[] = [];
  const conflicts: ConflictFile[] = [];
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'runway-merge-'));
  try {
    for (const p of unionPaths(base, theirs)) {
      const b = base.get(p);
      const t = theirs.get(p);
      if (same(b, t)) continue; // the template did not change it
      const o = ours.get(p);
      if (same(o, t)) continue; // the service already has it
      if (same(o, b)) {
        // only the template changed it
        writes.set(p, t ?? null);
        let change: FileChange['change'] = 'modified';
        if (!t) change = 'deleted';
        else if (!o) change = 'added';
        changedFiles.push({ path: p, change });
        continue;
      }
      // both changed it
      if (!t) {
        conflicts.push({ path: p, reason: 'deleted-in-template' });
        continue;
      }
      if (!o) {
        conflicts.push({ path: p, reason: 'deleted-in-service' });
        continue;
      }
      if (isBinary(o) || isBinary(t) || (b && isBinary(b))) {
        conflicts.push({ path: p, reason: 'binary' });
        continue;
      }
      const merged = await mergeFile(scratch, {
        ours: o,
        base: b ?? Buffer.alloc(0),
        theirs: t,
        labels,
      });
      writes.set(p, merged.content);
      changedFiles.push({ path: p, change: 'modified' });
      if (merged.conflicted) {
        conflicts.push({ path: p, reason: b ? 'both-changed' : 'added-both' });
      }
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  return { writes, changedFiles, conflicts };
}

function unionPaths(a: FileTree, b: FileTree): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

function same(a: Buffer | undefined, b: Buffer | undefined): boolean {
  if (!a || !b) return a === b;
  return a.equals(b);
}

/** A NUL in the first 8 kB, as git decides. */
function isBinary(content: Buffer): boolean {
  return content.subarray(0, 8000).includes(0);
}

/** `git merge-file -p`: the merged text and whether it holds conflicts. */
async function mergeFile(
  scratch: string,
  files: {
    ours: Buffer;
    base: Buffer;
    theirs: Buffer;
    labels: { ours: string; base: string; theirs: string };
  },
): Promise<{ content: Buffer; conflicted: boolean }> {
  const dir = await fs.mkdtemp(path.join(scratch, 'f-'));
  const [ours, base, theirs] = ['ours', 'base', 'theirs'].map(n =>
    path.join(dir, n),
  );
  await fs.writeFile(ours, files.ours);
  await fs.writeFile(base, files.base);
  await fs.writeFile(theirs, files.theirs);
  const args = [
    'merge-file',
    '-p',
    '-L',
    files.labels.ours,
    '-L',
    files.labels.base,
    '-L',
    files.labels.theirs,
    ours,
    base,
    theirs,
  ];
  const env = {
    PATH: process.env.PATH,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  try {
    const { stdout } = await run('git', args, {
      env,
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return { content: stdout, conflicted: false };
  } catch (error) {
    const e = error as { code?: number; stdout?: Buffer; stderr?: Buffer };
    // exit status: the number of conflicts (1..127); negative on errors
    if (typeof e.code === 'number' && e.code > 0 && e.code < 128 && e.stdout) {
      return { content: e.stdout, conflicted: true };
    }
    throw new Error(
      `git merge-file failed: ${e.stderr?.toString().trim() || String(error)}`,
    );
  }
}
