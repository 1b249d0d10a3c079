/** Pure formatting for the EKS pages (tested in format.test.ts). */

/** `1930` millicores as `1.93 cores`. */
export function formatCores(millis: number): string {
  return `${(millis / 1000).toFixed(millis % 1000 === 0 ? 0 : 2)} cores`;
}

/** Bytes in binary units: `6.9 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

/** `requested / allocatable` as a whole percentage, `—` without capacity. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '—';
}

/** How long ago an ISO time was, relative to `now`: `42 s ago`, `5 min ago`, `3 h ago`. */
export function age(iso: string | undefined, now: Date): string {
  if (!iso) return 'unknown';
  const s = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 1000));
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 48 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

/** A human label for a version-support status. */
export function supportLabel(v: {
  status: string;
  version?: string;
  until?: string;
  daysLeft?: number;
}): string {
  switch (v.status) {
    case 'standard':
      return `${v.version}: standard support until ${v.until} (${v.daysLeft} days)`;
    case 'extended':
      return `${v.version}: extended support (extra cost) until ${v.until}`;
    case 'end-of-support':
      return `${v.version}: end of support since ${v.until}`;
    default:
      return `${v.version ?? 'unknown version'}: not in the EKS calendar`;
  }
}
