/**
 * JSON shapes of the SLO backend's routes, shared by backend and frontend.
 */
import { SloStatus } from './math';
import { SloValidationIssue } from './types';

/**
 * A problem reaching a source (a Prometheus, the SLO file) that left part
 * of an answer empty. The rest of the answer is still valid.
 *
 * @public
 */
export type SloSourceError = { source: string; message: string };

/**
 * One SLO with its current figures.
 *
 * @public
 */
export type SloSummary = {
  entityRef: string;
  entityTitle?: string;
  owner?: string;
  tier?: string;
  name: string;
  displayName?: string;
  description?: string;
  service: string;
  /** Target as a fraction (0.999). */
  objective: number;
  /** `30d`, `28d`, `7d` or `calendar-month`. */
  window: string;
  sliType: 'ratio' | 'threshold' | 'raw';
  /** Which configured Prometheus answered. */
  source?: string;
  /** Observed SLI over the window (fraction), when known. */
  sli?: number;
  errorRatio?: number;
  /** Fraction of the error budget left (negative when overspent). */
  remaining?: number;
  consumed?: number;
  /** Burn rate over the last hour. */
  burnRate?: number;
  /** Seconds until the budget is gone at the current burn rate; null = never. */
  timeToExhaustionSeconds?: number | null;
  alerts: { page: boolean; ticket: boolean };
  status: SloStatus;
  /** When the figures were computed (ISO 8601). */
  evaluatedAt: string;
  /** Whether the figures came from recording rules (else raw expressions). */
  fromRecordingRules?: boolean;
  /** Why figures are missing, when they are. */
  error?: string;
};

/**
 * `GET /api/slo/entity/:kind/:namespace/:name`
 *
 * @public
 */
export type EntitySlosResponse = {
  entityRef: string;
  /** The annotation's value, when present. */
  sloRef?: string;
  slos: SloSummary[];
  /** Problems in the SLO file, each with the path of the bad field. */
  issues: SloValidationIssue[];
  errors: SloSourceError[];
};

/**
 * `GET /api/slo/slos` (every SLO in the catalog).
 *
 * @public
 */
export type SloListResponse = { items: SloSummary[]; errors: SloSourceError[] };

/**
 * A point of the budget burn-down: Unix seconds and the fraction of the
 * budget left at that time.
 *
 * @public
 */
export type BudgetPoint = { t: number; remaining: number };

/**
 * `GET /api/slo/entity/:kind/:namespace/:name/slos/:slo`
 *
 * @public
 */
export type SloDetailResponse = {
  slo: SloSummary;
  history: BudgetPoint[];
  /** Step between history points, in seconds. */
  stepSeconds: number;
  errors: SloSourceError[];
};

/**
 * The requests an entity served per calendar month, as its SLOs count them
 * (`GET /entity/:kind/:namespace/:name/requests`): for a Component the
 * total counter of its first event-based SLO, for a Group the sum over the
 * Components it owns. Behind cost per request.
 *
 * @public
 */
export type EntityRequestsResponse = {
  entityRef: string;
  env: string;
  /** The counters summed: each entity's SLO and its total query. */
  counters: Array<{ entityRef: string; slo: string }>;
  /** `YYYY-MM`, oldest first, the last is the month so far; `requests` absent without data. */
  months: Array<{ month: string; requests?: number }>;
  errors: SloSourceError[];
};

/**
 * `GET /api/slo/teams/:team/compliance?months=N`
 *
 * @public
 */
export type TeamComplianceResponse = {
  team: string;
  /** `YYYY-MM`, oldest first; the last is the month so far. */
  months: string[];
  rows: Array<{
    entityRef: string;
    slo: string;
    objective: number;
    months: Array<{ month: string; sli?: number; met?: boolean }>;
  }>;
  errors: SloSourceError[];
};

/**
 * `GET /api/slo/gate?entity=&env=`: 200 either way.
 *
 * @public
 */
export type GateResponse = {
  decision: 'allow' | 'deny';
  reasons: string[];
};
