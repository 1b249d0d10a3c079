#!/usr/bin/env node
/*
 * Production build of the app (packages/app) for bench/bundle.sh, with the
 * bundler's stats, into its own folder so that the shared packages/app/dist
 * (served by the browser tests) is never emptied mid-run.
 *
 *   node bench/bundle-build.cjs <out-dir> [--without <package>]
 *
 * It runs the very function behind `yarn workspace app build`
 * (`backstage-cli package build` for the app role: buildBundle of
 * @backstage/cli-module-build with the app's config, entry src/index and
 * `app.packages: all` discovery), only with `dist` pointed at <out-dir> and
 * `--stats` on (<out-dir>/bundle-stats.json).
 *
 * --without builds the app without one of the frontend packages that
 * `app.packages: all` discovers (config `app.packages.exclude`; `none`
 * excludes nothing), without stats: bench/bundle.sh's cross-check of the
 * attribution. Those builds run on a copy of packages/app under
 * .runway/bench/ (resolving the same node_modules), because the build
 * writes the list of discovered packages into the app package's
 * node_modules, which the dev server and other builds read.
 *
 * The build is skipped when <out-dir>/inputs.sha256 matches the hash of
 * every input: packages/app and the frontend/common plugin packages (their
 * src and package.json), the root package.json, yarn.lock, app-config.yaml
 * and the versions of the CLI build module and Rspack.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const APP = path.join(ROOT, 'packages', 'app');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'dist-types', 'coverage']);

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** The files the app bundle is built from. */
function inputFiles() {
  const files = [
    path.join(ROOT, 'package.json'),
    path.join(ROOT, 'yarn.lock'),
    path.join(ROOT, 'app-config.yaml'),
    ...walk(APP, []).filter(
      f => !f.endsWith('.test.tsx') && !f.endsWith('.test.ts'),
    ),
  ];
  const pluginsDir = path.join(ROOT, 'plugins');
  for (const name of fs.readdirSync(pluginsDir)) {
    const pkgFile = path.join(pluginsDir, name, 'package.json');
    if (!fs.existsSync(pkgFile)) continue;
    const role = JSON.parse(fs.readFileSync(pkgFile, 'utf8')).backstage?.role;
    if (['backend-plugin', 'backend-plugin-module'].includes(role)) continue;
    files.push(pkgFile);
    const src = path.join(pluginsDir, name, 'src');
    if (fs.existsSync(src)) files.push(...walk(src, []));
  }
  return files.sort();
}

function inputsHash(without) {
  const hash = crypto.createHash('sha256');
  hash.update(`without ${without ?? ''}\n`);
  for (const dep of ['@backstage/cli-module-build', '@rspack/core']) {
    const pkg = require(require.resolve(`${dep}/package.json`, {
      paths: [APP],
    }));
    hash.update(`${dep}@${pkg.version}\n`);
  }
  for (const file of inputFiles()) {
    hash.update(path.relative(ROOT, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The fields of the stats that the report uses: module graph, chunks, entrypoints. */
function pruneStats(stats) {
  const mod = m => ({
    identifier: m.identifier,
    nameForCondition: m.nameForCondition,
    size: m.size,
    chunks: m.chunks,
    reasons: (m.reasons ?? []).map(r => ({
      moduleIdentifier: r.moduleIdentifier,
      type: r.type,
    })),
    ...(Array.isArray(m.modules) ? { modules: m.modules.map(mod) } : {}),
  });
  return {
    rspackVersion: stats.rspackVersion,
    time: stats.time,
    entrypoints: stats.entrypoints,
    chunks: (stats.chunks ?? []).map(c => ({
      id: c.id,
      files: c.files,
      initial: c.initial,
      entry: c.entry,
      names: c.names,
      origins: (c.origins ?? []).map(o => ({
        moduleIdentifier: o.moduleIdentifier,
        request: o.request,
      })),
    })),
    modules: (stats.modules ?? []).map(mod),
  };
}

async function main() {
  const out = path.resolve(
    process.argv[2] ?? path.join(ROOT, '.runway', 'bench', 'bundle'),
  );
  const withoutAt = process.argv.indexOf('--without');
  const without = withoutAt > 0 ? process.argv[withoutAt + 1] : undefined;
  const stamp = path.join(out, 'inputs.sha256');
  const hash = inputsHash(without);
  if (
    process.env.BUNDLE_REBUILD !== '1' &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8').trim() === hash &&
    fs.existsSync(path.join(out, without ? 'index.html' : 'bundle-stats.json'))
  ) {
    console.log(
      `bundle: inputs unchanged since the last build (${hash.slice(
        0,
        12,
      )}), reusing ${path.relative(ROOT, out)}`,
    );
    return;
  }
  fs.rmSync(stamp, { force: true });
  let targetDir = APP;
  if (without) {
    targetDir = path.join(ROOT, '.runway', 'bench', 'app-copy');
    fs.rmSync(targetDir, { recursive: true, force: true });
    fs.cpSync(APP, targetDir, {
      recursive: true,
      filter: src => !/[\\/](node_modules|dist)$/.test(src),
    });
  }
  process.chdir(targetDir); // the CLI resolves the target package from the cwd
  const cliBuild = path.dirname(
    require.resolve('@backstage/cli-module-build/package.json', {
      paths: [APP],
    }),
  );
  // `--stats` hands the bundler's stats to bfj.write, which stalls on this
  // app's stats (an 11 MB partial file after 15 minutes, Rspack 1.7). Write
  // the parts bench/bundle-report.mjs reads with JSON.stringify instead.
  const bfj = require(require.resolve('bfj', {
    paths: [path.join(cliBuild, 'dist')],
  }));
  bfj.write = async (file, stats) => {
    fs.writeFileSync(file, JSON.stringify(pruneStats(stats)));
  };
  const { buildBundle } = require(path.join(
    cliBuild,
    'dist/lib/bundler/bundle.cjs.js',
  ));
  const { loadCliConfig } = require(path.join(
    cliBuild,
    'dist/lib/config.cjs.js',
  ));
  const packageJson = JSON.parse(
    fs.readFileSync(path.join(APP, 'package.json'), 'utf8'),
  );
  const started = Date.now();
  console.log(
    `bundle: building ${packageJson.name} (production${
      without ? `, without ${without}` : ''
    }) into ${path.relative(ROOT, out)}`,
  );
  let args = [];
  if (without) {
    fs.mkdirSync(out, { recursive: true });
    const exclude = path.join(targetDir, 'app-config.without.yaml');
    fs.writeFileSync(
      exclude,
      `app:\n  packages:\n    exclude: [${
        without === 'none' ? '' : JSON.stringify(without)
      }]\n`,
    );
    args = [path.join(ROOT, 'app-config.yaml'), exclude];
  }
  try {
    await buildBundle({
      targetDir,
      entry: 'src/index',
      dist: out,
      statsJsonEnabled: !without,
      ...(await loadCliConfig({ args, fromPackage: packageJson.name })),
    });
  } finally {
    if (without) fs.rmSync(targetDir, { recursive: true, force: true });
  }
  fs.writeFileSync(stamp, `${hash}\n`);
  fs.writeFileSync(
    path.join(out, 'build-seconds.txt'),
    `${((Date.now() - started) / 1000).toFixed(1)}\n`,
  );
  console.log(
    `bundle: built in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
}

main().then(
  // the bundler keeps handles open after a programmatic build
  () => process.exit(0),
  error => {
    console.error(`bundle: build failed: ${error.stack ?? error}`);
    process.exit(1);
  },
);
