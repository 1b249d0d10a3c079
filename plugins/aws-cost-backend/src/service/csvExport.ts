import { LoggerService } from '@backstage/backend-plugin-api';
import { microsToDecimalString } from '@runway/plugin-aws-cost-common';
import express from 'express';
import { Readable } from 'node:stream';
import { EXPORT_COLUMNS } from '../store/dailyRows';

// The CSV export's cells. Text cells (every column but the two amounts)
// hold values that contributors control: AWS tag values, usage types,
// account names. A spreadsheet evaluates a cell that starts with `=`, `+`,
// `-`, `@`, a tab or a carriage return as a formula (CSV injection), so such
// a text cell gets a leading `'` (OWASP's advice) and reads as text. The
// amounts are numbers the export formats itself (`-1.500000`) and are
// written as they are: their minus sign stays a minus sign. Then any cell
// holding `"`, `,`, `\n` or `\r` is quoted, its quotes doubled (RFC 4180).

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\n\r]/;

function quoted(cell: string): string {
  return NEEDS_QUOTES.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** A text cell: formula starts neutralised with `'`, then quoted if needed. */
export function csvText(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return quoted(FORMULA_START.test(text) ? `'${text}` : text);
}

/** An amount cell: integer micros as an exact decimal number (`-1.500000`). */
export function csvAmount(micros: unknown): string {
  return microsToDecimalString(BigInt(micros as string | number | bigint));
}

/** The first line of the export. */
export const EXPORT_HEADER =
  'day,account_id,account_name,aws_service,region,usage_type,charge_type,team,service,environment,currency,cost,billed_cost,source\n';

/** The text columns of a row, in export order: every exported column but the amounts and the source. */
const TEXT_COLUMNS = EXPORT_COLUMNS.slice(
  0,
  EXPORT_COLUMNS.indexOf('cost_micros'),
);

/** One stored daily row (`CostStore.streamDaily`) as a line of the export. */
export function exportLine(row: Record<string, unknown>): string {
  return `${[
    ...TEXT_COLUMNS.map(c => csvText(row[c])),
    csvAmount(row.cost_micros),
    csvAmount(row.billed_micros),
    csvText(row.source),
  ].join(',')}\n`;
}

/** Resolves when the response can take more, or when it has closed. */
export function drainedOrClosed(res: express.Response): Promise<void> {
  return new Promise(resolve => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Streams daily rows to the response as CSV lines, at the client's pace.
 *
 * When the client goes away first (the response closes before its end),
 * the export stops and destroys the rows stream, which hands its database
 * connection back to the pool. The response's 'close' is the signal: the
 * request's 'close' fires once its body has been read, not when the client
 * leaves. knex releases a stream's connection on the stream's 'close' only
 * once it holds one, and a row arrives only after that; so before the
 * first row the stream is not destroyed but stopped at its first row (or
 * its end), never leaving a connection acquired afterwards.
 *
 * Never throws: headers are sent, so a database failure mid-export is
 * logged and ends the response abruptly.
 */
export async function streamCsv(options: {
  res: express.Response;
  rows: () => Readable;
  logger: LoggerService;
}): Promise<void> {
  const { res, logger } = options;
  if (res.destroyed) return;
  const rows = options.rows();
  let started = false;
  let gone = false;
  let written = 0;
  const onClose = () => {
    if (res.writableFinished) return;
    gone = true;
    if (started) rows.destroy();
  };
  res.on('close', onClose);
  try {
    for await (const row of rows as AsyncIterable<Record<string, unknown>>) {
      started = true;
      if (gone) break;
      written++;
      if (!res.write(exportLine(row))) await drainedOrClosed(res);
      if (gone) break;
    }
  } catch (e) {
    if (!gone) {
      logger.error(`CSV export failed: ${(e as Error).message}`);
      res.destroy(e as Error);
      return;
    }
  } finally {
    res.off('close', onClose);
  }
  if (gone) {
    logger.info(
      `CSV export stopped after ${written} rows: the client went away`,
    );
    return;
  }
  res.end();
}
