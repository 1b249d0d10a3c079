import { Config } from '@backstage/config';
import { trustedOriginsFromConfig } from '@runway/backend-common';
import { PrometheusClient, RequestSigner } from './service/PrometheusClient';

/**
 * A configured Prometheus and the environments it answers for.
 *
 * @public
 */
export type PrometheusSource = {
  client: PrometheusClient;
  environments: string[];
};

/**
 * The plugin's settings, read once at start-up.
 *
 * @public
 */
export type SloSettings = {
  sources: PrometheusSource[];
  defaultEnvironment: string;
  cacheTtlMs: number;
  gate: {
    minRemainingBudget: number;
    denyOnFastBurn: boolean;
    failOpen: boolean;
    /** Allow an entity that declares no SLOs (default false: deny). */
    allowWithoutSlos: boolean;
  };
  files: SloFileSettings;
  queries: SloQueryLimits;
  notifications: SloNotificationSettings;
  sampleData: boolean;
};

/**
 * Notifications to the owners of SLOs that burn fast or whose budget is
 * below the deploy gate's minimum (`slo.notifications`).
 *
 * @public
 */
export type SloNotificationSettings = {
  /** Whether the check is scheduled at all. */
  enabled: boolean;
  /** How often the check runs (once per cadence across replicas), in ms. */
  frequencyMs: number;
  /** How long after start-up the first check runs, in ms. */
  initialDelayMs: number;
};

/**
 * How SLO files are read (`slo.files`).
 *
 * @public
 */
export type SloFileSettings = {
  /** The largest SLO file read, in bytes (`slo.files.maxBytes`). */
  maxBytes: number;
  /**
   * The `backstage.io/managed-by-origin-location` values of the locations
   * listed under `catalog.locations` (`file:<absolute path>` or
   * `url:<target>`): only entities from these may name local files, and only
   * inside the folder of their origin location.
   */
  trustedOrigins: string[];
};

/**
 * Limits on the PromQL of SLO files and on the queries of one request
 * (`slo.queries`).
 *
 * @public
 */
export type SloQueryLimits = {
  /** The longest query a field of an SLO file may hold, in characters. */
  maxExpressionLength: number;
  /** The most vector selectors an SLO's queries may hold together. */
  maxSelectors: number;
  /** The longest regular expression of a label matcher, in characters. */
  maxRegexLength: number;
  /** The most SLOs read from one file; the rest are reported and skipped. */
  maxSlosPerFile: number;
  /** The most Prometheus queries one request has in flight at once. */
  maxConcurrentQueries: number;
};

const positiveInteger = (
  slo: Config | undefined,
  key: string,
  fallback: number,
): number => {
  const value = slo?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`slo.${key} must be a positive whole number`);
  }
  return value;
};

const positiveNumber = (
  slo: Config | undefined,
  key: string,
  fallback: number,
): number => {
  const value = slo?.getOptionalNumber(key) ?? fallback;
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new Error(`slo.${key} must be a positive number`);
  }
  return value;
};

const nonNegativeNumber = (
  slo: Config | undefined,
  key: string,
  fallback: number,
): number => {
  const value = slo?.getOptionalNumber(key) ?? fallback;
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new Error(`slo.${key} must be zero or a positive number`);
  }
  return value;
};

/**
 * Reads `slo.*`. A bad value fails start-up with a message naming the key.
 * `signers` supplies SigV4 signers for `auth.type: sigv4` sources, by source
 * name (the seam for Amazon Managed Prometheus).
 *
 * @public
 */
export function readSloSettings(
  config: Config,
  options: {
    signers?: Record<string, RequestSigner>;
    /** Asked for sources without an entry in `signers`. */
    signerFor?: (
      name: string,
      region: string | undefined,
    ) => RequestSigner | undefined;
    fetchImpl?: typeof fetch;
  } = {},
): SloSettings {
  const slo = config.getOptionalConfig('slo');
  const sources = (slo?.getOptionalConfigArray('prometheus') ?? []).map(
    (c, i) => {
      const key = `slo.prometheus[${i}]`;
      const name = c.getString('name');
      const url = c.getString('url');
      try {
        const parsed = new URL(url);
        if (!['http:', 'https:'].includes(parsed.protocol)) throw new Error();
      } catch {
        throw new Error(`Invalid URL '${url}' in config key ${key}.url`);
      }
      const auth = c.getOptionalConfig('auth');
      const type = auth?.getString('type');
      let signer: RequestSigner | undefined;
      if (type === 'sigv4') {
        signer =
          options.signers?.[name] ??
          options.signerFor?.(name, auth!.getOptionalString('region'));
        if (!signer) {
          throw new Error(
            `${key}.auth.type is sigv4 but no SigV4 signer was provided for source '${name}' (see the plugin README)`,
          );
        }
      } else if (type && type !== 'bearer' && type !== 'basic') {
        throw new Error(
          `Invalid value '${type}' in config key ${key}.auth.type (bearer, basic or sigv4)`,
        );
      }
      const timeoutMs = c.getOptionalNumber('queryTimeoutMs') ?? 5000;
      if (!(timeoutMs > 0)) {
        throw new Error(`${key}.queryTimeoutMs must be a positive number`);
      }
      return {
        client: new PrometheusClient({
          name,
          url,
          timeoutMs,
          bearerToken: type === 'bearer' ? auth!.getString('token') : undefined,
          basicAuth:
            type === 'basic'
              ? {
                  username: auth!.getString('username'),
                  password: auth!.getString('password'),
                }
              : undefined,
          signer,
          fetchImpl: options.fetchImpl,
        }),
        environments: c.getOptionalStringArray('environments') ?? [
          'production',
        ],
      };
    },
  );
  const minRemainingBudget =
    slo?.getOptionalNumber('gate.minRemainingBudget') ?? 0.25;
  if (minRemainingBudget < 0 || minRemainingBudget > 1) {
    throw new Error(
      'slo.gate.minRemainingBudget must be a fraction between 0 and 1',
    );
  }
  return {
    sources,
    defaultEnvironment:
      slo?.getOptionalString('defaultEnvironment') ?? 'production',
    cacheTtlMs: (slo?.getOptionalNumber('cacheTtlSeconds') ?? 30) * 1000,
    gate: {
      minRemainingBudget,
      denyOnFastBurn: slo?.getOptionalBoolean('gate.denyOnFastBurn') ?? true,
      failOpen: slo?.getOptionalBoolean('gate.failOpen') ?? false,
      allowWithoutSlos:
        slo?.getOptionalBoolean('gate.allowWithoutSlos') ?? false,
    },
    files: {
      maxBytes: positiveInteger(slo, 'files.maxBytes', 256 * 1024),
      trustedOrigins: trustedOriginsFromConfig(config),
    },
    queries: {
      maxExpressionLength: positiveInteger(
        slo,
        'queries.maxExpressionLength',
        2000,
      ),
      maxSelectors: positiveInteger(slo, 'queries.maxSelectors', 10),
      maxRegexLength: positiveInteger(slo, 'queries.maxRegexLength', 200),
      maxSlosPerFile: positiveInteger(slo, 'queries.maxSlosPerFile', 20),
      maxConcurrentQueries: positiveInteger(
        slo,
        'queries.maxConcurrentQueries',
        8,
      ),
    },
    notifications: {
      enabled: slo?.getOptionalBoolean('notifications.enabled') ?? true,
      frequencyMs:
        positiveNumber(slo, 'notifications.frequencyMinutes', 5) * 60_000,
      initialDelayMs:
        nonNegativeNumber(slo, 'notifications.initialDelaySeconds', 60) * 1000,
    },
    sampleData: slo?.getOptionalBoolean('sampleData') ?? false,
  };
}
