/**
 * A local service that the browser tests need beside the backend (a
 * Prometheus with sample history, Kubernetes control planes, ...). Each file
 * in this folder other than this one default-exports an `E2eService`;
 * globalSetup starts them all before the backend, merges their `config`
 * into the backend's test config, and stops them after the run.
 */
export type E2eService = {
  name: string;
  start(options: {
    /** A fresh folder for the service's state and logs. */
    dir: string;
  }): Promise<{
    /** Backend config (deep-merged with the other services' config). */
    config?: Record<string, unknown>;
    /** Catalog files registered as plain locations. */
    extraLocations?: string[];
    /** Locations of the development config read from a copy instead. */
    replaceLocations?: Record<string, string>;
    stop(): Promise<void>;
  }>;
};
