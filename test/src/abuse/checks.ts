/**
 * Leak checks shared by the case tables: predicates over an answer that
 * describe what leaked, or return undefined.
 */
import type { Answer } from './client';

/**
 * The answer without the request it echoes (Backstage's error bodies repeat
 * the method and URL, so a name the caller sent is no leak).
 */
export function ownText(answer: Answer): string {
  if (answer.json && typeof answer.json === 'object' && answer.json.request) {
    const { request: _echoed, ...rest } = answer.json;
    return JSON.stringify(rest);
  }
  return answer.text;
}

/** The answer names `text` (a marker of data the caller may not read). */
export const shows =
  (...texts: string[]) =>
  (answer: Answer): string | undefined => {
    const own = ownText(answer);
    const found = texts.filter(t => own.includes(t));
    return found.length > 0
      ? `the answer shows ${found.join(', ')}`
      : undefined;
  };

/** Several checks; the first finding wins. */
export const all =
  (
    ...checks: ((
      answer: Answer,
    ) => string | undefined | Promise<string | undefined>)[]
  ) =>
  async (answer: Answer): Promise<string | undefined> => {
    for (const check of checks) {
      const finding = await check(answer);
      if (finding) return finding;
    }
    return undefined;
  };

/**
 * An entity's cost answer that holds no spend: the hostile Components own
 * no AWS resources, so any amount is another team's.
 */
export function noSpend(answer: Answer): string | undefined {
  const body = answer.json;
  if (answer.status !== 200 || !body) return undefined;
  const amounts = [
    body.monthToDate,
    body.lastMonth,
    body.forecastMonthEnd,
    ...(body.series ?? []).map((s: { micros: number }) => s.micros),
  ];
  if (amounts.some(a => typeof a === 'number' && a !== 0)) {
    return `spend shown: ${amounts.join(', ')}`;
  }
  if ((body.topAwsServices ?? []).length > 0) {
    return `AWS services shown: ${JSON.stringify(body.topAwsServices)}`;
  }
  return undefined;
}

/** The allocation used is not the one the annotation wrote. */
export const notAllocatedBy =
  (tag: string, value: string) =>
  (answer: Answer): string | undefined =>
    (answer.json?.allocation ?? []).some(
      (a: { tag: string; value: string }) => a.tag === tag && a.value === value,
    )
      ? `the allocation ${tag}=${value} was used as written`
      : undefined;

/** An entity's workloads answer lists no workload (and so no pod). */
export function noWorkloads(answer: Answer): string | undefined {
  const workloads = answer.json?.health?.workloads;
  return Array.isArray(workloads) && workloads.length > 0
    ? `workloads shown: ${workloads
        .map((w: any) => `${w.cluster}/${w.namespace}`)
        .join(', ')}`
    : undefined;
}

/** An SLO answer whose SLOs were all refused, with an issue saying why. */
export const sloRefused =
  (issue: RegExp) =>
  (answer: Answer): string | undefined => {
    const body = answer.json;
    if (answer.status !== 200 || !body) return undefined;
    if ((body.slos ?? []).length > 0) {
      return `SLOs evaluated: ${body.slos.map((s: any) => s.name).join(', ')}`;
    }
    const messages = (body.issues ?? []).map(
      (i: { message: string }) => i.message,
    );
    return messages.some((m: string) => issue.test(m))
      ? undefined
      : `no issue matching ${issue} (issues: ${messages
          .join('; ')
          .slice(0, 300)})`;
  };

/** A Decisions answer with no ADR of the entity. */
export const noAdrs =
  (entityRef: string) =>
  (answer: Answer): string | undefined => {
    const items = (answer.json?.items ?? []).filter(
      (i: { entityRef: string }) => i.entityRef === entityRef,
    );
    return items.length > 0
      ? `ADRs served: ${items.map((i: any) => i.title).join(', ')}`
      : undefined;
  };

/** Splits a CSV text into rows of cells (RFC 4180 quoting). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/**
 * A CSV export none of whose text cells a spreadsheet would run as a
 * formula: no cell starts with `=`, `+`, `@`, tab or CR, nor with `-` unless
 * it is a number; and every row has the header's number of cells (a bare
 * CR would split a row).
 */
export function noFormulas(answer: Answer): string | undefined {
  if (answer.status !== 200) return undefined;
  const rows = parseCsv(answer.text);
  const width = rows[0]?.length ?? 0;
  for (const [i, row] of rows.entries()) {
    if (row.length !== width) {
      return `row ${i} has ${row.length} cells, the header ${width}`;
    }
    for (const cell of row) {
      if (
        /^[=+@\t\r]/.test(cell) ||
        (/^-/.test(cell) && !/^-\d+(\.\d+)?$/.test(cell))
      ) {
        return `row ${i}: a formula cell ${JSON.stringify(cell.slice(0, 40))}`;
      }
    }
  }
  return undefined;
}
