/** Longest section text kept in the index and answered (characters). */
export const SECTION_TEXT_LIMIT = 4000;

/** Most sections kept per runbook. */
const MAX_SECTIONS = 200;

/** One `##`-or-deeper section of a runbook, as the index keeps it. */
export type RunbookSection = {
  /** The heading's text as written, without the leading `#`s. */
  heading: string;
  /** The anchor mkdocs gives the heading (`#<anchor>` on the built page). */
  anchor: string;
  /** 2 for `##`, 3 for `###`, ... */
  level: number;
  /**
   * The section's Markdown below its heading, up to the next heading of the
   * same or a higher level, at most {@link SECTION_TEXT_LIMIT} characters.
   */
  text: string;
  /** Whether `text` was cut at the limit. */
  truncated: boolean;
};

/** A heading's text as rendered: links, code and emphasis marks removed. */
function renderedText(heading: string): string {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*~]/g, '')
    .trim();
}

/**
 * mkdocs' anchor for a heading (Python-Markdown's default `toc` slugify:
 * accents dropped, anything but word characters, spaces and hyphens
 * removed, lower-cased, runs of spaces and hyphens joined with `-`).
 */
export function anchorOf(heading: string): string {
  return renderedText(heading)
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[-\s]+/g, '-');
}

function cut(text: string): { text: string; truncated: boolean } {
  const trimmed = text.replace(/^\n+|\s+$/g, '');
  if (trimmed.length <= SECTION_TEXT_LIMIT) {
    return { text: trimmed, truncated: false };
  }
  const head = trimmed.slice(0, SECTION_TEXT_LIMIT);
  const lastLine = head.lastIndexOf('\n');
  return {
    text: lastLine > SECTION_TEXT_LIMIT / 2 ? head.slice(0, lastLine) : head,
    truncated: true,
  };
}

/**
 * The `##` (and deeper) sections of a Markdown runbook, in order, with the
 * anchors mkdocs gives them: `{#id}` after a heading sets its anchor, and a
 * repeated anchor gets `_1`, `_2`, ... as in the built page. Lines inside
 * fenced code blocks are never headings.
 */
export function parseRunbookSections(markdown: string): RunbookSection[] {
  const lines = markdown.split(/\r?\n/);
  const headings: { line: number; level: number; text: string }[] = [];
  let fence: string | undefined;
  lines.forEach((line, i) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker) {
      if (!fence) fence = marker;
      else if (marker[0] === fence[0] && marker.length >= fence.length) {
        fence = undefined;
      }
      return;
    }
    if (fence) return;
    const m = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (m) headings.push({ line: i, level: m[1].length, text: m[2] });
  });
  const used = new Map<string, number>();
  const sections: RunbookSection[] = [];
  headings.forEach((h, i) => {
    const attr = /\s*\{\s*#([\w-]+)[^}]*\}$/.exec(h.text);
    const heading = attr ? h.text.slice(0, attr.index).trim() : h.text;
    let anchor = attr ? attr[1] : anchorOf(heading);
    const seen = used.get(anchor);
    used.set(anchor, (seen ?? -1) + 1);
    if (seen !== undefined) anchor = `${anchor}_${seen + 1}`;
    if (h.level < 2) return;
    const end =
      headings.slice(i + 1).find(next => next.level <= h.level)?.line ??
      lines.length;
    sections.push({
      heading,
      anchor,
      level: h.level,
      ...cut(lines.slice(h.line + 1, end).join('\n')),
    });
  });
  return sections.slice(0, MAX_SECTIONS);
}

function words(text: string): string[] {
  return renderedText(text)
    .toLowerCase()
    .split(/[^\w]+/)
    .filter(Boolean);
}

/**
 * Whether a heading is the alert's name (compared as anchors, so case and
 * code marks do not matter).
 */
export function headingIsAlert(heading: string, alert: string): boolean {
  const key = anchorOf(alert);
  return key !== '' && anchorOf(heading) === key;
}

/**
 * The section for an alert: the one whose heading is the alert name (as
 * Runway's generated runbooks and `runway:runbook:section` write them,
 * `## CheckoutApiAvailabilityErrorBudgetFastBurn`, compared as their
 * anchors, so case and code marks do not matter); else the first whose
 * heading starts with the alert name as a whole word (`## CheckoutApiDown:
 * no pod ready`). Undefined when no heading names it.
 */
export function findAlertSection(
  sections: RunbookSection[],
  alert: string,
): RunbookSection | undefined {
  const exact = sections.find(s => headingIsAlert(s.heading, alert));
  if (exact) return exact;
  const name = words(alert);
  if (name.length !== 1) return undefined;
  return sections.find(s => words(s.heading)[0] === name[0]);
}
