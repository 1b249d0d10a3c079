/*
 * Runbook link checking: every `runbook_url` of every Prometheus alert must
 * resolve to a TechDocs page and an anchor on it. The docs are built with the
 * mkdocs of the TechDocs venv (scripts/bootstrap), exactly as TechDocs builds
 * them, and the anchors are the `id` attributes of the built HTML.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/** One alert's runbook link and where it was found. */
export type RunbookLink = {
  alert: string;
  url: string;
  /** File (or generator) that holds the rule, for messages. */
  source: string;
};

/** A docs site: the folder holding mkdocs.yml, by entity ref. */
export type DocsSites = Map<string, string>;

/** Why a link does not resolve; undefined when it does. */
export type LinkProblem = RunbookLink & { problem: string };

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  '.runway',
  '.yarn',
  'dist',
  'dist-types',
  'test-results',
  'site',
]);

/** Every .yaml/.yml file under `root`, skipping build output and tools. */
export function yamlFiles(root: string, skip: (dir: string) => boolean = () => false): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !skip(full)) walk(full);
      } else if (/\.ya?ml$/.test(entry.name)) {
        out.push(full);
      }
    }
  };
  walk(root);
  return out.sort();
}

/**
 * The alerting rules with a runbook_url in one YAML text: PrometheusRule
 * objects (`spec.groups`) and plain Prometheus rule files (`groups`).
 * Documents that are neither are ignored.
 */
export function runbookLinksInYaml(text: string, source: string): RunbookLink[] {
  const links: RunbookLink[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) continue;
    const value = doc.toJS() as any;
    if (!value || typeof value !== 'object') continue;
    const groups =
      value.kind === 'PrometheusRule' ? value.spec?.groups : value.groups;
    if (!Array.isArray(groups)) continue;
    for (const group of groups) {
      for (const rule of group?.rules ?? []) {
        const url = rule?.annotations?.runbook_url;
        if (rule?.alert && typeof url === 'string') {
          links.push({ alert: String(rule.alert), url, source });
        }
      }
    }
  }
  return links;
}

/** Every runbook link in the repository's YAML files. */
export function runbookLinksInRepo(
  root: string,
  skip?: (dir: string) => boolean,
): RunbookLink[] {
  return yamlFiles(root, skip).flatMap(file =>
    runbookLinksInYaml(
      fs.readFileSync(file, 'utf8'),
      path.relative(root, file),
    ),
  );
}

/**
 * The docs sites of the catalog entities in `catalogFiles`: entities with
 * `backstage.io/techdocs-ref: dir:<path>`, resolved against their file, by
 * `<namespace>/<kind>/<name>` in lower case (TechDocs' URL form).
 */
export function docsSites(catalogFiles: string[]): DocsSites {
  const sites: DocsSites = new Map();
  for (const file of catalogFiles) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      const entity = doc.toJS() as any;
      const ref = entity?.metadata?.annotations?.['backstage.io/techdocs-ref'];
      if (typeof ref !== 'string' || !ref.startsWith('dir:')) continue;
      const key = [
        entity.metadata.namespace ?? 'default',
        entity.kind,
        entity.metadata.name,
      ]
        .join('/')
        .toLowerCase();
      sites.set(key, path.resolve(path.dirname(file), ref.slice(4)));
    }
  }
  return sites;
}

/** A runbook URL split into the TechDocs site, page path and anchor. */
export function parseRunbookUrl(url: string):
  | { entity: string; page: string; anchor: string }
  | { error: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { error: 'not a URL' };
  }
  const match = /^\/docs\/([^/]+)\/([^/]+)\/([^/]+)\/?(.*)$/.exec(
    parsed.pathname,
  );
  if (!match) {
    return { error: 'not a TechDocs URL (/docs/<namespace>/<kind>/<name>/...)' };
  }
  const anchor = decodeURIComponent(parsed.hash.replace(/^#/, ''));
  if (!anchor) return { error: 'no #anchor' };
  const entity = [match[1], match[2], match[3]].join('/').toLowerCase();
  return { entity, page: match[4].replace(/\/+$/, ''), anchor };
}

/** The `id` attributes of an HTML document. */
export function htmlIds(html: string): Set<string> {
  const ids = new Set<string>();
  for (const m of html.matchAll(/\sid\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    ids.add(m[1] ?? m[2]);
  }
  return ids;
}

/** Builds docs with mkdocs (`mkdocs` from PATH unless given). */
export class DocsBuilder {
  private readonly built = new Map<string, string>();

  constructor(
    private readonly options: { outDir: string; mkdocs?: string },
  ) {}

  /** Builds the site in `siteDir` once and returns the output folder. */
  build(siteDir: string): string {
    const cached = this.built.get(siteDir);
    if (cached) return cached;
    const out = path.join(
      this.options.outDir,
      `site-${this.built.size}-${path.basename(siteDir)}`,
    );
    try {
      execFileSync(
        this.options.mkdocs ?? 'mkdocs',
        ['build', '--quiet', '--site-dir', out, '--config-file', path.join(siteDir, 'mkdocs.yml')],
        { cwd: siteDir, stdio: 'pipe', timeout: 120_000 },
      );
    } catch (e: any) {
      throw new Error(
        `mkdocs build of ${siteDir} failed: ${e.stderr?.toString() ?? e.message}`,
      );
    }
    this.built.set(siteDir, out);
    return out;
  }
}

/**
 * Checks each link: its site is known, the page was built, and the page has
 * an element whose id is the anchor. Returns the links that do not resolve.
 */
export function checkRunbookLinks(
  links: RunbookLink[],
  sites: DocsSites,
  builder: DocsBuilder,
): LinkProblem[] {
  const problems: LinkProblem[] = [];
  for (const link of links) {
    const target = parseRunbookUrl(link.url);
    if ('error' in target) {
      problems.push({ ...link, problem: target.error });
      continue;
    }
    const siteDir = sites.get(target.entity);
    if (!siteDir) {
      problems.push({
        ...link,
        problem: `no catalog entity ${target.entity} with TechDocs (backstage.io/techdocs-ref dir:)`,
      });
      continue;
    }
    const out = builder.build(siteDir);
    const htmlFile = path.join(out, target.page, 'index.html');
    if (!fs.existsSync(htmlFile)) {
      problems.push({
        ...link,
        problem: `page ${target.page || '/'} does not exist in the docs of ${target.entity}`,
      });
      continue;
    }
    if (!htmlIds(fs.readFileSync(htmlFile, 'utf8')).has(target.anchor)) {
      problems.push({
        ...link,
        problem: `page ${target.page} of ${target.entity} has no anchor #${target.anchor}`,
      });
    }
  }
  return problems;
}

/** One line per problem, for test failure messages. */
export function formatProblems(problems: LinkProblem[]): string {
  return problems
    .map(p => `${p.source}: ${p.alert} -> ${p.url}: ${p.problem}`)
    .join('\n');
}
