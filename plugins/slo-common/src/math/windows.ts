/**
 * Compliance windows in Unix seconds: rolling windows, calendar months (UTC)
 * and the window length used to scale burn rates.
 */
import { formatDuration } from '../duration';
import { SloWindow } from '../types';

const DAY = 86400;

/**
 * A time range in Unix seconds, `start` inclusive, `end` exclusive.
 *
 * @public
 */
export type TimeRange = { start: number; end: number };

/**
 * The compliance window ending at `now` (Unix seconds): the last N seconds
 * for a rolling window, the month so far for a calendar month (UTC).
 *
 * @public
 */
export function windowRange(window: SloWindow, now: number): TimeRange {
  if (window.type === 'rolling') {
    return { start: now - window.seconds, end: now };
  }
  return { start: calendarMonthRange(now).start, end: now };
}

/**
 * The calendar month (UTC) containing `at` (Unix seconds).
 *
 * @public
 */
export function calendarMonthRange(at: number): TimeRange {
  const d = new Date(at * 1000);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
  return { start, end };
}

/**
 * The last `count` calendar months (UTC) up to and including the one
 * containing `now`, oldest first, labelled `YYYY-MM`.
 *
 * @public
 */
export function lastCalendarMonths(
  now: number,
  count: number,
): Array<TimeRange & { month: string }> {
  const d = new Date(now * 1000);
  const out: Array<TimeRange & { month: string }> = [];
  for (let i = count - 1; i >= 0; i--) {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1) / 1000;
    const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i + 1, 1) / 1000;
    const s = new Date(start * 1000);
    out.push({
      start,
      end,
      month: `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(
        2,
        '0',
      )}`,
    });
  }
  return out;
}

/**
 * Length in seconds of the window used to scale burn rates: the rolling
 * duration, or 30 days for a calendar month.
 *
 * @public
 */
export function windowSeconds(window: SloWindow): number {
  return window.type === 'rolling' ? window.seconds : 30 * DAY;
}

/**
 * Duration label for a number of seconds, e.g. `30d`.
 *
 * @public
 */
export function windowLabel(seconds: number): string {
  return formatDuration(seconds);
}
