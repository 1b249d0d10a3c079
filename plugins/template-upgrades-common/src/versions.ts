/**
 * Orders two template versions (`1.2.0` before `1.10.0`): numeric parts
 * numerically, a version with a pre-release part (`1.2.0-rc.1`) before the
 * release, anything else by text. Negative when `a` comes first.
 *
 * @public
 */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitVersion(a);
  const [coreB, preB] = splitVersion(b);
  const length = Math.max(coreA.length, coreB.length);
  for (let i = 0; i < length; i++) {
    const x = coreA[i] ?? '0';
    const y = coreB[i] ?? '0';
    const byNumber =
      /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : 0;
    if (byNumber !== 0) return byNumber;
    if (x !== y) return x < y ? -1 : 1;
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

function splitVersion(version: string): [string[], string | undefined] {
  const trimmed = version.trim().replace(/^v/i, '');
  const dash = trimmed.indexOf('-');
  const core = dash < 0 ? trimmed : trimmed.slice(0, dash);
  return [core.split('.'), dash < 0 ? undefined : trimmed.slice(dash + 1)];
}
