import fs from 'node:fs';
import path from 'node:path';
import { SloValidationIssue } from '../types';
import {
  emptyOpenSloDocuments,
  readOpenSloDocument,
  severityKind,
  toSli,
  toWindow,
} from './openSlo';
import { parseSloFile } from './parseSloFile';

const root = path.resolve(__dirname, '../../../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

describe('OpenSLO v1', () => {
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

  it('collects SLIs and AlertPolicies by name and rejects other API versions', () => {
    const documents = emptyOpenSloDocuments();
    const issues: SloValidationIssue[] = [];
    const metric = (query: string) => ({
      metricSource: { type: 'Prometheus', spec: { query } },
    });
    readOpenSloDocument(
      {
        apiVersion: 'openslo/v1',
        kind: 'SLI',
        metadata: { name: 'ok' },
        spec: { ratioMetric: { bad: metric('e'), total: metric('t') } },
      },
      0,
      documents,
      issues,
    );
    readOpenSloDocument(
      { apiVersion: 'openslo/v1alpha', kind: 'SLO' },
      1,
      documents,
      issues,
    );
    readOpenSloDocument(
      { apiVersion: 'openslo/v1', kind: 'DataSource' },
      2,
      documents,
      issues,
    );
    expect([...documents.slis.keys()]).toEqual(['ok']);
    expect(documents.slos).toEqual([]);
    expect(issues).toEqual([
      {
        path: 'documents[1].apiVersion',
        message:
          "must be 'openslo/v1' (or use Sloth's 'version: prometheus/v1')",
      },
    ]);
  });

  it('needs a histogram and op/value on the objective for threshold SLIs', () => {
    const issues: SloValidationIssue[] = [];
    const spec = {
      thresholdMetric: {
        metricSource: { type: 'Prometheus', spec: { query: 'rate(x[5m])' } },
      },
    };
    expect(
      toSli(spec, undefined, undefined, ['sli'], ['objective'], issues),
    ).toBeUndefined();
    expect(issues.map(i => i.path)).toEqual([
      'sli.thresholdMetric.metricSource.spec.query',
      'objective',
    ]);
    const good = {
      thresholdMetric: {
        metricSource: { type: 'Prometheus', spec: { query: ' latency ' } },
      },
    };
    expect(toSli(good, 'lte', 0.25, [], [], [])).toEqual({
      type: 'threshold',
      metric: 'latency',
      threshold: 0.25,
    });
  });

  it('maps windows and severities', () => {
    expect(toWindow({ duration: '28d', isRolling: true })).toEqual({
      type: 'rolling',
      duration: '28d',
      seconds: 28 * 86400,
    });
    expect(toWindow({ duration: '1M', isRolling: false })).toEqual({
      type: 'calendar-month',
      timeZone: 'UTC',
    });
    expect(severityKind('Critical')).toBe('page');
    expect(severityKind('warning')).toBe('ticket');
    expect(severityKind('sev9')).toBeUndefined();
  });
});
