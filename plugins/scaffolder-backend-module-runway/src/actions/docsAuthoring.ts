import path from 'node:path';
/*
 * Pure helpers of the docs actions (runway:adr:create,
 * runway:runbook:section): input checks that name the field, MADR rendering,
 * mkdocs nav and decision-log updates, runbook sections.
 */
import { isMap, isSeq, parseDocument, YAMLMap, YAMLSeq } from 'yaml';

/** `NNNN-title.md` */
export const ADR_FILE = /^(\d{4})-[a-z0-9][a-z0-9-]*\.md$/;

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

/** `Use SQS for order events` -> `use-sqs-for-order-events` */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The ADR numbers of the files in docs/adr, by number. */
export function adrNumbers(files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const m = ADR_FILE.exec(f);
    if (m) out.set(m[1], f);
  }
  return out;
}

export type AdrFields = {
  number: string;
  title: string;
  status: string;
  date: string;
  deciders?: string;
  context: string;
  options?: string[];
  decision: string;
  consequences?: string;
};

/** An ADR in MADR format with status and date under the title. */
export function renderAdr(f: AdrFields): string {
  const lines = [
    `# ADR ${f.number}: ${f.title.trim()}`,
    '',
    `- Status: ${f.status}`,
    `- Date: ${f.date}`,
    ...(f.deciders ? [`- Deciders: ${f.deciders}`] : []),
    '',
    '## Context and Problem Statement',
    '',
    f.context.trim(),
    '',
  ];
  if (f.options?.length) {
    lines.push(
      '## Considered Options',
      '',
      ...f.options.map(o => `- ${o}`),
      '',
    );
  }
  lines.push('## Decision Outcome', '', f.decision.trim(), '');
  if (f.consequences?.trim()) {
    lines.push('### Consequences', '', f.consequences.trim(), '');
  }
  return lines.join('\n');
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

/** Appends a row to the decision log table of docs/adr/index.md, if it has one. */
export function addToDecisionLog(
  indexMd: string,
  row: {
    number: string;
    file: string;
    title: string;
    status: string;
    date: string;
  },
): string {
  if (!/^\|.*\|\s*$/m.test(indexMd)) return indexMd;
  const line = `| [${row.number}](${row.file}) | ${row.title} | ${row.status} | ${row.date} |`;
  return `${indexMd.replace(/\s*$/, '')}\n${line}\n`;
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
