export interface Config {
  /** Runway's SLO plugin (@runway/plugin-slo-backend). */
  slo?: {
    /**
     * Prometheus servers (or Amazon Managed Prometheus workspaces) that hold
     * the services' metrics and the generated recording rules. Each answers
     * for the environments it lists.
     */
    prometheus: Array<{
      /** Name shown in errors and in `runway_slo_prometheus_up{source}`. */
      name: string;
      /** Base URL, e.g. `http://prometheus.monitoring:9090` (the API is under `/api/v1`). */
      url: string;
      /** Environments this source answers for. Default: `[production]`. */
      environments?: string[];
      /** Per-query timeout in milliseconds. Default: 5000. */
      queryTimeoutMs?: number;
      /** Optional authentication. */
      auth?: {
        /**
         * `bearer` (token), `basic` (username, password) or `sigv4` (Amazon
         * Managed Prometheus: region; needs a request signer, see README).
         */
        type: 'bearer' | 'basic' | 'sigv4';
        /** @visibility secret */
        token?: string;
        username?: string;
        /** @visibility secret */
        password?: string;
        region?: string;
      };
    }>;
    /** Environment shown when a request names none. Default: `production`. */
    defaultEnvironment?: string;
    /** How long evaluated SLO figures are reused, in seconds. Default: 30. */
    cacheTtlSeconds?: number;
    /** The deploy gate (`GET /api/slo/gate`). */
    gate?: {
      /** Deny when an SLO has less than this fraction of its budget left. Default: 0.25. */
      minRemainingBudget?: number;
      /** Deny while a fast-burn (page) alert condition holds. Default: true. */
      denyOnFastBurn?: boolean;
      /** Allow when Prometheus cannot be asked (default false: deny). */
      failOpen?: boolean;
      /**
       * Allow an entity that declares no SLOs (no `runway.io/slo-ref`).
       * Default false: deny, with the reason "declares no SLOs".
       */
      allowWithoutSlos?: boolean;
    };
    /** How SLO files are read. */
    files?: {
      /**
       * The largest SLO file read, local or through the URL reader, in bytes;
       * reading stops there and the answer names the limit. Default: 262144
       * (256 KiB).
       */
      maxBytes?: number;
    };
    /**
     * Limits on the PromQL of SLO files (see the README's "SLO files and
     * their queries") and on the Prometheus queries of one request.
     */
    queries?: {
      /** The longest query one field of an SLO file may hold, in characters. Default: 2000. */
      maxExpressionLength?: number;
      /** The most vector selectors the queries of one SLO may hold together. Default: 10. */
      maxSelectors?: number;
      /** The longest regular expression of a label matcher, in characters. Default: 200. */
      maxRegexLength?: number;
      /** The most SLOs read from one file; the rest are reported and skipped. Default: 20. */
      maxSlosPerFile?: number;
      /** The most Prometheus queries one request has in flight at once. Default: 8. */
      maxConcurrentQueries?: number;
    };
    /**
     * Notifications to owners (through the notifications backend): an SLO
     * burning its error budget fast (the page-level burn-rate condition), or
     * with less of its budget left than `gate.minRemainingBudget`, in the
     * default environment. One notification per event across replicas.
     */
    notifications?: {
      /** Whether the check runs at all. Default: true. */
      enabled?: boolean;
      /**
       * How often the check runs, in minutes (once per cadence across all
       * replicas). Default: 5.
       */
      frequencyMinutes?: number;
      /**
       * How long after start-up the first check runs, in seconds (give the
       * catalog time to read its entities). Default: 60.
       */
      initialDelaySeconds?: number;
    };
    /**
     * Whether the Prometheus data is the generated sample history of `make
     * dev` (the UI then says "sample data"). Default: false.
     */
    sampleData?: boolean;
  };
}
