import {
  buildLogLinks,
  cloudWatchInsightsUrl,
  grafanaExploreUrl,
  insightsQuery,
  kibanaDiscoverUrl,
  kqlQuery,
  logqlSelector,
} from './logs';
import { rison } from './encodings';
import { LogsBackend } from './config';
import {
  decodeCloudWatchInsightsUrl,
  decodeGrafanaExploreUrl,
  decodeKibanaDiscoverUrl,
  parseRison,
} from './__testUtils__/decode';

const fields = { service: 'service', environment: 'environment' };

describe('queries', () => {
  it('LogQL selects the service and environment labels', () => {
    expect(logqlSelector(fields, 'checkout-api', 'production')).toBe(
      '{service="checkout-api", environment="production"}',
    );
  });

  it('KQL matches both fields as phrases', () => {
    expect(kqlQuery(fields, 'checkout-api', 'production')).toBe(
      'service:"checkout-api" and environment:"production"',
    );
  });

  it('Logs Insights filters, newest first, and backquotes odd field names', () => {
    expect(insightsQuery(fields, 'checkout-api', 'staging')).toBe(
      [
        'fields @timestamp, @message, @logStream',
        '| filter service = "checkout-api" and environment = "staging"',
        '| sort @timestamp desc',
        '| limit 1000',
      ].join('\n'),
    );
    expect(
      insightsQuery(
        { service: 'kubernetes.labels.app-name', environment: 'env' },
        'a',
        'b',
      ),
    ).toContain('| filter `kubernetes.labels.app-name` = "a" and env = "b"');
  });

  it('escapes quotes and backslashes inside values', () => {
    expect(logqlSelector(fields, 'a"b\\', 'x')).toBe(
      '{service="a\\"b\\\\", environment="x"}',
    );
  });
});

describe('rison', () => {
  it('writes ids bare, other strings quoted with ! escapes, and reads back', () => {
    const value = {
      time: { from: 'now-1h', to: 'now' },
      query: { language: 'kuery', query: `service:"it's!" and x` },
      list: ['a', 1, true],
    };
    const text = rison(value);
    expect(text).toBe(
      `(time:(from:now-1h,to:now),query:(language:kuery,query:'service:"it!'s!!" and x'),list:!(a,1,!t))`,
    );
    expect(parseRison(text)).toEqual(value);
  });

  it('quotes strings that start like numbers or are empty', () => {
    expect(rison('123abc')).toBe("'123abc'");
    expect(rison('')).toBe("''");
    expect(parseRison(rison({ a: '-x', b: '' }))).toEqual({ a: '-x', b: '' });
  });
});

describe('Grafana Explore (Loki)', () => {
  it('opens one pane with the Loki query, data source and the last hour', () => {
    const url = grafanaExploreUrl({
      grafanaUrl: 'https://grafana.example.com',
      datasourceUid: 'P8E80F9AEF21F6940',
      expr: '{service="checkout-api", environment="production"}',
      orgId: 1,
    });
    expect(
      url.startsWith(
        'https://grafana.example.com/explore?schemaVersion=1&panes=',
      ),
    ).toBe(true);
    const decoded = decodeGrafanaExploreUrl(url);
    expect(decoded.schemaVersion).toBe('1');
    expect(decoded.orgId).toBe('1');
    const panes = Object.entries(decoded.panes);
    expect(panes).toHaveLength(1);
    const [id, pane] = panes[0] as [string, any];
    // Grafana renames pane ids that are not 3 characters with a letter
    expect(id).toMatch(/^(?=.*[a-z])[a-z0-9]{3}$/);
    expect(pane).toEqual({
      datasource: 'P8E80F9AEF21F6940',
      queries: [
        {
          refId: 'A',
          expr: '{service="checkout-api", environment="production"}',
          queryType: 'range',
          datasource: { type: 'loki', uid: 'P8E80F9AEF21F6940' },
        },
      ],
      range: { from: 'now-1h', to: 'now' },
    });
  });

  it('keeps a sub-path and leaves orgId out when not configured', () => {
    const url = grafanaExploreUrl({
      grafanaUrl: 'https://example.com/grafana',
      datasourceUid: 'loki',
      expr: '{a="b"}',
    });
    const decoded = decodeGrafanaExploreUrl(url);
    expect(decoded.base).toBe('https://example.com/grafana/explore');
    expect(decoded.orgId).toBeNull();
    // no raw quotes, braces or spaces in the link
    expect(url).not.toMatch(/["{} ]/);
  });
});

describe('Kibana Discover', () => {
  it('sets the data view, the KQL query and the last hour', () => {
    const kql = 'service:"checkout-api" and environment:"production"';
    const url = kibanaDiscoverUrl({
      kibanaUrl: 'https://kibana.example.com/s/platform',
      dataViewId: 'logs-*',
      kql,
    });
    expect(url).not.toMatch(/[" ]/);
    const { base, g, a } = decodeKibanaDiscoverUrl(url);
    expect(base).toBe('https://kibana.example.com/s/platform/app/discover');
    expect(g).toEqual({ time: { from: 'now-1h', to: 'now' } });
    expect(a).toEqual({
      index: 'logs-*',
      query: { language: 'kuery', query: kql },
    });
  });
});

describe('CloudWatch Logs Insights', () => {
  const query = insightsQuery(fields, 'checkout-api', 'production');
  const url = cloudWatchInsightsUrl({
    region: 'eu-west-1',
    logGroups: ['/aws/containerinsights/eks-production-euw1/application'],
    query,
  });

  it('opens the console of the region with the query, log group and the last hour', () => {
    const { host, region, detail } = decodeCloudWatchInsightsUrl(url);
    expect(host).toBe('eu-west-1.console.aws.amazon.com');
    expect(region).toBe('eu-west-1');
    expect(detail).toEqual({
      end: 0,
      start: -3600,
      timeType: 'RELATIVE',
      unit: 'seconds',
      editorString: query,
      source: ['/aws/containerinsights/eks-production-euw1/application'],
    });
  });

  it('uses the console encoding: ~() percent-escaped twice, % as $, values as *XX', () => {
    const fragment = url.split('#logsV2:logs-insights')[1];
    expect(fragment).toMatch(
      /^\$3FqueryDetail\$3D\$257E\$2528end\$257E0\$257Estart\$257E-3600\$257EtimeType\$257E\$2527RELATIVE\$257Eunit\$257E\$2527seconds\$257EeditorString\$257E\$2527fields\*20\*40timestamp\*2C\*20\*40message/,
    );
    expect(fragment).toContain(
      'source$257E$2528$257E$2527*2Faws*2Fcontainerinsights*2Feks-production-euw1*2Fapplication$2529$2529',
    );
    expect(fragment).not.toMatch(/[%~()' "|@\n]/);
  });
});

describe('buildLogLinks', () => {
  const environments = ['staging', 'production'];

  it('builds one Loki link per environment, with a per-environment data source', () => {
    const backend: LogsBackend = {
      type: 'loki',
      fields,
      grafanaUrl: 'https://grafana.example.com',
      datasourceUid: 'loki-{environment}',
    };
    const result = buildLogLinks({
      backend,
      service: 'checkout-api',
      environments,
    });
    if (result.state !== 'links') throw new Error(result.reason);
    expect(result.tool).toBe('Grafana Explore (Loki)');
    expect(result.links.map(l => [l.environment, l.query])).toEqual([
      ['staging', '{service="checkout-api", environment="staging"}'],
      ['production', '{service="checkout-api", environment="production"}'],
    ]);
    const pane: any = Object.values(
      decodeGrafanaExploreUrl(result.links[1].url).panes,
    )[0];
    expect(pane.datasource).toBe('loki-production');
    expect(pane.queries[0].expr).toBe(result.links[1].query);
  });

  it('builds Kibana links on the configured data view', () => {
    const result = buildLogLinks({
      backend: {
        type: 'kibana',
        fields,
        url: 'https://kibana.example.com',
        dataViewId: 'logs-{environment}',
      },
      service: 'payments-api',
      environments,
    });
    if (result.state !== 'links') throw new Error(result.reason);
    const { a } = decodeKibanaDiscoverUrl(result.links[0].url);
    expect(a.index).toBe('logs-staging');
    expect(a.query.query).toBe(
      'service:"payments-api" and environment:"staging"',
    );
  });

  it('fills {environment} and {service} into CloudWatch log groups', () => {
    const result = buildLogLinks({
      backend: {
        type: 'cloudwatch',
        fields,
        region: 'eu-west-1',
        logGroups: ['/eks/{environment}/{service}'],
      },
      service: 'billing-worker',
      environments,
    });
    if (result.state !== 'links') throw new Error(result.reason);
    expect(
      result.links.map(l => decodeCloudWatchInsightsUrl(l.url).detail.source),
    ).toEqual([
      ['/eks/staging/billing-worker'],
      ['/eks/production/billing-worker'],
    ]);
  });

  it('refuses a service that is not a Kubernetes label value (no query injection)', () => {
    const result = buildLogLinks({
      backend: {
        type: 'loki',
        fields,
        grafanaUrl: 'https://g.example.com',
        datasourceUid: 'l',
      },
      service: 'x"} or {namespace="kube-system',
      environments,
    });
    expect(result).toEqual({
      state: 'refused',
      reason: expect.stringContaining('is not a Kubernetes label value'),
    });
  });
});
