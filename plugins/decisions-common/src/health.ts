import { OwnerDocsHealth, RunbookHealth } from './types';

/** Runbooks unchanged for longer than this are listed as stale. @public */
export const DEFAULT_RUNBOOK_MAX_AGE_DAYS = 180;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Groups runbook freshness by owner: stale runbooks (older than
 * `maxAgeDays`, oldest first), entities without a runbook, and a count of
 * fresh ones. Owners sorted by name. A runbook of unknown age counts as fresh
 * (it is listed with its entity, not guessed).
 *
 * @public
 */
export function docsHealthByOwner(
  entries: RunbookHealth[],
  options: { now: Date; maxAgeDays?: number },
): OwnerDocsHealth[] {
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_RUNBOOK_MAX_AGE_DAYS;
  const byOwner = new Map<string, OwnerDocsHealth>();
  for (const entry of entries) {
    let owner = byOwner.get(entry.owner);
    if (!owner) {
      owner = { owner: entry.owner, stale: [], missing: [], fresh: 0 };
      byOwner.set(entry.owner, owner);
    }
    if (!entry.runbook) {
      owner.missing.push(entry);
      continue;
    }
    const changed = entry.lastChanged ? Date.parse(entry.lastChanged) : NaN;
    const ageDays = isNaN(changed)
      ? 0
      : Math.floor((options.now.getTime() - changed) / DAY_MS);
    if (ageDays > maxAgeDays) owner.stale.push({ ...entry, ageDays });
    else owner.fresh += 1;
  }
  const owners = [...byOwner.values()].sort((a, b) =>
    a.owner.localeCompare(b.owner),
  );
  for (const o of owners) {
    o.stale.sort((a, b) => b.ageDays - a.ageDays);
    o.missing.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
  }
  return owners;
}
