import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  parseLocationRef,
} from '@backstage/catalog-model';

const execFileAsync = promisify(execFile);

/** The docs files Decisions reads from one entity's TechDocs source. */
export type DocsFiles = {
  /** ADR files in docs/adr: name -> text. */
  adrs: Map<string, string>;
  /** `docs/runbook.md` or `docs/runbooks/index.md`, when present. */
  runbook?: { path: string; lastChanged?: string; source?: 'git' | 'file' };
};

/** Reads an entity's docs: ADRs and its runbook, with the runbook's last change. */
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
  constructor(private readonly options: { urlReader: UrlReaderService }) {}

  async read(entity: Entity): Promise<DocsFiles | undefined> {
    const source = docsSourceOf(entity);
    if (!source) return undefined;
    return source.type === 'dir'
      ? this.readDir(source.path)
      : this.readUrl(source.url);
  }

  private async readDir(root: string): Promise<DocsFiles> {
    const adrs = new Map<string, string>();
    const adrDir = path.join(root, 'docs', 'adr');
    const names = await fs.readdir(adrDir).catch(() => [] as string[]);
    for (const name of names.filter(n => n.endsWith('.md')).sort()) {
      adrs.set(name, await fs.readFile(path.join(adrDir, name), 'utf8'));
    }
    for (const candidate of RUNBOOK_CANDIDATES) {
      const file = path.join(root, candidate);
      const stat = await fs.stat(file).catch(() => undefined);
      if (!stat?.isFile()) continue;
      const fromGit = await gitLastChanged(file);
      return {
        adrs,
        runbook: {
          path: candidate,
          lastChanged: fromGit ?? stat.mtime.toISOString(),
          source: fromGit ? 'git' : 'file',
        },
      };
    }
    return { adrs };
  }

  private async readUrl(url: string): Promise<DocsFiles> {
    const tree = await this.options.urlReader.readTree(url, {
      filter: p => p.startsWith('docs/adr/') || RUNBOOK_CANDIDATES.includes(p),
    });
    const adrs = new Map<string, string>();
    let runbook: DocsFiles['runbook'];
    for (const file of await tree.files()) {
      if (file.path.startsWith('docs/adr/') && file.path.endsWith('.md')) {
        adrs.set(
          path.basename(file.path),
          (await file.content()).toString('utf8'),
        );
      } else if (RUNBOOK_CANDIDATES.includes(file.path)) {
        runbook = {
          path: file.path,
          lastChanged: file.lastModifiedAt?.toISOString(),
        };
      }
    }
    return { adrs, runbook };
  }
}
