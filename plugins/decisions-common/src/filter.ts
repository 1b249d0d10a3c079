import { EntityAdr } from './types';

/**
 * Filters of the Decisions page; every field is optional.
 *
 * @public
 */
export type AdrFilter = {
  status?: string[];
  owner?: string[];
  /** Inclusive ISO dates (YYYY-MM-DD). */
  from?: string;
  to?: string;
  /** Case-insensitive text in the title or the entity. */
  text?: string;
};

/**
 * Applies the Decisions page filters and sorts newest first (then by entity
 * and number). ADRs without a date never match a date range.
 *
 * @public
 */
export function filterAdrs(adrs: EntityAdr[], filter: AdrFilter): EntityAdr[] {
  const text = filter.text?.trim().toLowerCase();
  return adrs
    .filter(a => !filter.status?.length || filter.status.includes(a.status))
    .filter(a => !filter.owner?.length || filter.owner.includes(a.owner))
    .filter(a => !filter.from || (!!a.date && a.date >= filter.from))
    .filter(a => !filter.to || (!!a.date && a.date <= filter.to))
    .filter(
      a =>
        !text ||
        a.title.toLowerCase().includes(text) ||
        a.entityRef.toLowerCase().includes(text),
    )
    .sort(
      (a, b) =>
        (b.date ?? '').localeCompare(a.date ?? '') ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.number.localeCompare(b.number),
    );
}
