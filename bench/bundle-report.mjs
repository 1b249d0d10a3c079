#!/usr/bin/env node
/*
 * Attributes the app bundle built by bench/bundle-build.cjs to Runway's
 * frontend plugins and writes bench/results/bundle.json (+ bundle-notes.txt).
 *
 *   node bench/bundle-report.mjs <build-dir>
 *
 * Entry (initial) chunks: the chunks of the `main` entrypoint, i.e. every
 * script index.html loads before the app starts. A plugin's entry
 * contribution is every module of those chunks that would not be there
 * without the plugin: its own package's modules plus every module that the
 * entry reaches only through them (a dependency pulled in eagerly by that
 * plugin alone). That set is computed on the bundler's module graph
 * (bundle-stats.json): a walk from the entry modules along static imports
 * that is not allowed to enter the plugin's package; whatever initial module
 * the walk no longer reaches belongs to the plugin. Its gzip size is the
 * drop in gzip size of the entry chunks when the bytes those modules
 * occupy in the minified files (found through the source maps) are taken
 * out: gzip(chunk) - gzip(chunk without them), summed over the chunks.
 * What this misses: bytes of the bundler's runtime that grow with the
 * plugin, chiefly the table of lazy chunk names (about 11 bytes gzip per
 * lazy chunk). With BUNDLE_CROSSCHECK=1, bench/bundle.sh also builds the
 * app without each plugin and `entry_gzip_kb_build_without` is the real
 * difference of the entry scripts' gzip sizes (a copy-based build with all
 * plugins minus one without the plugin).
 *
 * Route chunks: `route_chunks_gzip_kb` has one key per lazy chunk a plugin
 * loads ("<import>" or "<import> > lazy" for chunks loaded by those in
 * turn, [file, largest package]); `route_loads_gzip_kb` sums every chunk of
 * one import, i.e. what a first visit downloads when no other lazy chunk
 * is cached yet (shared chunks counted for every route that needs them).
 * Which chunks: those of every lazy `import()` whose call site is in a
 * Runway plugin (pages, entity content and cards, addons), and of the lazy
 * imports made from those chunks in turn (e.g. a library's own lazy parts),
 * each gzipped as a whole file (level 9, as the build's size report does).
 *
 * Sizes: KB = 1,024 bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const APP = path.join(ROOT, 'packages', 'app');
const TARGET_ENTRY_KB = 15;
const TARGET_ROUTE_KB = 150;

const buildDir = path.resolve(
  process.argv[2] ?? path.join(ROOT, '.runway', 'bench', 'bundle'),
);
const resultsDir = path.join(ROOT, 'bench', 'results');
const kb = bytes => Math.round((bytes / 1024) * 10) / 10;
const gzip = text => zlib.gzipSync(Buffer.from(text), { level: 9 }).length;
const rel = p => path.relative(ROOT, p);

// ---------------------------------------------------------------- plugins
/** Runway frontend packages the app depends on (as `app.packages: all` discovers them). */
function runwayPlugins() {
  const app = JSON.parse(
    fs.readFileSync(path.join(APP, 'package.json'), 'utf8'),
  );
  const out = [];
  for (const name of Object.keys(app.dependencies ?? {})) {
    if (!name.startsWith('@runway/')) continue;
    const pkgFile = fs.realpathSync(
      path.join(ROOT, 'node_modules', name, 'package.json'),
    );
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
    if (
      !['frontend-plugin', 'frontend-plugin-module'].includes(
        pkg.backstage?.role,
      )
    )
      continue;
    out.push({ name, dir: path.dirname(pkgFile) + path.sep });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

// ------------------------------------------------------------------ stats
function resourceOf(m) {
  const r = m.nameForCondition ?? m.resource;
  if (r) return r.split('?')[0];
  const id = m.identifier ?? '';
  const last = id.split('!').pop();
  return last && path.isAbsolute(last)
    ? last.split('?')[0].split('|')[0]
    : undefined;
}

/** Flattens concatenated modules; returns nodes, static edges, entry roots. */
function moduleGraph(stats) {
  const nodes = new Map(); // identifier -> { resource, chunks:Set, parts:[] }
  const reasonsOf = new Map();
  const add = (m, chunks, container) => {
    const id = m.identifier;
    if (!nodes.has(id))
      nodes.set(id, {
        id,
        resource: resourceOf(m),
        chunks: new Set(),
        container,
      });
    const node = nodes.get(id);
    for (const c of chunks) node.chunks.add(c);
    reasonsOf.set(id, [...(reasonsOf.get(id) ?? []), ...(m.reasons ?? [])]);
    if (Array.isArray(m.modules)) {
      node.parts = m.modules.map(inner => inner.identifier);
      for (const inner of m.modules) add(inner, chunks, id);
    }
  };
  for (const m of stats.modules ?? []) add(m, m.chunks ?? [], undefined);

  const edges = new Map(); // from -> Set(to)
  const roots = new Set();
  const asyncTypes = new Set();
  const link = (from, to) => {
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
  };
  for (const [id, reasons] of reasonsOf) {
    for (const r of reasons) {
      const type = String(r.type ?? '');
      if (/entry/i.test(type) && !r.moduleIdentifier) {
        roots.add(id);
        continue;
      }
      if (!r.moduleIdentifier) continue;
      if (/import\(\)|dynamic|lazy|require\.ensure/i.test(type)) {
        asyncTypes.add(type);
        continue;
      }
      link(r.moduleIdentifier, id);
    }
  }
  // a concatenated module and its parts stand or fall together
  for (const node of nodes.values()) {
    for (const part of node.parts ?? []) {
      link(node.id, part);
      link(part, node.id);
    }
  }
  return { nodes, edges, roots, asyncTypes };
}

function reachable({ edges, roots }, blocked) {
  const seen = new Set();
  const stack = [...roots].filter(r => !blocked(r));
  while (stack.length) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of edges.get(id) ?? []) {
      if (!seen.has(next) && !blocked(next)) stack.push(next);
    }
  }
  return seen;
}

// ------------------------------------------------------------ source maps
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_VALUE = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_VALUE[B64.charCodeAt(i)] = i;

/** Decodes source map mappings into, per generated line, [column, source index | -1] pairs. */
function decodeMappings(mappings) {
  const lines = [[]];
  let i = 0;
  let col = 0;
  let src = 0;
  const fields = [];
  while (i < mappings.length) {
    const ch = mappings[i];
    if (ch === ';') {
      lines.push([]);
      col = 0;
      i++;
      continue;
    }
    if (ch === ',') {
      i++;
      continue;
    }
    fields.length = 0;
    while (i < mappings.length && mappings[i] !== ',' && mappings[i] !== ';') {
      let value = 0;
      let shift = 0;
      let digit;
      do {
        digit = B64_VALUE[mappings.charCodeAt(i++)];
        value += (digit & 31) << shift;
        shift += 5;
      } while (digit & 32);
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
    }
    col += fields[0];
    if (fields.length >= 4) {
      src += fields[1];
      // (every field is read; only the source index is kept)
      lines[lines.length - 1].push([col, src]);
    } else {
      lines[lines.length - 1].push([col, -1]);
    }
  }
  return lines;
}

/**
 * Splits a minified file into [start, end, source path | undefined] ranges
 * (UTF-16 offsets into the file's text), following its source map.
 */
function sourceRanges(file) {
  const text = fs.readFileSync(file, 'utf8');
  const mapFile = `${file}.map`;
  if (!fs.existsSync(mapFile))
    return { text, ranges: [[0, text.length, undefined]] };
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  const sources = map.sources.map(s => {
    const clean = s.replace(/^webpack:\/\/[^/]*\//, '').split('?')[0];
    return clean.startsWith('webpack/') ? undefined : path.resolve(APP, clean);
  });
  const lines = decodeMappings(map.mappings);
  const ranges = [];
  let offset = 0;
  const textLines = text.split('\n');
  textLines.forEach((line, n) => {
    const segs = lines[n] ?? [];
    let prevCol = 0;
    let prevSrc;
    for (const [col, s] of segs) {
      if (col > prevCol) ranges.push([offset + prevCol, offset + col, prevSrc]);
      prevCol = Math.max(prevCol, col);
      prevSrc = s >= 0 ? sources[s] : undefined;
    }
    ranges.push([
      offset + prevCol,
      offset + line.length + (n < textLines.length - 1 ? 1 : 0),
      prevSrc,
    ]);
    offset += line.length + 1;
  });
  return { text, ranges };
}

function packageOf(resource) {
  if (!resource) return '(bundler runtime)';
  const nm = resource.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nm >= 0) {
    const parts = resource.slice(nm + 14).split(path.sep);
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const r = rel(resource);
  const m = /^(plugins\/[^/]+|packages\/[^/]+)/.exec(r);
  return m ? m[1] : r;
}

function topPackages(ranges, n = 5) {
  const bytes = new Map();
  for (const [a, b, src] of ranges) {
    const p = packageOf(src);
    bytes.set(p, (bytes.get(p) ?? 0) + (b - a));
  }
  return Object.fromEntries(
    [...bytes.entries()]
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([p, b]) => [p, kb(b)]),
  );
}

/** gzip bytes of the scripts a build's index.html loads (its entry chunks). */
function entryGzipOfBuild(dir) {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  let total = 0;
  for (const [, src] of html.matchAll(/<script[^>]*src="\/?([^"]+\.js)"/g)) {
    total += gzip(fs.readFileSync(path.join(dir, src), 'utf8'));
  }
  return total;
}

/** Cross-check builds of bench/bundle.sh (BUNDLE_CROSSCHECK=1), when present. */
const safeName = name => name.replace(/[^a-z0-9-]/gi, '_');
function crossCheck(plugin) {
  if (process.env.BUNDLE_CROSSCHECK !== '1') return undefined;
  const base = `${buildDir}-without`;
  const none = path.join(base, 'none');
  const without = path.join(base, safeName(plugin));
  if (
    !fs.existsSync(path.join(none, 'inputs.sha256')) ||
    !fs.existsSync(path.join(without, 'inputs.sha256'))
  ) {
    return undefined;
  }
  return entryGzipOfBuild(none) - entryGzipOfBuild(without);
}

// ------------------------------------------------------------------- main
function main() {
  const statsFile = path.join(buildDir, 'bundle-stats.json');
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const plugins = runwayPlugins();
  const pluginOf = resource =>
    resource ? plugins.find(p => resource.startsWith(p.dir)) : undefined;

  const chunksById = new Map(stats.chunks.map(c => [c.id, c]));
  const entry = stats.entrypoints?.main;
  if (!entry) throw new Error('bundle-stats.json has no `main` entrypoint');
  const entryChunkIds = new Set(entry.chunks);
  const jsFiles = c => (c.files ?? []).filter(f => f.endsWith('.js'));
  const file = f => path.join(buildDir, f);

  // entry chunk files with their source ranges and gzip size
  const entryFiles = [...entryChunkIds].flatMap(id =>
    jsFiles(chunksById.get(id)),
  );
  const entryParsed = entryFiles.map(f => ({ f, ...sourceRanges(file(f)) }));
  for (const e of entryParsed) e.gzip = gzip(e.text);
  const entryGzipTotal = entryParsed.reduce((s, e) => s + e.gzip, 0);

  const graph = moduleGraph(stats);
  const initialResources = new Set();
  for (const node of graph.nodes.values()) {
    if ([...node.chunks].some(c => entryChunkIds.has(c)) && node.resource) {
      initialResources.add(node.resource);
    }
  }

  // soundness: the full walk must reach every initial module, or the
  // graph misses edges and the per-plugin sets would be too large
  const fullWalk = reachable(graph, () => false);
  const reachedAll = new Set(
    [...fullWalk].map(id => graph.nodes.get(id)?.resource).filter(Boolean),
  );
  const unreached = [...initialResources].filter(r => !reachedAll.has(r));

  const report = { plugins: {} };
  const notes = [];
  const misses = [];
  notes.push(
    `build: ${rel(buildDir)} (inputs ${fs
      .readFileSync(path.join(buildDir, 'inputs.sha256'), 'utf8')
      .trim()
      .slice(0, 12)})`,
  );
  notes.push(
    `entry chunks (${entryFiles.length} files): ${kb(
      entryGzipTotal,
    )} KB gzip in all, ${kb(
      entryParsed.reduce((s, e) => s + Buffer.byteLength(e.text), 0),
    )} KB minified`,
  );
  notes.push(
    `initial modules not reached from the entry by the full walk: ${
      unreached.length
    } of ${initialResources.size}${
      unreached.length
        ? ` (e.g. ${unreached.slice(0, 5).map(rel).join(', ')})`
        : ''
    }`,
  );
  notes.push(
    `modules in the graph: ${graph.nodes.size}; entry roots: ${
      graph.roots.size
    }; lazy edge types skipped: ${[...graph.asyncTypes].join(', ') || 'none'}`,
  );

  // ---- entry contribution per plugin
  for (const plugin of plugins) {
    const stillReached = reachable(graph, id => {
      const r = graph.nodes.get(id)?.resource;
      return Boolean(r && r.startsWith(plugin.dir));
    });
    const reachedResources = new Set();
    for (const id of stillReached) {
      const r = graph.nodes.get(id)?.resource;
      if (r) reachedResources.add(r);
    }
    const owned = new Set(
      [...initialResources].filter(
        r => !reachedResources.has(r) && reachedAll.has(r),
      ),
    );
    let gzipDrop = 0;
    let raw = 0;
    const ownRanges = [];
    for (const e of entryParsed) {
      const mine = e.ranges.filter(([, , src]) => src && owned.has(src));
      if (mine.length === 0) continue;
      const rest = e.ranges
        .filter(([, , src]) => !(src && owned.has(src)))
        .map(([a, b]) => e.text.slice(a, b))
        .join('');
      gzipDrop += e.gzip - gzip(rest);
      raw += mine.reduce(
        (s, [a, b]) => s + Buffer.byteLength(e.text.slice(a, b)),
        0,
      );
      ownRanges.push(...mine);
    }
    const byPackage = topPackages(ownRanges, 8);
    const measured = crossCheck(plugin.name);
    report.plugins[plugin.name] = {
      entry_gzip_kb: kb(gzipDrop),
      ...(measured === undefined
        ? {}
        : { entry_gzip_kb_build_without: kb(measured) }),
      entry_minified_kb: kb(raw),
      entry_modules: owned.size,
      entry_by_package_minified_kb: byPackage,
      route_chunks_gzip_kb: {},
      route_loads_gzip_kb: {},
    };
    if (Math.max(kb(gzipDrop), kb(measured ?? 0)) > TARGET_ENTRY_KB) {
      misses.push(
        `${plugin.name} adds ${kb(
          gzipDrop,
        )} KB gzip to the entry (target ${TARGET_ENTRY_KB}); largest parts (minified KB): ${JSON.stringify(
          byPackage,
        )}`,
      );
    }
  }

  // ---- lazy chunks: whose import() is it?
  const nodeById = graph.nodes;
  const chunkOwner = new Map(); // chunk id -> Map(plugin name -> Set(route label))
  const label = origin => {
    const req = origin.request ?? '?';
    return req.startsWith('.') ? path.basename(req) : req;
  };
  const asyncChunks = stats.chunks.filter(
    c => !c.initial && !entryChunkIds.has(c.id),
  );
  let changed = true;
  while (changed) {
    changed = false;
    for (const c of asyncChunks) {
      for (const o of c.origins ?? []) {
        const node = nodeById.get(o.moduleIdentifier);
        const resource =
          node?.resource ??
          resourceOf({ identifier: o.moduleIdentifier ?? '' });
        const direct = pluginOf(resource);
        const owners = [];
        if (direct) owners.push([direct.name, label(o)]);
        // a lazy import made from a plugin's own lazy chunk (nested)
        for (const parentChunk of node?.chunks ?? []) {
          for (const [pname, routes] of chunkOwner.get(parentChunk) ?? []) {
            if (!direct)
              for (const r of routes)
                owners.push([pname, `${r.replace(/ > lazy$/, '')} > lazy`]);
          }
        }
        for (const [pname, route] of owners) {
          if (!chunkOwner.has(c.id)) chunkOwner.set(c.id, new Map());
          const m = chunkOwner.get(c.id);
          if (!m.has(pname)) m.set(pname, new Set());
          if (!m.get(pname).has(route)) {
            m.get(pname).add(route);
            changed = true;
          }
        }
      }
    }
  }

  const routeChunks = [];
  for (const c of asyncChunks) {
    const owners = chunkOwner.get(c.id);
    if (!owners) continue;
    for (const f of jsFiles(c)) {
      const parsed = sourceRanges(file(f));
      const size = gzip(parsed.text);
      routeChunks.push({ chunk: c, f, size, parsed, owners });
    }
  }
  let maxRoute = { size: 0 };
  const loadBytes = new Map();
  for (const rc of routeChunks) {
    if (rc.size > maxRoute.size) maxRoute = rc;
    for (const [pname, routes] of rc.owners) {
      const entryReport = report.plugins[pname];
      const routeList = [...routes].sort();
      const top = topPackages(rc.parsed.ranges, 1);
      const what = Object.keys(top)[0];
      const key = `${routeList.slice(0, 3).join(' | ')}${
        routeList.length > 3 ? ` (+${routeList.length - 3})` : ''
      } [${path.basename(rc.f)}${what ? `, mostly ${what}` : ''}]`;
      entryReport.route_chunks_gzip_kb[key] = kb(rc.size);
      for (const r of routeList.filter(x => !x.endsWith(' > lazy'))) {
        loadBytes.set(
          `${pname}\0${r}`,
          (loadBytes.get(`${pname}\0${r}`) ?? 0) + rc.size,
        );
        entryReport.route_loads_gzip_kb[r] = kb(
          loadBytes.get(`${pname}\0${r}`),
        );
      }
      if (kb(rc.size) > TARGET_ROUTE_KB) {
        misses.push(
          `${pname}: route chunk ${rc.f} is ${kb(
            rc.size,
          )} KB gzip (target ${TARGET_ROUTE_KB}), loaded by ${routeList.join(
            ', ',
          )}; largest parts (minified KB): ${JSON.stringify(
            topPackages(rc.parsed.ranges, 5),
          )}`,
        );
      }
    }
  }

  const entries = Object.entries(report.plugins);
  // the larger of the attribution and, when measured, the build without
  // the plugin (which also sees the runtime's table of lazy chunk names)
  const entryOf = r =>
    Math.max(r.entry_gzip_kb, r.entry_gzip_kb_build_without ?? 0);
  const maxEntry = entries.reduce(
    (m, [n, r]) => (entryOf(r) > m.v ? { n, v: entryOf(r) } : m),
    { n: '', v: 0 },
  );
  const out = {
    plugins: report.plugins,
    max_entry_gzip_kb: maxEntry.v,
    max_entry_plugin: maxEntry.n,
    max_route_chunk_gzip_kb: kb(maxRoute.size ?? 0),
    max_route_chunk: maxRoute.f
      ? `${maxRoute.f} (${[...maxRoute.owners.keys()].join(', ')})`
      : null,
    entry_total_gzip_kb: kb(entryGzipTotal),
    targets: {
      entry_gzip_kb_per_plugin: TARGET_ENTRY_KB,
      route_chunk_gzip_kb: TARGET_ROUTE_KB,
      entry_met: maxEntry.v <= TARGET_ENTRY_KB,
      route_chunks_met: kb(maxRoute.size ?? 0) <= TARGET_ROUTE_KB,
    },
    misses,
    kb: 1024,
    measured_at: new Date().toISOString(),
  };
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(
    path.join(resultsDir, 'bundle.json'),
    `${JSON.stringify(out, null, 2)}\n`,
  );
  notes.push('', 'misses:', ...(misses.length ? misses : ['none']));
  fs.writeFileSync(
    path.join(resultsDir, 'bundle-notes.txt'),
    `${notes.join('\n')}\n`,
  );
  console.log(notes.join('\n'));
}

main();
