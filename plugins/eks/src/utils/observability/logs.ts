import { cloudWatchInsightsFragment, rison } from './encodings';
import { LABEL_VALUE, LogFields, LogsBackend } from './config';

/** One environment's logs link and the query it opens. */
export type LogLink = { environment: string; url: string; query: string };

/** The logs links of one service, or why there are none. */
export type LogLinks =
  | { state: 'links'; tool: string; links: LogLink[] }
  | { state: 'refused'; reason: string };

/** The window every logs link opens: the last hour, up to now. */
export const LOGS_RANGE = { from: 'now-1h', to: 'now', seconds: 3600 };

/** A double-quoted string literal (LogQL, KQL, Logs Insights: `\` escapes). */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, c => `\\${c}`)}"`;
}

/** LogQL stream selector: `{service="checkout-api", environment="production"}`. */
export function logqlSelector(
  fields: LogFields,
  service: string,
  environment: string,
): string {
  return `{${fields.service}=${quoted(service)}, ${fields.environment}=${quoted(
    environment,
  )}}`;
}

/** KQL: `service:"checkout-api" and environment:"production"`. */
export function kqlQuery(
  fields: LogFields,
  service: string,
  environment: string,
): string {
  return `${fields.service}:${quoted(service)} and ${
    fields.environment
  }:${quoted(environment)}`;
}

/** A Logs Insights field: backquoted unless it is plain (`@message`, `kubernetes.pod_name`). */
function insightsField(name: string): string {
  return /^[A-Za-z_@][A-Za-z0-9_.@]*$/.test(name) ? name : `\`${name}\``;
}

/** The Logs Insights query: newest first, the service's and environment's events. */
export function insightsQuery(
  fields: LogFields,
  service: string,
  environment: string,
): string {
  return [
    'fields @timestamp, @message, @logStream',
    `| filter ${insightsField(fields.service)} = ${quoted(
      service,
    )} and ${insightsField(fields.environment)} = ${quoted(environment)}`,
    '| sort @timestamp desc',
    '| limit 1000',
  ].join('\n');
}

/** `{environment}`, `{service}`: replaced by the values given, others kept. */
const fill = (pattern: string, values: Record<string, string>) =>
  pattern.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/** Grafana Explore (schemaVersion 1, `panes`) with a Loki query over the last hour. */
export function grafanaExploreUrl(options: {
  grafanaUrl: string;
  datasourceUid: string;
  expr: string;
  orgId?: number;
}): string {
  const { datasourceUid: uid, expr } = options;
  const panes = {
    // Grafana keeps pane ids of 3 characters with a letter, else renames them
    rwy: {
      datasource: uid,
      queries: [
        {
          refId: 'A',
          expr,
          queryType: 'range',
          datasource: { type: 'loki', uid },
        },
      ],
      range: { from: LOGS_RANGE.from, to: LOGS_RANGE.to },
    },
  };
  const params = [
    `schemaVersion=1`,
    `panes=${encodeURIComponent(JSON.stringify(panes))}`,
    ...(options.orgId !== undefined ? [`orgId=${options.orgId}`] : []),
  ];
  return `${options.grafanaUrl}/explore?${params.join('&')}`;
}

/** Kibana Discover with a KQL query on a data view over the last hour. */
export function kibanaDiscoverUrl(options: {
  kibanaUrl: string;
  dataViewId: string;
  kql: string;
}): string {
  const g = rison({ time: { from: LOGS_RANGE.from, to: LOGS_RANGE.to } });
  const a = rison({
    index: options.dataViewId,
    query: { language: 'kuery', query: options.kql },
  });
  return `${options.kibanaUrl}/app/discover#/?_g=${encodeURIComponent(
    g,
  )}&_a=${encodeURIComponent(a)}`;
}

/** CloudWatch Logs Insights in the AWS console, relative to now: the last hour. */
export function cloudWatchInsightsUrl(options: {
  region: string;
  logGroups: string[];
  query: string;
}): string {
  const { region } = options;
  const fragment = cloudWatchInsightsFragment({
    end: 0,
    start: -LOGS_RANGE.seconds,
    timeType: 'RELATIVE',
    unit: 'seconds',
    editorString: options.query,
    source: options.logGroups,
  });
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:logs-insights${fragment}`;
}

const LOG_GROUP = /^[A-Za-z0-9_.\-/#]{1,512}$/;

/**
 * One logs link per environment for `service` (the entity's kubernetes-id or
 * name). A service that is not a Kubernetes label value cannot be a label
 * in the logs, so it gets no links (and cannot change the query's meaning).
 */
export function buildLogLinks(options: {
  backend: LogsBackend;
  service: string;
  environments: string[];
}): LogLinks {
  const { backend, service, environments } = options;
  if (!LABEL_VALUE.test(service)) {
    return {
      state: 'refused',
      reason: `"${service}" is not a Kubernetes label value, so no logs carry it as their service`,
    };
  }
  switch (backend.type) {
    case 'loki':
      return {
        state: 'links',
        tool: 'Grafana Explore (Loki)',
        links: environments.map(environment => {
          const query = logqlSelector(backend.fields, service, environment);
          const url = grafanaExploreUrl({
            grafanaUrl: backend.grafanaUrl,
            datasourceUid: fill(backend.datasourceUid, { environment }),
            expr: query,
            orgId: backend.orgId,
          });
          return { environment, url, query };
        }),
      };
    case 'kibana':
      return {
        state: 'links',
        tool: 'Kibana Discover',
        links: environments.map(environment => {
          const query = kqlQuery(backend.fields, service, environment);
          const url = kibanaDiscoverUrl({
            kibanaUrl: backend.url,
            dataViewId: fill(backend.dataViewId, { environment }),
            kql: query,
          });
          return { environment, url, query };
        }),
      };
    case 'cloudwatch': {
      const links: LogLink[] = [];
      for (const environment of environments) {
        const logGroups = backend.logGroups.map(g =>
          fill(g, { service, environment }),
        );
        const bad = logGroups.find(g => !LOG_GROUP.test(g));
        if (bad !== undefined) {
          return {
            state: 'refused',
            reason: `"${bad}" (runway.observability.logs.cloudwatch.logGroups) is not a log group name`,
          };
        }
        const query = insightsQuery(backend.fields, service, environment);
        links.push({
          environment,
          query,
          url: cloudWatchInsightsUrl({
            region: backend.region,
            logGroups,
            query,
          }),
        });
      }
      return { state: 'links', tool: 'CloudWatch Logs Insights', links };
    }
    default:
      return { state: 'refused', reason: 'unknown logs backend' };
  }
}
