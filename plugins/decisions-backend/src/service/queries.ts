import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { AuthenticationError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AdrListResponse } from '@runway/plugin-decisions-common';
import { DecisionsIndex } from './DecisionsIndex';
import { EntityRunbookSections } from './DecisionsStore';
import {
  RunbookSection,
  findAlertSection,
  headingIsAlert,
} from './runbookSections';

/**
 * What the queries read: the index (built with the plugin's own
 * credentials) and the catalog, asked with each caller's credentials.
 */
export type DecisionsQueryDeps = {
  index: DecisionsIndex;
  catalog: CatalogService;
  auth: AuthService;
};

/**
 * The subset of `refs` the caller may read in the catalog: the one check
 * every answer of the plugin (routes and actions) goes through. Only users
 * and services are answered, as the routes allow.
 */
export async function readableEntityRefs(
  deps: Pick<DecisionsQueryDeps, 'catalog' | 'auth'>,
  credentials: BackstageCredentials,
  refs: string[],
): Promise<Set<string>> {
  const { catalog, auth } = deps;
  if (
    !auth.isPrincipal(credentials, 'user') &&
    !auth.isPrincipal(credentials, 'service')
  ) {
    throw new AuthenticationError(
      'Decisions are answered to signed-in users and services only',
    );
  }
  const unique = [...new Set(refs)];
  if (unique.length === 0) return new Set();
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: unique,
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials },
  );
  return new Set(items.filter(Boolean).map(e => stringifyEntityRef(e!)));
}

/**
 * The ADRs of `GET /adrs`: every indexed ADR (of one entity, when
 * `entityRef` is given) whose entity the caller may read, with the read
 * errors of those entities.
 */
export async function listAdrs(
  deps: DecisionsQueryDeps,
  credentials: BackstageCredentials,
  entityRef?: string,
): Promise<AdrListResponse> {
  const snapshot = await deps.index.get();
  const candidates = snapshot.adrs.filter(
    a => !entityRef || a.entityRef === entityRef,
  );
  const allowed = await readableEntityRefs(
    deps,
    credentials,
    entityRef ? [entityRef] : candidates.map(a => a.entityRef),
  );
  return {
    items: candidates.filter(a => allowed.has(a.entityRef)),
    errors: snapshot.errors.filter(
      e =>
        allowed.has(e.entityRef) && (!entityRef || e.entityRef === entityRef),
    ),
    refreshedAt: snapshot.refreshedAt,
  };
}

/** One runbook section found for an alert. */
export type RunbookSectionMatch = Omit<EntityRunbookSections, 'sections'> & {
  section: RunbookSection;
};

/** The answer of {@link findRunbookSections}. */
export type RunbookSectionsAnswer = {
  /** The sections naming the alert, those headed by its exact name first. */
  matches: RunbookSectionMatch[];
  /**
   * With `entityRef`: the headings of that entity's runbook (empty when it
   * has none the caller may read), to pick from when nothing matched.
   */
  headings?: string[];
  /** Entities (readable by the caller) whose docs could not be read. */
  errors: { entityRef: string; message: string }[];
  refreshedAt?: string;
};

/**
 * The indexed runbook sections that name `alert`, in the runbooks of the
 * entities the caller may read (of one entity, when `entityRef` is given),
 * checked as `listAdrs` checks ADRs.
 */
export async function findRunbookSections(
  deps: DecisionsQueryDeps,
  credentials: BackstageCredentials,
  alert: string,
  entityRef?: string,
): Promise<RunbookSectionsAnswer> {
  const snapshot = await deps.index.get();
  const candidates = (snapshot.runbookSections ?? []).filter(
    r => !entityRef || r.entityRef === entityRef,
  );
  const allowed = await readableEntityRefs(
    deps,
    credentials,
    entityRef ? [entityRef] : candidates.map(r => r.entityRef),
  );
  const readable = candidates.filter(r => allowed.has(r.entityRef));
  const matches: RunbookSectionMatch[] = [];
  for (const { sections, ...runbook } of readable) {
    const section = findAlertSection(sections, alert);
    if (section) matches.push({ ...runbook, section });
  }
  const rank = (m: RunbookSectionMatch) =>
    headingIsAlert(m.section.heading, alert) ? 0 : 1;
  matches.sort((a, b) => rank(a) - rank(b));
  return {
    matches,
    ...(entityRef
      ? { headings: readable.flatMap(r => r.sections.map(s => s.heading)) }
      : {}),
    errors: snapshot.errors.filter(
      e =>
        allowed.has(e.entityRef) && (!entityRef || e.entityRef === entityRef),
    ),
    refreshedAt: snapshot.refreshedAt,
  };
}
