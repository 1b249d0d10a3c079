import { Config } from '@backstage/config';

/** How Runway authenticates to one cluster. @public */
export type ClusterAuthConfig =
  | { type: 'serviceAccount'; token?: string; tokenFile?: string }
  | {
      type: 'aws';
      accountId?: string;
      assumeRole?: string;
      externalId?: string;
    };

/** One cluster. @public */
export type ClusterConfig = {
  name: string;
  url: string;
  region?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
  timeoutMs: number;
  auth: ClusterAuthConfig;
};

/**
 * The `eks` config as the plugin uses it, defaults applied: timeouts
 * (`requestTimeoutMs` in milliseconds, `watchTimeoutSeconds` in seconds),
 * objects per LIST page (`listPageSize`), the clusters listed explicitly, and discovery when it is enabled
 * (`frequencyMinutes` between runs, `reconcileSeconds` between each
 * replica's reads of the discovered clusters).
 *
 * @public
 */
export type EksConfig = {
  sampleEksData: boolean;
  requestTimeoutMs: number;
  watchTimeoutSeconds: number;
  /** seconds between each cluster's liveness probes */
  probeSeconds: number;
  listPageSize: number;
  /** served only to callers with `eks.restricted-namespace.read` */
  restrictedNamespaces: string[];
  clusters: ClusterConfig[];
  discovery?: {
    regions: string[];
    accountId?: string;
    assumeRole?: string;
    externalId?: string;
    frequencyMinutes: number;
    reconcileSeconds: number;
  };
  /**
   * Notifications to the owners of a workload that stays degraded or down:
   * minutes between checks (a global task) and minutes a workload must stay
   * unhealthy before its owners hear about it.
   */
  notifications: {
    enabled: boolean;
    frequencyMinutes: number;
    degradedForMinutes: number;
  };
};

/** Namespaces served only to ops by default: Kubernetes' own and Runway's. */
const DEFAULT_RESTRICTED_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'runway',
];

/**
 * Reads the `eks` config once at start-up; a bad value fails start-up with
 * an error naming the key.
 *
 * @public
 */
export function readEksConfig(config: Config): EksConfig {
  const eks = config.getOptionalConfig('eks');
  const requestTimeoutMs = eks?.getOptionalNumber('requestTimeoutMs') ?? 5000;
  const names = new Set<string>();
  const clusters = (eks?.getOptionalConfigArray('clusters') ?? []).map(
    (c, i) => {
      const key = `eks.clusters[${i}]`;
      const name = c.getString('name');
      if (names.has(name)) {
        throw new Error(`Duplicate cluster name '${name}' in ${key}.name`);
      }
      names.add(name);
      const url = c.getString('url');
      if (!/^https?:\/\//.test(url)) {
        throw new Error(`${key}.url must be an http(s) URL, got '${url}'`);
      }
      const type = c.getString('auth.type');
      let auth: ClusterAuthConfig;
      if (type === 'serviceAccount') {
        auth = {
          type,
          token: c.getOptionalString('auth.token'),
          tokenFile: c.getOptionalString('auth.tokenFile'),
        };
        if (!auth.token && !auth.tokenFile) {
          throw new Error(
            `${key}.auth needs token or tokenFile for type serviceAccount`,
          );
        }
      } else if (type === 'aws') {
        auth = {
          type,
          accountId: c.getOptionalString('auth.accountId'),
          assumeRole: c.getOptionalString('auth.assumeRole'),
          externalId: c.getOptionalString('auth.externalId'),
        };
        if (!c.getOptionalString('region')) {
          throw new Error(`${key}.region is required for auth type aws`);
        }
      } else {
        throw new Error(
          `${key}.auth.type must be serviceAccount or aws, got '${type}'`,
        );
      }
      return {
        name,
        url: url.replace(/\/$/, ''),
        region: c.getOptionalString('region'),
        caData: c.getOptionalString('caData'),
        caFile: c.getOptionalString('caFile'),
        skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
        timeoutMs: c.getOptionalNumber('timeoutMs') ?? requestTimeoutMs,
        auth,
      };
    },
  );
  const d = eks?.getOptionalConfig('discovery');
  const discovery =
    d && (d.getOptionalBoolean('enabled') ?? false)
      ? {
          regions: d.getStringArray('regions'),
          accountId: d.getOptionalString('accountId'),
          assumeRole: d.getOptionalString('assumeRole'),
          externalId: d.getOptionalString('externalId'),
          frequencyMinutes: d.getOptionalNumber('frequencyMinutes') ?? 10,
          reconcileSeconds: d.getOptionalNumber('reconcileSeconds') ?? 30,
        }
      : undefined;
  const listPageSize = eks?.getOptionalNumber('listPageSize') ?? 500;
  if (!Number.isInteger(listPageSize) || listPageSize < 1) {
    throw new Error(
      `eks.listPageSize must be a positive integer, got '${listPageSize}'`,
    );
  }
  const probeSeconds = eks?.getOptionalNumber('probeSeconds') ?? 15;
  if (!(probeSeconds > 0)) {
    throw new Error(
      `eks.probeSeconds must be a positive number, got '${probeSeconds}'`,
    );
  }
  const restrictedNamespaces = eks?.getOptionalStringArray(
    'restrictedNamespaces',
  ) ?? [...DEFAULT_RESTRICTED_NAMESPACES];
  return {
    notifications: readNotificationsConfig(
      eks?.getOptionalConfig('notifications'),
    ),
    sampleEksData: eks?.getOptionalBoolean('sampleEksData') ?? false,
    requestTimeoutMs,
    watchTimeoutSeconds: eks?.getOptionalNumber('watchTimeoutSeconds') ?? 300,
    probeSeconds,
    listPageSize,
    restrictedNamespaces,
    clusters,
    discovery,
  };
}

function readNotificationsConfig(
  n: Config | undefined,
): EksConfig['notifications'] {
  const frequencyMinutes = n?.getOptionalNumber('frequencyMinutes') ?? 1;
  if (!(frequencyMinutes > 0)) {
    throw new Error(
      `eks.notifications.frequencyMinutes must be a positive number, got '${frequencyMinutes}'`,
    );
  }
  const degradedForMinutes = n?.getOptionalNumber('degradedForMinutes') ?? 10;
  if (!(degradedForMinutes >= 0) || !Number.isFinite(degradedForMinutes)) {
    throw new Error(
      `eks.notifications.degradedForMinutes must be a number of minutes (0 or more), got '${degradedForMinutes}'`,
    );
  }
  return {
    enabled: n?.getOptionalBoolean('enabled') ?? true,
    frequencyMinutes,
    degradedForMinutes,
  };
}
