import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';
import {
  ADR_LOCATION_ANNOTATION,
  getAdrLocation,
} from '@runway/plugin-decisions-common';
import { checkOwnRepository } from './repository';

const execFileAsync = promisify(execFile);

/** The docs files Decisions reads from one entity. */
export type DocsFiles = {
  /**
   * ADR files in the entity's ADR location (`backstage.io/adr-location`),
   * each file name mapped to its text.
   */
  adrs: Map<string, string>;
  /**
   * The ADR folder's path inside the entity's built TechDocs (`adr` for
   * `docs/adr`, `''` for `docs`); undefined when the ADRs are not part of
   * its docs.
   */
  adrDocsFolder?: string;
  /** Whether the entity has TechDocs (only those count for runbook health). */
  hasDocs: boolean;
  /** `docs/runbook.md` or `docs/runbooks/index.md`, when present. */
  runbook?: {
    path: string;
    lastChanged?: string;
    source?: 'git' | 'file';
    /** The runbook's Markdown (its first {@link RUNBOOK_TEXT_LIMIT} characters). */
    text?: string;
  };
};

/** Most characters of a runbook read into the index. */
export const RUNBOOK_TEXT_LIMIT = 1_000_000;

/** Reads an entity's ADRs and its runbook, with the runbook's last change. */
export interface DocsSourceReader {
  read(entity: Entity): Promise<DocsFiles | undefined>;
}

const TECHDOCS_REF = 'backstage.io/techdocs-ref';
const RUNBOOK_CANDIDATES = ['docs/runbook.md', 'docs/runbooks/index.md'];

/**
 * Where an entity's docs live: a local folder (`dir:` next to a `file:`
 * catalog location, as in development) or a URL (`url:`, or `dir:` next to a
 * `url:` location, read through the UrlReader). Undefined without docs.
 */
export function docsSourceOf(
  entity: Entity,
): { type: 'dir'; path: string } | { type: 'url'; url: string } | undefined {
  const ref = entity.metadata.annotations?.[TECHDOCS_REF];
  if (!ref) return undefined;
  const { type, target } = parseLocationRef(ref);
  if (type === 'url') return { type: 'url', url: target };
  if (type !== 'dir') return undefined;
  const location = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!location) return undefined;
  const loc = parseLocationRef(location);
  if (loc.type === 'file') {
    return {
      type: 'dir',
      path: path.resolve(path.dirname(loc.target), target),
    };
  }
  if (loc.type === 'url') {
    return { type: 'url', url: new URL(target, loc.target).toString() };
  }
  return undefined;
}

/**
 * What relative annotations resolve against: the entity's source location
 * (`backstage.io/source-location`), else the folder of the catalog file
 * that holds it (`backstage.io/managed-by-location`).
 */
function sourceBaseOf(
  entity: Entity,
): { type: 'dir'; path: string } | { type: 'url'; url: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const source = annotations[ANNOTATION_SOURCE_LOCATION];
  if (source) {
    const { type, target } = parseLocationRef(source);
    if (type === 'url') {
      return { type: 'url', url: target.endsWith('/') ? target : `${target}/` };
    }
  }
  const location = annotations[ANNOTATION_LOCATION];
  if (!location) return undefined;
  const loc = parseLocationRef(location);
  if (loc.type === 'file')
    return { type: 'dir', path: path.dirname(loc.target) };
  if (loc.type === 'url') {
    return { type: 'url', url: new URL('.', loc.target).toString() };
  }
  return undefined;
}

/**
 * Where an entity's ADRs live: its `backstage.io/adr-location` (the
 * community ADR plugin's annotation), a folder relative to its source
 * location or a URL. Undefined without the annotation.
 */
export function adrSourceOf(
  entity: Entity,
): { type: 'dir'; path: string } | { type: 'url'; url: string } | undefined {
  const location = getAdrLocation(entity);
  if (!location) return undefined;
  if (/^https?:\/\//.test(location)) return { type: 'url', url: location };
  const base = sourceBaseOf(entity);
  if (!base) return undefined;
  if (base.type === 'dir') {
    return { type: 'dir', path: path.resolve(base.path, location) };
  }
  return { type: 'url', url: new URL(location, base.url).toString() };
}

/**
 * The ADR folder's path inside the built docs: relative to the docs
 * folder (`docs/`) of the TechDocs source; undefined outside it.
 */
export function adrDocsFolderOf(
  docs: { type: 'dir'; path: string } | { type: 'url'; url: string },
  adrs: { type: 'dir'; path: string } | { type: 'url'; url: string },
): string | undefined {
  let rel: string | undefined;
  if (docs.type === 'dir' && adrs.type === 'dir') {
    rel = path.relative(path.join(docs.path, 'docs'), adrs.path);
    rel = rel.split(path.sep).join('/');
  } else if (docs.type === 'url' && adrs.type === 'url') {
    // the catalog file's URL is a blob URL, the source location a tree URL
    const tree = (url: string) =>
      (url.endsWith('/') ? url : `${url}/`).replace(/\/blob\//, '/tree/');
    const root = new URL('docs/', tree(docs.url)).toString();
    const folder = tree(adrs.url);
    rel = folder.startsWith(root)
      ? folder.slice(root.length).replace(/\/$/, '')
      : undefined;
  }
  if (rel === undefined || rel.startsWith('..') || path.isAbsolute(rel)) {
    return undefined;
  }
  return rel;
}

/** Last commit time of a file from git (ISO); undefined outside git. */
async function gitLastChanged(file: string): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(
      'git',
      ['log', '-1', '--format=%cI', '--', path.basename(file)],
      { cwd: path.dirname(file), timeout: 10_000 },
    );
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads docs from the local disk (dir: sources) with git for last changes
 * (falling back to the file's modification time outside git, or for files
 * not yet committed), and from URLs through the UrlReader (no dates there).
 */
export class DefaultDocsSourceReader implements DocsSourceReader {
  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      /** origin locations whose entities may name any URL (catalog.locations) */
      trustedOrigins: string[];
    },
  ) {}

  async read(entity: Entity): Promise<DocsFiles | undefined> {
    const docs = docsSourceOf(entity);
    const adrSource = adrSourceOf(entity);
    if (!docs && !adrSource) return undefined;
    const { trustedOrigins } = this.options;
    if (adrSource?.type === 'url') {
      checkOwnRepository(
        entity,
        ADR_LOCATION_ANNOTATION,
        adrSource.url,
        trustedOrigins,
      );
    }
    if (docs?.type === 'url') {
      checkOwnRepository(entity, TECHDOCS_REF, docs.url, trustedOrigins);
    }
    let adrs = new Map<string, string>();
    if (adrSource) {
      adrs =
        adrSource.type === 'dir'
          ? await this.readAdrDir(adrSource.path)
          : await this.readAdrUrl(adrSource.url);
    }
    let runbook: DocsFiles['runbook'];
    if (docs) {
      runbook =
        docs.type === 'dir'
          ? await this.readRunbookDir(docs.path)
          : await this.readRunbookUrl(docs.url);
    }
    return {
      adrs,
      adrDocsFolder:
        docs && adrSource ? adrDocsFolderOf(docs, adrSource) : undefined,
      hasDocs: Boolean(docs),
      runbook,
    };
  }

  private async readAdrDir(adrDir: string): Promise<Map<string, string>> {
    const adrs = new Map<string, string>();
    const names = await fs.readdir(adrDir).catch(() => [] as string[]);
    for (const name of names.filter(n => n.endsWith('.md')).sort()) {
      adrs.set(name, await fs.readFile(path.join(adrDir, name), 'utf8'));
    }
    return adrs;
  }

  private async readRunbookDir(root: string): Promise<DocsFiles['runbook']> {
    for (const candidate of RUNBOOK_CANDIDATES) {
      const file = path.join(root, candidate);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat?.isFile()) continue;
      const fromGit = await gitLastChanged(file);
      const text = await fs.readFile(file, 'utf8');
      return {
        path: candidate,
        lastChanged: fromGit ?? stat.mtime.toISOString(),
        source: fromGit ? 'git' : 'file',
        text: text.slice(0, RUNBOOK_TEXT_LIMIT),
      };
    }
    return undefined;
  }

  /** The ADR folder's own files (not its subfolders). */
  private async readAdrUrl(url: string): Promise<Map<string, string>> {
    const tree = await this.options.urlReader.readTree(url, {
      filter: p => !p.includes('/') && p.endsWith('.md'),
    });
    const adrs = new Map<string, string>();
    for (const file of await tree.files()) {
      adrs.set(file.path, (await file.content()).toString('utf8'));
    }
    return adrs;
  }

  private async readRunbookUrl(url: string): Promise<DocsFiles['runbook']> {
    const tree = await this.options.urlReader.readTree(url, {
      filter: p => RUNBOOK_CANDIDATES.includes(p),
    });
    const files = await tree.files();
    for (const candidate of RUNBOOK_CANDIDATES) {
      const file = files.find(f => f.path === candidate);
      if (file) {
        const text = (await file.content()).toString('utf8');
        return {
          path: file.path,
          lastChanged: file.lastModifiedAt?.toISOString(),
          text: text.slice(0, RUNBOOK_TEXT_LIMIT),
        };
      }
    }
    return undefined;
  }
}
