/**
 * The normalised SLO model: what OpenSLO v1 and Sloth prometheus/v1 files
 * are parsed into, and what rule generation, the math and the backend use.
 */

/**
 * How good and total events are counted.
 *
 * - `ratio`: PromQL for good (or bad) and total events. A query containing
 *   `{{.window}}` is a full expression (Sloth convention); otherwise it is a
 *   counter selector wrapped in `sum(rate(<selector>[window]))`.
 * - `threshold`: a latency histogram; good events are those at or below
 *   `threshold` seconds (`<metric>_bucket{le="<threshold>"}`), total events
 *   `<metric>_count`.
 * - `raw`: an error-ratio expression with `{{.window}}` (Sloth `sli.raw`).
 *
 * @public
 */
export type SliDefinition =
  | { type: 'ratio'; good?: string; bad?: string; total: string }
  | {
      type: 'threshold';
      /** Histogram base name with optional selector, e.g. `http_request_duration_seconds{job="x"}`. */
      metric: string;
      /** Seconds; must be one of the histogram's `le` bucket bounds. */
      threshold: number;
    }
  | { type: 'raw'; errorRatio: string };

/**
 * The SLO's compliance window.
 *
 * @public
 */
export type SloWindow =
  | { type: 'rolling'; /** e.g. `30d` */ duration: string; seconds: number }
  | { type: 'calendar-month'; timeZone: string };

/**
 * One SLO, normalised.
 *
 * @public
 */
export type SloDefinition = {
  /** Unique name within the file, e.g. `checkout-api-availability`. */
  name: string;
  displayName?: string;
  description?: string;
  /** The service (OpenSLO `spec.service`, Sloth `service`). */
  service: string;
  /** Target as a fraction, e.g. 0.999. */
  objective: number;
  window: SloWindow;
  sli: SliDefinition;
  /** Extra labels for generated rules and alerts. */
  labels: Record<string, string>;
  alerting: {
    /** Page (fast burn) alert enabled. */
    page: boolean;
    /** Ticket (slow burn) alert enabled. */
    ticket: boolean;
    /** Extra labels on both alerts. */
    labels: Record<string, string>;
    /** Extra annotations on both alerts. */
    annotations: Record<string, string>;
  };
  /** `openslo/v1` or `prometheus/v1` (Sloth). */
  format: 'openslo/v1' | 'sloth/prometheus/v1';
};

/**
 * A problem in an SLO file: the path of the bad field (e.g.
 * `documents[1].spec.objectives[0].target`) and what is wrong.
 *
 * @public
 */
export type SloValidationIssue = { path: string; message: string };

/**
 * The result of parsing an SLO file: every valid SLO plus every problem
 * found. A file with problems may still yield the SLOs that are valid.
 *
 * @public
 */
export type SloParseResult = {
  slos: SloDefinition[];
  issues: SloValidationIssue[];
};
