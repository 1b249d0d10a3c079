#!/usr/bin/env node
// Fails when a source file of a plugin (plugins/*/src, .ts or .tsx, tests
// included) has more than 400 lines and is not listed, with its reason, in
// the "Files over 400 lines" table of plugins/README.md. Lists that are
// out of date (a listed file that is gone or back under the limit) fail too.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const LIMIT = 400;
const root = new URL('..', import.meta.url).pathname;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules' && name !== 'dist') yield* walk(path);
    } else if (/\.(ts|tsx)$/.test(name)) {
      yield path;
    }
  }
}

const readme = readFileSync(join(root, 'plugins/README.md'), 'utf8');
const section = readme.split(/^## Files over 400 lines$/m)[1] ?? '';
const listed = new Map();
for (const m of section.matchAll(/^\| `([^`]+)` \| ([^|]+) \|/gm)) {
  listed.set(m[1], m[2].trim());
}

const problems = [];
const over = [];
for (const plugin of readdirSync(join(root, 'plugins'))) {
  const src = join(root, 'plugins', plugin, 'src');
  if (!existsSync(src)) continue;
  for (const file of walk(src)) {
    const lines = readFileSync(file, 'utf8').split('\n').length - 1;
    const rel = relative(root, file);
    if (lines > LIMIT) {
      over.push(rel);
      if (!listed.has(rel)) {
        problems.push(
          `${rel}: ${lines} lines (limit ${LIMIT}); split it, or list it with its reason in plugins/README.md`,
        );
      }
    }
  }
}
for (const rel of listed.keys()) {
  if (!over.includes(rel)) {
    problems.push(
      `${rel} is listed in plugins/README.md but is not over ${LIMIT} lines (or is gone): remove it from the list`,
    );
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `plugins/*/src: every file within ${LIMIT} lines but ${over.length} listed exception(s)`,
);
