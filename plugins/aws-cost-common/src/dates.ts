import { Granularity } from './types';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day `YYYY-MM-DD`. @public */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.toISOString().slice(0, 10) === value;
}

/** The UTC day of a Date. @public */
export function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Adds days to a `YYYY-MM-DD` day. @public */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return toDay(d);
}

/** Whole days from `a` to `b` (b - a). @public */
export function daysBetween(a: string, b: string): number {
  return Math.round(
    (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000,
  );
}

/** First day of the month of `day`. @public */
export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** Adds months to the month of `day`, returning its first day. @public */
export function addMonths(day: string, months: number): string {
  const d = new Date(`${monthStart(day)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return toDay(d);
}

/**
 * The named date ranges of the Costs page, each ending on the last day with
 * data (`asOf`): the last 6 or 12 months, month to date, the last 30 days.
 * @public
 */
export const RANGE_PRESETS = ['6m', '12m', 'mtd', '30d'] as const;

/** One of `RANGE_PRESETS`. @public */
export type RangePresetName = (typeof RANGE_PRESETS)[number];

/**
 * The days of a named range ending on `asOf`, so a client can ask for a
 * range before it knows the last day with data. @public
 */
export function rangeForPreset(
  preset: RangePresetName,
  asOf: string,
): { from: string; to: string } {
  switch (preset) {
    case '12m':
      return { from: addMonths(monthStart(asOf), -11), to: asOf };
    case 'mtd':
      return { from: monthStart(asOf), to: asOf };
    case '30d':
      return { from: addDays(asOf, -29), to: asOf };
    default:
      return { from: addMonths(monthStart(asOf), -5), to: asOf };
  }
}

/** Last day of the month of `day`. @public */
export function monthEnd(day: string): string {
  return addDays(addMonths(day, 1), -1);
}

/** Number of days in the month of `day`. @public */
export function daysInMonth(day: string): number {
  return Number(monthEnd(day).slice(8, 10));
}

/** The period a day falls in: the day itself, or `YYYY-MM`. @public */
export function periodOf(day: string, granularity: Granularity): string {
  return granularity === 'daily' ? day : day.slice(0, 7);
}

/** Every period from `from` to `to` (inclusive days). @public */
export function periodsBetween(
  from: string,
  to: string,
  granularity: Granularity,
): string[] {
  const periods: string[] = [];
  if (granularity === 'daily') {
    for (let d = from; d <= to; d = addDays(d, 1)) periods.push(d);
  } else {
    for (let d = monthStart(from); d <= to; d = addMonths(d, 1)) {
      periods.push(d.slice(0, 7));
    }
  }
  return periods;
}

/**
 * The period of equal length right before `from..to` (for "change vs
 * previous period"). A range of whole months maps to the previous months.
 *
 * @public
 */
export function previousPeriod(
  from: string,
  to: string,
): { from: string; to: string } {
  if (from === monthStart(from) && to === monthEnd(to)) {
    const months =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
      Number(to.slice(5, 7)) -
      Number(from.slice(5, 7)) +
      1;
    const prevFrom = addMonths(from, -months);
    return { from: prevFrom, to: addDays(from, -1) };
  }
  const length = daysBetween(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}
