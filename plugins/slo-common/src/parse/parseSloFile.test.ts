import fs from 'node:fs';
import path from 'node:path';
import { parseSloFile } from './parseSloFile';

const root = path.resolve(__dirname, '../../../..');
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

  it('reports an SLO name used twice', () => {
    const slo = `
apiVersion: openslo/v1
kind: SLO
metadata: { name: twice }
spec:
  service: svc
  indicator:
    metadata: { name: ok }
    spec:
      ratioMetric:
        bad: { metricSource: { type: Prometheus, spec: { query: errors_total } } }
        total: { metricSource: { type: Prometheus, spec: { query: requests_total } } }
  timeWindow: [{ duration: 28d, isRolling: true }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.99 }]
`;
    const { slos, issues } = parseSloFile(`${slo}---${slo}`);
    expect(slos.map(s => s.name)).toEqual(['twice', 'twice']);
    expect(issues).toEqual([
      { path: '', message: "SLO name 'twice' is used twice" },
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

  it('reports aliases that expand exponentially as an issue of the document', () => {
    const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [prev, name] of [
      'ab',
      'bc',
      'cd',
      'de',
      'ef',
      'fg',
      'gh',
      'hi',
    ]) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const { slos, issues } = parseSloFile(lines.join('\n'));
    expect(slos).toEqual([]);
    expect(issues).toEqual([
      {
        path: 'documents[0]',
        message: expect.stringMatching(/^YAML: .*alias/i),
      },
    ]);
  });
});
