import { ADR_FILE_PATTERN } from './madr';
import { AdrStatus } from './types';

/**
 * The fields of a new ADR, as `renderAdr` writes them.
 *
 * @public
 */
export type NewAdr = {
  /** Four-digit number, e.g. `0007`. */
  number: string;
  title: string;
  status: AdrStatus;
  /** ISO date (YYYY-MM-DD). */
  date: string;
  deciders?: string;
  /** Context and problem statement. */
  context: string;
  /** Considered options, one list item each. */
  options?: string[];
  /** The decision and why. */
  decision: string;
  /** Good and bad consequences. */
  consequences?: string;
};

/**
 * A new ADR in MADR format with status, date and deciders as list items
 * under the title (`# ADR 0007: Title`), the form `parseMadr` reads back.
 *
 * @public
 */
export function renderAdr(adr: NewAdr): string {
  const lines = [
    `# ADR ${adr.number}: ${adr.title.trim()}`,
    '',
    `- Status: ${adr.status}`,
    `- Date: ${adr.date}`,
    ...(adr.deciders ? [`- Deciders: ${adr.deciders}`] : []),
    '',
    '## Context and Problem Statement',
    '',
    adr.context.trim(),
    '',
  ];
  if (adr.options?.length) {
    lines.push(
      '## Considered Options',
      '',
      ...adr.options.map(o => `- ${o}`),
      '',
    );
  }
  lines.push('## Decision Outcome', '', adr.decision.trim(), '');
  if (adr.consequences?.trim()) {
    lines.push('### Consequences', '', adr.consequences.trim(), '');
  }
  return lines.join('\n');
}

/**
 * The file-name part of an ADR title: lower case, runs of anything but
 * `a-z0-9` as one `-`, at most 60 characters
 * (`Use SQS for order events` becomes `use-sqs-for-order-events`).
 *
 * @public
 */
export function adrSlug(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/**
 * The file name of an ADR, `NNNN-<slug>.md`.
 *
 * @public
 */
export function adrFileName(number: string, title: string): string {
  return `${number}-${adrSlug(title)}.md`;
}

/**
 * The ADR files among `files` (names inside an ADR folder), by their
 * four-digit number.
 *
 * @public
 */
export function adrFilesByNumber(files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of files) {
    const m = ADR_FILE_PATTERN.exec(f);
    if (m) out.set(m[1], f);
  }
  return out;
}

/**
 * Appends a row (`| [NNNN](file) | title | status | date |`) to the decision
 * log table of an ADR folder's `index.md`; returns the text unchanged when it
 * has no table.
 *
 * @public
 */
export function addToDecisionLog(
  indexMd: string,
  row: {
    number: string;
    file: string;
    title: string;
    status: AdrStatus;
    date: string;
  },
): string {
  if (!/^\|.*\|\s*$/m.test(indexMd)) return indexMd;
  const line = `| [${row.number}](${row.file}) | ${row.title} | ${row.status} | ${row.date} |`;
  return `${indexMd.replace(/\s*$/, '')}\n${line}\n`;
}
