import { InputError } from '@backstage/errors';
import {
  addDays,
  COST_DIMENSIONS,
  CostDimension,
  daysBetween,
  Granularity,
  GRANULARITIES,
  isDay,
  monthStart,
  addMonths,
  RANGE_PRESETS,
  RangePresetName,
  rangeForPreset,
} from '@runway/plugin-aws-cost-common';
import { BreakdownFilter } from './AwsCostService';

type Query = Record<string, unknown>;

const MAX_DAYS = 3 * 366;

function single(query: Query, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(
      `Invalid query parameter '${name}': give it once, as a string`,
    );
  }
  return value;
}

/**
 * Parses `from`, `to` (YYYY-MM-DD) or a named `preset` (`RANGE_PRESETS`,
 * ending on `asOf`) and `granularity`, with defaults.
 */
export function parseRange(
  query: Query,
  asOf: string,
  defaults: { months: number; granularity: Granularity } = {
    months: 6,
    granularity: 'monthly',
  },
): { from: string; to: string; granularity: Granularity } {
  const preset = single(query, 'preset');
  let named: { from: string; to: string } | undefined;
  if (preset !== undefined) {
    if (!(RANGE_PRESETS as readonly string[]).includes(preset)) {
      throw new InputError(
        `Invalid query parameter 'preset': '${preset}' is not one of ${RANGE_PRESETS.join(
          ', ',
        )}`,
      );
    }
    for (const name of ['from', 'to']) {
      if (query[name] !== undefined) {
        throw new InputError(
          `Invalid query parameter '${name}': give either a preset or from and to, not both`,
        );
      }
    }
    named = rangeForPreset(preset as RangePresetName, asOf);
  }
  const from =
    named?.from ??
    single(query, 'from') ??
    addMonths(monthStart(asOf), -(defaults.months - 1));
  const to = named?.to ?? single(query, 'to') ?? asOf;
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ]) {
    if (!isDay(value)) {
      throw new InputError(
        `Invalid query parameter '${name}': '${value}' is not a date (YYYY-MM-DD)`,
      );
    }
  }
  if (from > to) {
    throw new InputError(
      `Invalid query parameter 'from': ${from} is after 'to' (${to})`,
    );
  }
  if (daysBetween(from, to) + 1 > MAX_DAYS) {
    throw new InputError(
      `Invalid query parameter 'from': the range is longer than ${MAX_DAYS} days`,
    );
  }
  const granularity = (single(query, 'granularity') ??
    defaults.granularity) as Granularity;
  if (!GRANULARITIES.includes(granularity)) {
    throw new InputError(
      `Invalid query parameter 'granularity': '${granularity}' is not one of ${GRANULARITIES.join(
        ', ',
      )}`,
    );
  }
  if (granularity === 'daily' && daysBetween(from, to) > 400) {
    throw new InputError(
      `Invalid query parameter 'granularity': daily is limited to 400 days`,
    );
  }
  return { from, to, granularity };
}

/** Parses `dimension` (default `fallback`); names the parameter when invalid. */
export function parseDimension(
  query: Query,
  fallback: CostDimension = 'team',
): CostDimension {
  const dimension = (single(query, 'dimension') ?? fallback) as CostDimension;
  if (!COST_DIMENSIONS.includes(dimension)) {
    throw new InputError(
      `Invalid query parameter 'dimension': '${dimension}' is not one of ${COST_DIMENSIONS.join(
        ', ',
      )}`,
    );
  }
  return dimension;
}

/** Parses the drill-down filter: one optional parameter per dimension. */
export function parseFilter(query: Query): BreakdownFilter {
  const filter: BreakdownFilter = {};
  for (const d of COST_DIMENSIONS) {
    const v = single(query, d);
    if (v !== undefined) {
      if (v === '' || v.length > 255) {
        throw new InputError(
          `Invalid query parameter '${d}': must be 1-255 characters`,
        );
      }
      filter[d] = v;
    }
  }
  return filter;
}

/** Parses `limit` (1-100, default 10). */
export function parseLimit(query: Query): number {
  const raw = single(query, 'limit') ?? '10';
  const limit = Number(raw);
  if (!/^\d+$/.test(raw) || limit < 1 || limit > 100) {
    throw new InputError(
      `Invalid query parameter 'limit': '${raw}' is not an integer from 1 to 100`,
    );
  }
  return limit;
}

/**
 * Parses `offset` (0 or more, default 0) and `limit` (1 to `max`, default
 * `fallback`) of a paged list.
 */
export function parsePage(
  query: Query,
  options: { fallback: number; max: number },
): { offset: number; limit: number } {
  const integer = (name: string, raw: string, min: number, max: number) => {
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      throw new InputError(
        `Invalid query parameter '${name}': '${raw}' is not an integer from ${min} to ${max}`,
      );
    }
    return value;
  };
  return {
    offset: integer('offset', single(query, 'offset') ?? '0', 0, 1_000_000_000),
    limit: integer(
      'limit',
      single(query, 'limit') ?? String(options.fallback),
      1,
      options.max,
    ),
  };
}

/** Parses a parameter that takes one of `values` (default the first). */
export function parseChoice<T extends string>(
  query: Query,
  name: string,
  values: readonly T[],
): T {
  const value = (single(query, name) ?? values[0]) as T;
  if (!values.includes(value)) {
    throw new InputError(
      `Invalid query parameter '${name}': '${value}' is not one of ${values.join(
        ', ',
      )}`,
    );
  }
  return value;
}

/** Parses an optional text parameter (1-255 characters). */
export function parseText(query: Query, name: string): string | undefined {
  const value = single(query, name);
  if (value !== undefined && (value === '' || value.length > 255)) {
    throw new InputError(
      `Invalid query parameter '${name}': must be 1-255 characters`,
    );
  }
  return value;
}

/** Rejects parameters a route does not know (typos would silently do nothing). */
export function rejectUnknown(query: Query, known: string[]) {
  for (const name of Object.keys(query)) {
    if (!known.includes(name)) {
      throw new InputError(`Unknown query parameter '${name}'`);
    }
  }
}

export { addDays };
