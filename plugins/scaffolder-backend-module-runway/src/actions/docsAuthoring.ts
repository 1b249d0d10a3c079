/*
 * Pure helpers of the docs actions (runway:adr:create,
 * runway:runbook:section): input checks that name the field, mkdocs nav
 * updates, runbook sections and the ADR folder check. The ADR format itself
 * (rendering, numbering, file names, the decision log) is
 * `@runway/plugin-decisions-common`'s.
 */
import path from 'node:path';
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';

/**
 * A problem with a title used as a file name or heading, naming the field;
 * undefined when it is fine: no path characters, no line breaks or Markdown
 * heading marks, 3 to 120 characters.
 */
export function checkTitle(field: string, title: string): string | undefined {
  const t = title.trim();
  if (t.length < 3 || t.length > 120) {
    return `${field}: must be 3 to 120 characters long`;
  }
  if (/[/\\]/.test(t) || t.includes('..')) {
    return `${field}: must not contain path characters (/, \\ or ..)`;
  }
  if (/[\r\n\t\0]/.test(t) || /[<>`#]/.test(t)) {
    return `${field}: must be one line without <, >, \` or #`;
  }
  if (!/[a-z0-9]/i.test(t)) {
    return `${field}: must contain letters or digits`;
  }
  return undefined;
}

/**
 * Adds `label: path` under the top-level nav entry named `section` of an
 * mkdocs.yml (creating the entry when missing), keeping comments and layout.
 * Returns the text unchanged when the file has no nav (mkdocs then lists
 * every page by itself).
 */
export function addToNav(
  mkdocsYml: string,
  section: string,
  label: string,
  pagePath: string,
): string {
  const doc = parseDocument(mkdocsYml);
  const nav = doc.get('nav');
  if (!isSeq(nav)) return mkdocsYml;
  let target: YAMLSeq | undefined;
  for (const item of (nav as YAMLSeq).items) {
    if (isMap(item) && (item as YAMLMap).has(section)) {
      const value = (item as YAMLMap).get(section);
      if (isSeq(value)) target = value as YAMLSeq;
      else if (typeof value === 'string' || value === null) {
        // `- Runbook: runbook.md` becomes a section holding both pages
        const seq = doc.createNode(
          value ? [{ [section]: value }] : [],
        ) as YAMLSeq;
        (item as YAMLMap).set(section, seq);
        target = seq;
      }
    }
  }
  if (!target) {
    target = doc.createNode([]) as YAMLSeq;
    (nav as YAMLSeq).add(doc.createNode({ [section]: target }));
  }
  target.add(doc.createNode({ [label]: pagePath }));
  return doc.toString({ lineWidth: 0 });
}

/** The `## ` headings of a Markdown file. */
export function sectionHeadings(markdown: string): string[] {
  return [...markdown.matchAll(/^##\s+(.+?)\s*#*\s*$/gm)].map(m => m[1].trim());
}

/** mkdocs' anchor for a heading (default toc slugify). */
export function anchorOf(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s]+/g, '-');
}

export type RunbookSectionFields = {
  title: string;
  severity: string;
  meaning: string;
  check: string;
  fix: string;
  escalate?: string;
};

/** One runbook section in the house format (docs/writing-docs.md). */
export function renderRunbookSection(f: RunbookSectionFields): string {
  return [
    `## ${f.title.trim()}`,
    '',
    `**Severity:** ${f.severity}`,
    '',
    `**Meaning:** ${f.meaning.trim()}`,
    '',
    '**Check:**',
    '',
    f.check.trim(),
    '',
    '**Fix:**',
    '',
    f.fix.trim(),
    '',
    ...(f.escalate?.trim() ? [`**Escalate:** ${f.escalate.trim()}`, ''] : []),
  ].join('\n');
}

/**
 * An ADR folder (`backstage.io/adr-location`, relative to the repository)
 * as a clean relative path under `docs/` (TechDocs publishes only docs/);
 * undefined when it is anything else (absolute, `..`, outside docs/).
 */
export function adrFolder(location: string): string | undefined {
  const raw = location.trim().replace(/^\.\//, '');
  if (raw.startsWith('/') || raw.split('/').includes('..')) return undefined;
  const clean = path.posix.normalize(raw).replace(/\/+$/, '');
  return clean.startsWith('docs/') ? clean : undefined;
}
