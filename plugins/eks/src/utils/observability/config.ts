import type { ConfigApi } from '@backstage/frontend-plugin-api';

/**
 * `runway.observability` as the entity page uses it (plugins/eks/config.d.ts),
 * read and checked once by {@link readObservabilityConfig}.
 */
export type ObservabilityConfig = {
  /** environments to link logs for, in order */
  environments: string[];
  grafana?: GrafanaConfig;
  logs?: LogsBackend;
};

/** `runway.observability.grafana`, its URL without a trailing slash. */
export type GrafanaConfig = {
  url: string;
  dashboardUid?: string;
  orgId?: number;
};

/** Names of the service and environment labels (Loki) or fields. */
export type LogFields = { service: string; environment: string };

/** `runway.observability.logs`, one variant per backend. */
export type LogsBackend =
  | {
      type: 'loki';
      fields: LogFields;
      grafanaUrl: string;
      datasourceUid: string;
      orgId?: number;
    }
  | { type: 'kibana'; fields: LogFields; url: string; dataViewId: string }
  | {
      type: 'cloudwatch';
      fields: LogFields;
      region: string;
      logGroups: string[];
    };

/** Runway's environments (DESIGN.md: namespaces per environment). */
export const DEFAULT_ENVIRONMENTS = ['staging', 'production'];

const KEY = 'runway.observability';
/** A Kubernetes label value: what the `environment` label may hold. */
export const LABEL_VALUE =
  /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
/** A Loki label name. */
const LOKI_LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A field name we put into KQL and Logs Insights queries unquoted or backquoted. */
const FIELD = /^[A-Za-z_@][A-Za-z0-9_.@/-]*$/;
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;

/** The URL without a trailing slash, or a problem when it is not http(s). */
function httpUrl(value: string, key: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${key} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`${key} must be an http(s) URL, not "${url.protocol}"`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error(
      `${key} must be a base URL without query, fragment or credentials`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function section<T>(
  problems: string[],
  read: () => T | undefined,
): T | undefined {
  try {
    return read();
  } catch (e) {
    problems.push((e as Error).message);
    return undefined;
  }
}

function readFields(config: ConfigApi, type: string): LogFields {
  const fields = {
    service:
      config.getOptionalString(`${KEY}.logs.fields.service`) ?? 'service',
    environment:
      config.getOptionalString(`${KEY}.logs.fields.environment`) ??
      'environment',
  };
  for (const [name, value] of Object.entries(fields)) {
    const pattern = type === 'loki' ? LOKI_LABEL : FIELD;
    if (!pattern.test(value)) {
      throw new Error(
        `${KEY}.logs.fields.${name} "${value}" is not a valid ${
          type === 'loki' ? 'Loki label name' : 'field name'
        }`,
      );
    }
  }
  return fields;
}

function readLogs(
  config: ConfigApi,
  grafana: GrafanaConfig | undefined,
): LogsBackend | undefined {
  const logs = config.getOptionalConfig(`${KEY}.logs`);
  if (!logs) return undefined;
  const type = logs.getString('type');
  const at = (key: string) => `${KEY}.logs.${key}`;
  const fields = readFields(config, type);
  switch (type) {
    case 'loki': {
      const datasourceUid = config.getString(at('loki.datasourceUid'));
      const base = config.getOptionalString(at('loki.grafanaUrl'));
      if (!base && !grafana) {
        throw new Error(
          `${at(
            'loki.grafanaUrl',
          )} or ${KEY}.grafana.url is required for logs of type loki`,
        );
      }
      return {
        type,
        fields,
        datasourceUid,
        grafanaUrl: base ? httpUrl(base, at('loki.grafanaUrl')) : grafana!.url,
        orgId: grafana?.orgId,
      };
    }
    case 'kibana':
      return {
        type,
        fields,
        url: httpUrl(config.getString(at('kibana.url')), at('kibana.url')),
        dataViewId: config.getString(at('kibana.dataViewId')),
      };
    case 'cloudwatch': {
      const region = config.getString(at('cloudwatch.region'));
      if (!REGION.test(region)) {
        throw new Error(
          `${at('cloudwatch.region')} "${region}" is not an AWS region`,
        );
      }
      const logGroups = config.getStringArray(at('cloudwatch.logGroups'));
      if (logGroups.length === 0) {
        throw new Error(`${at('cloudwatch.logGroups')} lists no log group`);
      }
      return { type, fields, region, logGroups };
    }
    default:
      throw new Error(
        `${at('type')} must be loki, kibana or cloudwatch, not "${type}"`,
      );
  }
}

/**
 * Reads `runway.observability`. Each part is read on its own: a mistake in
 * the logs settings leaves the dashboard link working, and is returned in
 * `problems` as a sentence naming the key (the card shows it).
 */
export function readObservabilityConfig(config: ConfigApi): {
  config: ObservabilityConfig;
  problems: string[];
} {
  const problems: string[] = [];
  const environments =
    section(problems, () => {
      const list = config.getOptionalStringArray(`${KEY}.environments`);
      const bad = list?.find(e => !LABEL_VALUE.test(e));
      if (bad !== undefined) {
        throw new Error(
          `${KEY}.environments: "${bad}" is not a Kubernetes label value`,
        );
      }
      return list;
    }) ?? DEFAULT_ENVIRONMENTS;
  const grafana = section(problems, () => {
    const g = config.getOptionalConfig(`${KEY}.grafana`);
    if (!g) return undefined;
    return {
      url: httpUrl(g.getString('url'), `${KEY}.grafana.url`),
      dashboardUid: g.getOptionalString('dashboardUid'),
      orgId: g.getOptionalNumber('orgId'),
    };
  });
  const logs = section(problems, () => readLogs(config, grafana));
  return { config: { environments, grafana, logs }, problems };
}
