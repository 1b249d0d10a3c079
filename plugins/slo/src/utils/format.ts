import { SloSummary } from '@runway/plugin-slo-common';

/** `0.9995` -> `99.95 %`; undefined -> `–`. */
export function percent(value: number | undefined, digits = 2): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return `${(value * 100).toFixed(digits)} %`;
}

/** Remaining budget, clamped for display: `-12.3 %` stays negative (overspent). */
export function budgetPercent(value: number | undefined): string {
  return percent(value, 1);
}

/** `14.4x`; undefined -> `–`. */
export function burnRateText(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}x`;
}

/** Seconds as `3d 4h`, `5h 10m`, `12m`; null -> `never`. */
export function durationText(seconds: number | null | undefined): string {
  if (seconds === null) return 'never';
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  return `${m}m`;
}

/** How old data is: `just now`, `42 s ago`, `3 min ago`, `2 h ago`. */
export function dataAge(
  iso: string | undefined,
  now: number = Date.now(),
): string {
  if (!iso) return 'unknown';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}

/** `30d` -> `30 days`, `calendar-month` -> `calendar month`. */
export function windowText(window: string): string {
  if (window === 'calendar-month') return 'calendar month';
  const m = /^(\d+)([dwh])$/.exec(window);
  if (!m) return window;
  const unit = { d: 'day', w: 'week', h: 'hour' }[m[2] as 'd' | 'w' | 'h'];
  return `${m[1]} ${unit}${m[1] === '1' ? '' : 's'}`;
}

/** The group name of an owner ref: `group:default/team-checkout` -> `team-checkout`. */
export function ownerName(ref: string | undefined): string {
  if (!ref) return '–';
  return ref.replace(/^group:(default\/)?/, '');
}

/** Filters the overview list by owner and tier (empty = all), keeping the order. */
export function filterSlos(
  items: SloSummary[],
  filters: { owner?: string; tier?: string },
): SloSummary[] {
  return items.filter(
    s =>
      (!filters.owner || s.owner === filters.owner) &&
      (!filters.tier || s.tier === filters.tier),
  );
}

/** Distinct values for filter menus, sorted. */
export function distinct(values: Array<string | undefined>): string[] {
  return [...new Set(values.filter((v): v is string => Boolean(v)))].sort();
}

/** Sorts SLOs by remaining budget, lowest (most urgent) first, unknowns last. */
export function byRemainingBudget(items: SloSummary[]): SloSummary[] {
  return [...items].sort(
    (a, b) =>
      (a.remaining ?? Infinity) - (b.remaining ?? Infinity) ||
      a.name.localeCompare(b.name),
  );
}

/** Points of the burn-down chart: time in ms and remaining budget in percent. */
export function chartPoints(history: Array<{ t: number; remaining: number }>) {
  return history.map(p => ({
    time: p.t * 1000,
    remaining: Math.round(p.remaining * 1000) / 10,
  }));
}
