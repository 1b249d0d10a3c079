#!/usr/bin/env node
// Fails when Runway is not on one Backstage release:
//   - an @backstage/* (or @techdocs/*) package resolves to two versions in
//     yarn.lock (two copies of a framework package: two API registries, two
//     stylesheets, plugins built against different majors);
//   - a workspace depends on such a package with a range that does not
//     allow the version the release manifest names;
//   - backstage.json names another release than the checked-in manifest.
// The manifest is scripts/backstage/manifest.json (see docs/upgrading.md).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const problems = [];
const read = p => readFileSync(join(root, p), 'utf8');
const isFramework = name => /^@(backstage|techdocs)\//.test(name);

const release = JSON.parse(read('backstage.json')).version;
const manifest = JSON.parse(read('scripts/backstage/manifest.json'));
if (manifest.releaseVersion !== release) {
  problems.push(
    `backstage.json names ${release} but scripts/backstage/manifest.json is release ${manifest.releaseVersion}`,
  );
}
const target = manifest.releaseVersion;
const pinned = new Map(manifest.packages.map(p => [p.name, p.version]));

// yarn.lock (Yarn berry): a block per resolution, `"name@npm:range, ...":`
// followed by `  version: x.y.z`.
const versions = new Map();
let current = [];
for (const line of read('yarn.lock').split('\n')) {
  if (/^\S/.test(line) && line.endsWith(':')) {
    current = line
      .slice(0, -1)
      .replace(/"/g, '')
      .split(', ')
      .map(d => d.slice(0, d.indexOf('@', 1)));
  } else {
    const m = /^ {2}version: (.+)$/.exec(line);
    if (m) {
      for (const name of new Set(current)) {
        if (!isFramework(name)) continue;
        if (!versions.has(name)) versions.set(name, new Set());
        versions.get(name).add(m[1]);
      }
    }
  }
}
for (const [name, set] of versions) {
  if (set.size > 1) {
    problems.push(`${name} resolves to ${[...set].sort().join(' and ')}`);
  }
  const want = pinned.get(name);
  if (want && !set.has(want)) {
    problems.push(
      `${name} resolves to ${[...set].join(
        ', ',
      )}; release ${target} has ${want}`,
    );
  }
}

// Every workspace's direct dependencies: `^<manifest version>` exactly.
const workspaces = ['package.json'];
for (const dir of ['packages', 'plugins']) {
  for (const d of readdirSync(join(root, dir))) {
    if (existsSync(join(root, dir, d, 'package.json'))) {
      workspaces.push(join(dir, d, 'package.json'));
    }
  }
}
workspaces.push('test/package.json');
for (const file of workspaces) {
  const pkg = JSON.parse(read(file));
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(pkg[field] ?? {})) {
      if (!isFramework(name) || field === 'peerDependencies') continue;
      const want = pinned.get(name);
      if (!want) {
        problems.push(
          `${file}: ${name} is not in release ${target}'s manifest (add it with scripts/backstage/release-manifest.mjs, or drop it)`,
        );
      } else if (range !== `^${want}`) {
        problems.push(
          `${file}: ${field}.${name} is "${range}"; release ${target} has ^${want}`,
        );
      }
    }
  }
}

if (problems.length > 0) {
  console.error(`Not on one Backstage release (${problems.length} problems):`);
  for (const p of problems) console.error(`  - ${p}`);
  console.error('See docs/upgrading.md.');
  process.exit(1);
}
console.log(
  `Backstage ${release}: ${versions.size} framework packages, one version each, every workspace on the release's versions`,
);
