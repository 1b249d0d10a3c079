/**
 * Error ratios of one SLO per window, from one Prometheus.
 *
 * @public
 */
export type Evaluation = {
  /** Name of the Prometheus source that answered. */
  source: string;
  /** `5m` ... `3d` and `window` (the SLO's whole window). */
  ratios: Record<string, number | undefined>;
  /** Whether the ratios came from recording rules (else raw expressions). */
  fromRecordingRules: boolean;
  /** Unix seconds. */
  evaluatedAt: number;
};

/**
 * Told whether each call to a Prometheus source succeeded.
 *
 * @public
 */
export type SourceHealthListener = (source: string, up: boolean) => void;
