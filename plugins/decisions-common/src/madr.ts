import { parse as parseYaml } from 'yaml';
import { Adr } from './types';

/** `NNNN-some-title.md`: the files that are ADRs. */
export const ADR_FILE_PATTERN = /^(\d{4})-[a-z0-9][a-z0-9-]*\.md$/;

function isoDate(value: unknown): string | undefined {
  if (value instanceof Date && !isNaN(value.getTime())) {
    return value.toISOString().slice(0, 10);
  }
  if (typeof value !== 'string') return undefined;
  const match = /(\d{4}-\d{2}-\d{2})/.exec(value);
  return match?.[1];
}

/**
 * Parses an ADR in MADR format. Status, date and deciders come from YAML
 * front matter (MADR 3+: `status:`, `date:`, `deciders:`) or from the list
 * items under the title (MADR 2: `- Status: accepted`, `* Date: 2026-01-02`).
 * The title is the first `# ` heading without a leading `ADR 0001:` /
 * `0001.` prefix. Returns undefined when `file` is not an ADR file name.
 *
 * @public
 */
export function parseMadr(file: string, text: string): Adr | undefined {
  const name = /^(\d{4})-/.exec(file);
  if (!ADR_FILE_PATTERN.test(file) || !name) return undefined;
  let body = text.replace(/^\uFEFF/, '');
  let meta: Record<string, unknown> = {};
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(body);
  if (front) {
    try {
      const parsed = parseYaml(front[1]);
      if (parsed && typeof parsed === 'object') meta = parsed;
    } catch {
      // not YAML: treat as text
    }
    body = body.slice(front[0].length);
  }
  const field = (key: string): string | undefined => {
    const fromMeta = meta[key];
    if (fromMeta !== undefined && fromMeta !== null) {
      return fromMeta instanceof Date ? isoDate(fromMeta) : String(fromMeta);
    }
    const re = new RegExp(
      `^\\s*[-*]\\s*(?:\\*\\*)?${key}(?:\\*\\*)?\\s*:\\s*(?:\\*\\*)?\\s*(.+?)\\s*$`,
      'im',
    );
    return re.exec(body)?.[1];
  };
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(body)?.[1] ?? file;
  const title = heading
    .replace(/^(?:ADR[-\s]*)?\d{1,4}\s*[:.-]\s*/i, '')
    .trim();
  const status = (field('status') ?? 'unknown')
    .replace(/[*_`]/g, '')
    .trim()
    .split(/\s+/)[0]
    .toLowerCase();
  const deciders = field('deciders')?.replace(/[*_`]/g, '').trim();
  return {
    file,
    number: name[1],
    title,
    status: status || 'unknown',
    date: isoDate(meta.date) ?? isoDate(field('date')),
    ...(deciders ? { deciders } : {}),
  };
}

/**
 * The next free ADR number among existing file names, four digits.
 *
 * @public
 */
export function nextAdrNumber(files: string[]): string {
  const numbers = files
    .map(f => ADR_FILE_PATTERN.exec(f)?.[1])
    .filter((n): n is string => !!n)
    .map(Number);
  const next = numbers.length ? Math.max(...numbers) + 1 : 1;
  return String(next).padStart(4, '0');
}
