/**
 * MADR statuses Runway knows; any other status text is kept as written
 * (lower-cased) and shown as it is.
 *
 * @public
 */
export const ADR_STATUSES = [
  'proposed',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
] as const;

/**
 * An ADR's status: one of {@link ADR_STATUSES}, or any other status text as
 * the file has it (lower-cased).
 *
 * @public
 */
export type AdrStatus = (typeof ADR_STATUSES)[number] | string;

/**
 * One architecture decision record read from `<adr location>/NNNN-title.md`
 * (`backstage.io/adr-location`, e.g. `docs/adr`).
 *
 * @public
 */
export type Adr = {
  /** File name inside the ADR folder, e.g. `0001-transactional-outbox.md`. */
  file: string;
  /** The four-digit number from the file name (`0001`). */
  number: string;
  title: string;
  /** Lower-cased MADR status; `unknown` when the file has none. */
  status: AdrStatus;
  /** ISO date (YYYY-MM-DD) from the file; undefined when it has none. */
  date?: string;
  deciders?: string;
};

/**
 * An ADR with the entity it belongs to, as the Decisions page lists it.
 *
 * @public
 */
export type EntityAdr = Adr & {
  /** `component:default/checkout-api` */
  entityRef: string;
  entityTitle: string;
  /** Owner entity ref, e.g. `group:default/team-checkout`. */
  owner: string;
  /**
   * The ADR's TechDocs page path, e.g.
   * `/docs/default/component/checkout-api/adr/0001-x/`; undefined when the
   * ADR location is not inside the entity's docs.
   */
  docsPath?: string;
};

/**
 * Runbook freshness of one entity with docs.
 *
 * @public
 */
export type RunbookHealth = {
  entityRef: string;
  entityTitle: string;
  owner: string;
  /** Where the runbook was found (`docs/runbook.md` or `docs/runbooks/`), if any. */
  runbook?: string;
  /** Last change of the runbook, ISO timestamp, from git; undefined when unknown. */
  lastChanged?: string;
  /** How `lastChanged` was found. */
  lastChangedSource?: 'git' | 'file';
  /** TechDocs path of the runbook. */
  docsPath?: string;
};

/**
 * The docs-health verdict for one owner.
 *
 * @public
 */
export type OwnerDocsHealth = {
  owner: string;
  /** Entities with a runbook older than the limit, oldest first. */
  stale: (RunbookHealth & { ageDays: number })[];
  /** Entities with docs but no runbook. */
  missing: RunbookHealth[];
  /** Entities whose runbook is fresh. */
  fresh: number;
};

/**
 * Response of `GET /api/decisions/adrs`.
 *
 * @public
 */
export type AdrListResponse = {
  items: EntityAdr[];
  /** Entities whose ADRs could not be read: one entry each, never a failed response. */
  errors: { entityRef: string; message: string }[];
  /** When the index was last refreshed (ISO). */
  refreshedAt?: string;
};

/**
 * Response of `GET /api/decisions/health`.
 *
 * @public
 */
export type DocsHealthResponse = {
  maxAgeDays: number;
  owners: OwnerDocsHealth[];
  refreshedAt?: string;
};
