#!/usr/bin/env node
// Writes a Backstage release manifest (the format of versions.backstage.io's
// v1/releases/<version>/manifest.json) for `backstage-cli versions:bump`
// when that site cannot be reached: every @backstage/* and @techdocs/*
// package this repository resolves, at the version the npm registry's
// `latest` tag serves.
//
//   node scripts/backstage/release-manifest.mjs 1.57.1 > manifest.json
//   BACKSTAGE_MANIFEST_FILE=manifest.json yarn backstage-cli versions:bump
//
// Only use it right after a release, when `latest` of every package is that
// release's build (compare with the release notes); prefer the published
// manifest whenever it can be downloaded.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const release = process.argv[2];
if (!release || !/^\d+\.\d+\.\d+$/.test(release)) {
  console.error(
    'usage: release-manifest.mjs <release version, e.g. 1.57.1> [extra package ...]',
  );
  process.exit(2);
}
const lock = readFileSync(new URL('../../yarn.lock', import.meta.url), 'utf8');
const names = new Set(process.argv.slice(3));
for (const m of lock.matchAll(/^"?((?:@backstage|@techdocs)\/[^@"]+)@/gm)) {
  names.add(m[1]);
}

async function latest(name) {
  const { stdout } = await run('npm', ['view', name, 'dist-tags.latest'], {
    timeout: 60_000,
  });
  return stdout.trim();
}

const packages = [];
const queue = [...names].sort();
await Promise.all(
  Array.from({ length: 8 }, async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      packages.push({ name, version: await latest(name) });
    }
  }),
);
packages.sort((a, b) => a.name.localeCompare(b.name));
process.stdout.write(
  `${JSON.stringify({ releaseVersion: release, packages }, null, 2)}\n`,
);
