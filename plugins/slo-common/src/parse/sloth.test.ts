import fs from 'node:fs';
import path from 'node:path';
import { SloValidationIssue } from '../types';
import { parseSloFile } from './parseSloFile';
import { readSlothDocument } from './sloth';

const root = path.resolve(__dirname, '../../../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

describe('Sloth prometheus/v1', () => {
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

  it('reads raw SLIs, merges labels and honours disabled alerts', () => {
    const issues: SloValidationIssue[] = [];
    const [slo] = readSlothDocument(
      {
        version: 'prometheus/v1',
        service: 'svc',
        labels: { team: 'a', tier: '2' },
        slos: [
          {
            name: 'svc-raw',
            objective: 99.5,
            labels: { tier: '1' },
            sli: { raw: { error_ratio_query: ' ratio[{{.window}}] ' } },
            alerting: { page_alert: { disable: true } },
          },
        ],
      },
      ['documents', 0],
      issues,
    );
    expect(issues).toEqual([]);
    expect(slo).toMatchObject({
      objective: 0.995,
      window: { type: 'rolling', duration: '30d', seconds: 30 * 86400 },
      sli: { type: 'raw', errorRatio: 'ratio[{{.window}}]' },
      labels: { team: 'a', tier: '1' },
      alerting: { page: false, ticket: true, labels: {}, annotations: {} },
    });
  });

  it('reports labels that are not Prometheus label names', () => {
    const issues: SloValidationIssue[] = [];
    const slos = readSlothDocument(
      {
        version: 'prometheus/v1',
        service: 'svc',
        labels: { 'bad-label': 'x' },
        slos: [
          {
            name: 'svc-ok',
            objective: 99,
            sli: { raw: { error_ratio_query: 'r[{{.window}}]' } },
          },
        ],
      },
      ['documents', 2],
      issues,
    );
    expect(slos).toHaveLength(1);
    expect(issues).toEqual([
      {
        path: 'documents[2].labels.bad-label',
        message: 'is not a valid Prometheus label name',
      },
    ]);
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
});
