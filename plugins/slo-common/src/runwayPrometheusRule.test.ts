import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  REPO_ROOT,
  RUNWAY_PROMETHEUSRULE_PATH,
  renderRunwayPrometheusRule,
} from '../scripts/runway-prometheusrule';

const committedPath = path.join(REPO_ROOT, RUNWAY_PROMETHEUSRULE_PATH);

describe("Runway's own SLO PrometheusRule (k8s/base/prometheusrule-slo.yaml)", () => {
  it('is up to date with slo.yaml (regenerate: yarn workspace @runway/plugin-slo-common generate:runway-rules)', () => {
    expect(fs.readFileSync(committedPath, 'utf8')).toBe(
      renderRunwayPrometheusRule(),
    );
  });

  it('is listed in k8s/base/kustomization.yaml', () => {
    const kustomization = parse(
      fs.readFileSync(
        path.join(REPO_ROOT, 'k8s/base/kustomization.yaml'),
        'utf8',
      ),
    );
    expect(kustomization.resources).toContain(
      path.basename(RUNWAY_PROMETHEUSRULE_PATH),
    );
  });

  it('has the four SLO alerts, each with a runbook section in docs/runbooks/alerts.md', () => {
    const rule = parse(fs.readFileSync(committedPath, 'utf8'));
    const alerts = rule.spec.groups
      .flatMap((g: any) => g.rules)
      .filter((r: any) => r.alert);
    expect(alerts.map((a: any) => a.alert).sort()).toEqual([
      'RunwayAvailabilityErrorBudgetFastBurn',
      'RunwayAvailabilityErrorBudgetSlowBurn',
      'RunwayLatencyErrorBudgetFastBurn',
      'RunwayLatencyErrorBudgetSlowBurn',
    ]);
    const runbook = fs.readFileSync(
      path.join(REPO_ROOT, 'docs/runbooks/alerts.md'),
      'utf8',
    );
    const headings = new Set(
      [...runbook.matchAll(/^## +(\S+)\s*$/gm)].map(m => m[1].toLowerCase()),
    );
    for (const alert of alerts) {
      const url: string = alert.annotations.runbook_url;
      expect(url).toBe(
        `https://runway.example.com/docs/default/component/runway/runbooks/alerts/#${alert.alert.toLowerCase()}`,
      );
      expect(headings).toContain(url.split('#')[1]);
    }
  });
});
