import { mockApis } from '@backstage/test-utils';
import { readObservabilityConfig } from './config';

const read = (observability: object) =>
  readObservabilityConfig(
    mockApis.config({ data: { runway: { observability } } }),
  );

describe('readObservabilityConfig', () => {
  it('defaults to staging and production and nothing else', () => {
    expect(readObservabilityConfig(mockApis.config())).toEqual({
      config: {
        environments: ['staging', 'production'],
        grafana: undefined,
        logs: undefined,
      },
      problems: [],
    });
  });

  it('reads Grafana and Loki logs, taking Grafana URL and orgId for Explore', () => {
    const { config, problems } = read({
      environments: ['production'],
      grafana: {
        url: 'https://grafana.example.com/',
        dashboardUid: '{service}',
        orgId: 2,
      },
      logs: {
        type: 'loki',
        loki: { datasourceUid: 'loki' },
        fields: { service: 'app' },
      },
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      environments: ['production'],
      grafana: {
        url: 'https://grafana.example.com',
        dashboardUid: '{service}',
        orgId: 2,
      },
      logs: {
        type: 'loki',
        fields: { service: 'app', environment: 'environment' },
        datasourceUid: 'loki',
        grafanaUrl: 'https://grafana.example.com',
        orgId: 2,
      },
    });
  });

  it('names the key of each mistake and keeps the parts that are right', () => {
    const { config, problems } = read({
      grafana: { url: 'https://grafana.example.com' },
      logs: {
        type: 'kibana',
        // eslint-disable-next-line no-script-url -- the unsafe input under test
        kibana: { url: 'javascript:alert(1)', dataViewId: 'x' },
      },
    });
    expect(config.grafana?.url).toBe('https://grafana.example.com');
    expect(config.logs).toBeUndefined();
    expect(problems).toEqual([
      'runway.observability.logs.kibana.url must be an http(s) URL, not "javascript:"',
    ]);
  });

  it.each([
    [
      { logs: { type: 'loki', loki: { datasourceUid: 'l' } } },
      'runway.observability.logs.loki.grafanaUrl or runway.observability.grafana.url is required',
    ],
    [
      { logs: { type: 'splunk' } },
      'runway.observability.logs.type must be loki, kibana or cloudwatch',
    ],
    [
      {
        logs: {
          type: 'cloudwatch',
          cloudwatch: { region: 'Europe', logGroups: ['/a'] },
        },
      },
      'runway.observability.logs.cloudwatch.region "Europe" is not an AWS region',
    ],
    [
      {
        logs: {
          type: 'loki',
          fields: { service: 'app.name' },
          loki: { datasourceUid: 'l', grafanaUrl: 'https://g' },
        },
      },
      'runway.observability.logs.fields.service "app.name" is not a valid Loki label name',
    ],
    [
      { environments: ['prod uction'] },
      'runway.observability.environments: "prod uction" is not a Kubernetes label value',
    ],
    [
      { grafana: { url: 'https://g.example.com/?x=1' } },
      'runway.observability.grafana.url must be a base URL',
    ],
  ])('reports %j', (observability, problem) => {
    expect(read(observability).problems).toEqual([
      expect.stringContaining(problem),
    ]);
  });

  it('reports a missing required key by name', () => {
    expect(
      read({ logs: { type: 'kibana', kibana: { url: 'https://k' } } }).problems,
    ).toEqual([
      expect.stringContaining('runway.observability.logs.kibana.dataViewId'),
    ]);
  });
});
