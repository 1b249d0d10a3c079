import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createSloRulesAction } from './sloRules';
import { examples } from './sloRules.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';
import { outsideWorld } from './__testUtils__/hostile';

const SLO = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: orders-api-availability
spec:
  service: orders-api
  indicator:
    metadata:
      name: orders-api-availability
    spec:
      ratioMetric:
        counter: true
        bad:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="orders-api",status=~"5.."}
        total:
          metricSource:
            type: Prometheus
            spec:
              query: http_requests_total{service="orders-api"}
  timeWindow:
    - duration: 30d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`;

function setup(slo = SLO) {
  const context = mockContext(exampleSteps(examples)[0].input);
  const ws = context.workspacePath;
  fs.mkdirSync(path.join(ws, 'k8s/base'), { recursive: true });
  fs.mkdirSync(path.join(ws, 'docs'));
  fs.writeFileSync(path.join(ws, 'slo.yaml'), slo);
  fs.writeFileSync(path.join(ws, 'docs/runbook.md'), '# Runbook\n');
  return context;
}

describe('runway:slo:rules', () => {
  it('renders the PrometheusRule and one runbook section per alert (the example)', async () => {
    const { ctx, outputs, workspacePath } = setup();
    await createSloRulesAction({
      appBaseUrl: 'https://runway.example.com/',
    }).handler(ctx);
    const rule = parse(
      fs.readFileSync(
        path.join(workspacePath, 'k8s/base/prometheusrule.yaml'),
        'utf8',
      ),
    );
    expect(rule.kind).toBe('PrometheusRule');
    expect(rule.metadata.labels['app.kubernetes.io/name']).toBe('orders-api');
    const alerts = rule.spec.groups
      .flatMap((g: any) => g.rules)
      .filter((r: any) => r.alert);
    expect(alerts.map((a: any) => a.alert)).toEqual([
      'OrdersApiAvailabilityErrorBudgetFastBurn',
      'OrdersApiAvailabilityErrorBudgetSlowBurn',
    ]);
    expect(alerts[0].annotations.runbook_url).toBe(
      'https://runway.example.com/docs/default/component/orders-api/runbook/#ordersapiavailabilityerrorbudgetfastburn',
    );
    expect(outputs.alerts).toEqual(alerts.map((a: any) => a.alert));
    const runbook = fs.readFileSync(
      path.join(workspacePath, 'docs/runbook.md'),
      'utf8',
    );
    expect(runbook.startsWith('# Runbook\n')).toBe(true);
    expect(runbook.match(/^## .+$/gm)).toEqual([
      '## OrdersApiAvailabilityErrorBudgetFastBurn',
      '## OrdersApiAvailabilityErrorBudgetSlowBurn',
    ]);
    // each section starts with the logs; a page-level one names the rollback
    const [fast, slow] = runbook.split(/^## /m).slice(1);
    for (const section of [fast, slow]) {
      expect(section).toMatch(/^1\. Open the logs: .*\*\*Logs\*\* link/m);
    }
    expect(fast).toContain('(`sh scripts/rollback.sh production`)');
    expect(slow).not.toContain('rollback.sh');
  });

  it('refuses an invalid SLO file, naming the field', async () => {
    const { ctx } = setup(SLO.replace('target: 0.999', 'target: 2'));
    await expect(
      createSloRulesAction({ appBaseUrl: 'http://localhost:3000' }).handler(
        ctx,
      ),
    ).rejects.toThrow(/slo.yaml: .*target/);
  });

  it('refuses a rules file or runbook that is a symbolic link, naming the field', async () => {
    for (const [field, rel] of [
      ['rulesFile', 'k8s/base/prometheusrule.yaml'],
      ['runbookFile', 'docs/runbook.md'],
    ]) {
      const { ctx, workspacePath } = setup();
      const outside = outsideWorld();
      const victim = path.join(outside.root, 'victim');
      fs.writeFileSync(victim, 'untouched\n');
      fs.rmSync(path.join(workspacePath, rel), { force: true });
      fs.symlinkSync(victim, path.join(workspacePath, rel));
      await expect(
        createSloRulesAction({ appBaseUrl: 'http://localhost:3000' }).handler(
          ctx,
        ),
      ).rejects.toThrow(`${field}: ${rel} is a symbolic link`);
      expect(fs.readFileSync(victim, 'utf8')).toBe('untouched\n');
    }
  });
});
