import { ForwardedError, InputError, NotFoundError } from '@backstage/errors';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { pipeline, Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { IncompleteGroup, TagKeys } from '@runway/plugin-aws-cost-common';
import { CostStore } from '../store/CostStore';
import { CUR_REQUIRED, mapCur } from './cur';
import { CsvRecord, MappedRow, RowError } from './fields';
import { AWS_PROVIDER, ExclusionTally, ImportExclusion } from './exclusions';
import { focusProvider, FOCUS_REQUIRED, mapFocus } from './focus';
import { dailyKey, SplitLedger } from './split';
import {
  badRowGroup,
  FILE_GROUP,
  RefusalTally,
  refusedCostOf,
} from './refusals';

/**
 * A problem with one row of a file (or with the file: its header, its CSV).
 * `message` names the file, the line and the column; `reason` is the same
 * without them.
 *
 * @public
 */
export type ImportRowError = {
  /** The file as the import names it (its path, or an S3 object's URL). */
  file: string;
  /** The line the row ends on (1 is the header). */
  line: number;
  /** The column whose value was refused, when one was. */
  column?: string;
  reason: string;
  message: string;
};

/**
 * What an import read, wrote per billing period and account, refused (bad
 * rows) and left out (rows of other providers or currencies).
 *
 * @public
 */
export type ImportResult = {
  format: 'focus' | 'cur2';
  rows: number;
  groups: Array<{
    billingPeriod: string;
    accountId: string;
    rows: number;
    stored: number;
    status: 'imported' | 'rejected';
  }>;
  errors: ImportRowError[];
  /** More errors than `errors` lists. */
  errorCount: number;
  /** Rows read without error but not stored: other providers, other currencies. */
  excluded: ImportExclusion[];
  /**
   * The billing period and account groups not written because of refused
   * rows (or because the file stopped being valid CSV), with the refused
   * rows' count and cost and what the group's figures miss. The store keeps
   * them with the refused rows (`CostStore.refused`).
   */
  incomplete: IncompleteGroup[];
};

/**
 * The largest record (one CSV row, quoted fields included) an import
 * reads: 1 MiB. Real FOCUS / CUR 2.0 lines are a few KiB; the bound keeps
 * one crafted line from holding memory without limit.
 */
export const MAX_RECORD_BYTES = 1024 * 1024;

type Stage = 'read' | 'gunzip' | 'parse';

/**
 * The streams that read a file into the CSV parser: the file (or the given
 * input), gunzip for a `.gz` path, with the stage each stands for.
 */
function readStages(options: {
  path?: string;
  input?: Readable;
  gzip?: boolean;
}): Array<[Readable, Stage]> {
  const file: Array<[Readable, Stage]> = [
    [options.input ?? createReadStream(options.path!), 'read'],
  ];
  const gzip = options.gzip ?? Boolean(options.path?.endsWith('.gz'));
  return gzip ? [...file, [createGunzip(), 'gunzip']] : file;
}

/** The error of a file that could not be read or decompressed. */
function readFailure(
  name: string,
  stage: Stage,
  error: NodeJS.ErrnoException,
  line: number,
): Error {
  if (stage === 'gunzip') {
    return new InputError(
      `Could not decompress cost file ${name} after line ${line}`,
      error,
    );
  }
  if (error.code === 'ENOENT') {
    return new NotFoundError(`Cost file ${name} does not exist`);
  }
  return new ForwardedError(
    `Could not read cost file ${name} after line ${line}`,
    error,
  );
}

/**
 * Imports a FOCUS 1.0-1.3 (cost and usage dataset) or CUR 2.0 (Data
 * Exports) file, CSV or gzipped CSV, streaming it row by row. Rows are
 * validated as the specification states each column (errors name the
 * file, the line and the column), aggregated to the store's daily key, and
 * written per billing period and account in one transaction each, replacing
 * what the source held for that period and account. Rows of a provider
 * other than AWS, and rows billed in another currency than `currency`, are
 * not stored; `excluded` counts them per provider and per currency with
 * their cost (a group of such rows only is replaced by nothing). A
 * period/account group with any bad row is not written at all (the refused
 * rows, at most `maxRefusedKept`, and those groups are kept in
 * `CostStore.refused`, replacing the file's previous record); a file that
 * is not valid CSV, or holds a record larger than 1 MiB, writes nothing
 * (reported in `errors` with its line).
 * A file that cannot be read or decompressed (missing, truncated .gz) also
 * writes nothing: the import rejects with an error naming the file and the
 * line it reached. Nothing is written before the whole file has been read.
 *
 * @public
 */
export async function importCostFile(options: {
  store: CostStore;
  source: string;
  path?: string;
  /** A stream to read instead of `path` (e.g. an S3 object's body). */
  input?: Readable;
  /** Gunzip the input; by default when `path` ends with `.gz`. */
  gzip?: boolean;
  /** What errors call the file; by default its path. */
  name?: string;
  /**
   * The source as `/status` names it, under which the refused rows are
   * kept (an S3 object's rows have a source of their own); default `source`.
   */
  statusSource?: string;
  /** Refused rows listed per file; default 10,000 (the rest are counted). */
  maxRefusedKept?: number;
  tagKeys: TagKeys;
  /** The dashboard's currency: rows in another are not stored. Default USD. */
  currency?: string;
  maxErrors?: number;
}): Promise<ImportResult> {
  const maxErrors = options.maxErrors ?? 100;
  const name = options.name ?? options.path ?? `the ${options.source} input`;
  const parser = parse({
    columns: true,
    bom: true,
    info: true,
    skip_empty_lines: true,
    relax_quotes: false,
    max_record_size: MAX_RECORD_BYTES,
  });
  // Every stream's error ends the import: pipeline destroys the others with
  // it, so the parser's iteration below throws. The first error names the
  // stage that failed (a later one is the same error, passed along).
  const stages: Array<[Readable, Stage]> = [
    ...readStages(options),
    [parser, 'parse'],
  ];
  let failure: { stage: Stage; error: NodeJS.ErrnoException } | undefined;
  stages.forEach(([stream, stage]) =>
    stream.once('error', (error: NodeJS.ErrnoException) => {
      failure ??= { stage, error };
    }),
  );
  pipeline(
    stages.map(([stream]) => stream),
    () => {},
  );
  type Group = {
    rows: number;
    bad: boolean;
    agg: Map<string, MappedRow>;
    split?: SplitLedger;
  };
  const groups = new Map<string, Group>();
  const errors: ImportRowError[] = [];
  let errorCount = 0;
  let format: ImportResult['format'] | undefined;
  let map: ((r: CsvRecord, k: TagKeys) => MappedRow) | undefined;
  let rows = 0;
  const exclusions = new ExclusionTally({
    file: name,
    currency: options.currency ?? 'USD',
  });
  const refusals = new RefusalTally({
    source: options.statusSource ?? options.source,
    file: name,
    currency: options.currency ?? 'USD',
    maxKept: options.maxRefusedKept,
  });
  /** Keeps the refused rows and the groups not written (replacing the file's). */
  const keepRefused = async (rejected: Array<[string, number]>) => {
    const incomplete = refusals.groups(rejected);
    await options.store.refused.replace(
      refusals.record(incomplete, new Date()),
    );
    return incomplete;
  };

  const report = (
    error: { line: number; column?: string; reason: string },
    groupKey: string = FILE_GROUP,
    cost?: { currency: string; micros: bigint },
  ) => {
    refusals.refuse(groupKey, error, cost);
    errorCount++;
    if (errors.length >= maxErrors) return;
    const where = error.column
      ? `${name}, line ${error.line}, column ${error.column}`
      : `${name}, line ${error.line}`;
    errors.push({ file: name, ...error, message: `${where}: ${error.reason}` });
  };

  try {
    for await (const item of parser as AsyncIterable<{
      record: CsvRecord;
      info: { lines: number };
    }>) {
      const { record, info } = item;
      if (!format) {
        const columns = Object.keys(record);
        if (FOCUS_REQUIRED.every(c => columns.includes(c))) {
          format = 'focus';
          map = mapFocus;
        } else if (CUR_REQUIRED.every(c => columns.includes(c))) {
          format = 'cur2';
          map = mapCur;
        } else {
          const missing = FOCUS_REQUIRED.filter(c => !columns.includes(c));
          report({
            line: 1,
            column: missing[0],
            reason: `Header is neither FOCUS 1.0-1.3 nor CUR 2.0: missing ${missing.join(
              ', ',
            )}`,
          });
          break;
        }
      }
      rows++;
      let mapped: MappedRow;
      let provider: string;
      try {
        mapped = map!(record, options.tagKeys);
        provider = format === 'focus' ? focusProvider(record) : AWS_PROVIDER;
      } catch (e) {
        const err = e as RowError;
        const groupKey = badRowGroup(record, format);
        const g = groups.get(groupKey) ?? {
          rows: 0,
          bad: false,
          agg: new Map(),
        };
        g.rows++;
        g.bad = true;
        groups.set(groupKey, g);
        report(
          { line: info.lines, column: err.column, reason: err.message },
          groupKey,
          refusedCostOf(record, format),
        );
        continue;
      }
      const groupKey = `${mapped.billingPeriod}|${mapped.accountId}`;
      let g = groups.get(groupKey);
      if (!g) {
        g = { rows: 0, bad: false, agg: new Map() };
        groups.set(groupKey, g);
      }
      g.rows++;
      // a group of left-out rows only is still replaced (by nothing)
      if (exclusions.leavesOut(mapped, provider)) continue;
      refusals.valid(groupKey, mapped.costMicros);
      if (g.bad) continue;
      const key = dailyKey(mapped);
      if (mapped.splitParent || mapped.resourceId) {
        (g.split ??= new SplitLedger()).note(mapped, key);
      }
      const existing = g.agg.get(key);
      if (existing) {
        existing.costMicros += mapped.costMicros;
        existing.billedMicros += mapped.billedMicros;
        if (mapped.billingPeriod > existing.billingPeriod) {
          existing.billingPeriod = mapped.billingPeriod;
        }
      } else {
        g.agg.set(key, mapped);
      }
    }
  } catch (e) {
    if (!failure) throw e;
    const line =
      (failure.error as { lines?: number }).lines ?? parser.info.lines;
    if (failure.stage !== 'parse') {
      throw readFailure(name, failure.stage, failure.error, line);
    }
    report({
      line,
      reason:
        failure.error.code === 'CSV_MAX_RECORD_SIZE'
          ? `Record is larger than the importer's limit of ${MAX_RECORD_BYTES} bytes`
          : `Not a valid CSV file: ${failure.error.message}`,
    });
    const incomplete = await keepRefused(
      [...groups.entries()].map(([k, g]) => [k, g.rows]),
    );
    return {
      format: format ?? 'focus',
      rows,
      incomplete,
      groups: [...groups.entries()].map(([k, g]) => ({
        billingPeriod: k.split('|')[0],
        accountId: k.split('|')[1],
        rows: g.rows,
        stored: 0,
        status: 'rejected' as const,
      })),
      errors,
      errorCount,
      excluded: exclusions.list(),
    };
  }

  const result: ImportResult = {
    format: format ?? 'focus',
    rows,
    groups: [],
    errors,
    errorCount,
    excluded: exclusions.list(),
    incomplete: [],
  };
  if (!format) {
    result.incomplete = await keepRefused([]);
    return result;
  }
  for (const [key, g] of [...groups.entries()].sort()) {
    const [billingPeriod, accountId] = key.split('|');
    if (g.bad) {
      result.groups.push({
        billingPeriod,
        accountId,
        rows: g.rows,
        stored: 0,
        status: 'rejected',
      });
      continue;
    }
    g.split?.settle(g.agg, dailyKey);
    const stored = [...g.agg.values()].map(r => ({
      ...r,
      billingPeriod,
      source: options.source,
    }));
    await options.store.replacePeriod({
      source: options.source,
      billingPeriod,
      accountId,
      rows: stored,
    });
    result.groups.push({
      billingPeriod,
      accountId,
      rows: g.rows,
      stored: stored.length,
      status: 'imported',
    });
  }
  result.incomplete = await keepRefused(
    [...groups.entries()].filter(([, g]) => g.bad).map(([k, g]) => [k, g.rows]),
  );
  return result;
}
