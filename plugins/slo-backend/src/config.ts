import { Config } from '@backstage/config';
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
  };
  sampleData: boolean;
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
    },
    sampleData: slo?.getOptionalBoolean('sampleData') ?? false,
  };
}
