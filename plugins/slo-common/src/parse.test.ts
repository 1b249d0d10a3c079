import fs from 'node:fs';
import path from 'node:path';
import { parseSloFile } from './parse';

const root = path.resolve(__dirname, '../../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

describe('parseSloFile', () => {
  it('reads Runway and every sample service file without issues', () => {
    for (const [file, names] of [
      ['slo.yaml', ['runway-availability', 'runway-latency']],
      [
        'catalog/samples/checkout-api/slo.yaml',
        ['checkout-api-availability', 'checkout-api-latency'],
      ],
      [
        'catalog/samples/storefront-web/slo.yaml',
        ['storefront-web-availability', 'storefront-web-latency'],
      ],
      [
        'catalog/samples/inventory-api/slo.yaml',
        ['inventory-api-availability', 'inventory-api-latency'],
      ],
      [
        'catalog/samples/payments-api/slo.yaml',
        ['payments-api-availability', 'payments-api-latency'],
      ],
      [
        'catalog/samples/billing-worker/slo.yaml',
        ['billing-worker-availability', 'billing-worker-latency'],
      ],
    ] as const) {
      const result = parseSloFile(read(file));
      expect({ file, issues: result.issues }).toEqual({ file, issues: [] });
      expect(result.slos.map(s => s.name)).toEqual(names);
    }
  });

  it('normalises an OpenSLO ratio SLO', () => {
    const { slos } = parseSloFile(
      read('catalog/samples/checkout-api/slo.yaml'),
    );
    expect(slos[0]).toMatchObject({
      name: 'checkout-api-availability',
      service: 'checkout-api',
      objective: 0.999,
      window: { type: 'rolling', duration: '30d', seconds: 30 * 86400 },
      sli: {
        type: 'ratio',
        bad: 'http_requests_total{service="checkout-api",code=~"5.."}',
        total: 'http_requests_total{service="checkout-api"}',
      },
      alerting: { page: true, ticket: true },
      format: 'openslo/v1',
    });
    expect(slos[1].sli).toEqual({
      type: 'threshold',
      metric: 'http_request_duration_seconds{service="checkout-api"}',
      threshold: 0.3,
    });
  });

  it('normalises a Sloth prometheus/v1 file', () => {
    const { slos } = parseSloFile(
      read('catalog/samples/billing-worker/slo.yaml'),
    );
    expect(slos[0]).toMatchObject({
      name: 'billing-worker-availability',
      service: 'billing-worker',
      objective: 0.99,
      labels: { tier: '3' },
      format: 'sloth/prometheus/v1',
      sli: { type: 'ratio' },
    });
  });

  it('resolves indicatorRef, AlertPolicy severities, targetPercent and calendar windows, and accepts a Service', () => {
    const text = `
apiVersion: openslo/v1
kind: Service
metadata: { name: svc }
spec: { description: accepted, nothing to compute }
---
apiVersion: openslo/v1
kind: SLI
metadata: { name: ok-requests }
spec:
  ratioMetric:
    good: { metricSource: { type: Prometheus, spec: { query: 'req_total{code="200"}' } } }
    total: { metricSource: { type: Prometheus, spec: { query: req_total } } }
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata: { name: page-only }
spec:
  conditions:
    - kind: AlertCondition
      metadata: { name: fast }
      spec:
        severity: page
        condition: { kind: burnrate, op: gte, threshold: 14.4, lookbackWindow: 1h, alertAfter: 5m }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: svc-availability }
spec:
  service: svc
  indicatorRef: ok-requests
  timeWindow: [{ duration: 1M, isRolling: false, calendar: { startTime: '2026-01-01 00:00:00', timeZone: UTC } }]
  budgetingMethod: Occurrences
  objectives: [{ targetPercent: 99.5 }]
  alertPolicies: [page-only]
`;
    const { slos, issues } = parseSloFile(text);
    expect(issues).toEqual([]);
    expect(slos[0]).toMatchObject({
      objective: 0.995,
      window: { type: 'calendar-month', timeZone: 'UTC' },
      sli: { type: 'ratio', good: 'req_total{code="200"}', total: 'req_total' },
      alerting: { page: true, ticket: false },
    });
  });

  it('reports every bad field with its path and keeps the valid SLOs', () => {
    const text = `
apiVersion: openslo/v1
kind: SLO
metadata: { name: Bad_Name }
spec:
  service: svc
  indicator:
    metadata: { name: x }
    spec:
      ratioMetric:
        total: { metricSource: { type: Datadog, spec: { query: q } } }
  timeWindow: [{ duration: 30 days }]
  budgetingMethod: Timeslices
  objectives: [{ target: 99.9 }]
---
apiVersion: openslo/v1
kind: Banana
metadata: { name: svc }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: good-one }
spec:
  service: svc
  indicatorRef: missing
  timeWindow: [{ duration: 7d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
`;
    const { slos, issues } = parseSloFile(text);
    expect(slos).toEqual([]);
    const paths = issues.map(i => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'documents[0].metadata.name',
        'documents[0].spec.indicator.spec.ratioMetric',
        'documents[0].spec.indicator.spec.ratioMetric.total.metricSource.type',
        'documents[0].spec.timeWindow[0].duration',
        'documents[0].spec.budgetingMethod',
        'documents[0].spec.objectives[0].target',
        'documents[1].kind',
        'documents[2].spec.indicatorRef',
      ]),
    );
    expect(
      issues.find(i => i.path === 'documents[0].spec.objectives[0].target')
        ?.message,
    ).toMatch(/below 1/);
  });

  it('reports Sloth problems with paths', () => {
    const { issues } = parseSloFile(`
version: prometheus/v1
service: svc
slos:
  - name: svc-availability
    objective: 199
    sli:
      events:
        error_query: sum(rate(x[5m]))
        total_query: sum(rate(y[{{.window}}]))
`);
    expect(issues.map(i => i.path)).toEqual([
      'documents[0].slos[0].objective',
      'documents[0].slos[0].sli.events.error_query',
    ]);
  });

  it('never throws on garbage', () => {
    expect(parseSloFile('a: [').issues.length).toBeGreaterThan(0);
    expect(parseSloFile('').issues).toEqual([
      { path: '', message: 'the file holds no SLO' },
    ]);
    expect(parseSloFile('- 1\n- 2').issues[0].path).toBe('documents[0]');
    expect(parseSloFile('kind: SLO').issues[0].path).toBe(
      'documents[0].apiVersion',
    );
  });
});
