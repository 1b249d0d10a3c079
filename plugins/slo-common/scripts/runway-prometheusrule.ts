/**
 * Runway's own SLO alerts for its deployment: renders the repository root's
 * slo.yaml (SLOs runway-availability, runway-latency) with generateRules into
 * k8s/base/prometheusrule-slo.yaml (a prometheus-operator PrometheusRule with
 * the recording rules and the RunwayAvailability.../RunwayLatency...
 * ErrorBudgetFastBurn/SlowBurn alerts, runbook_url into
 * docs/runbooks/alerts.md).
 *
 * Regenerate after editing slo.yaml:
 *   yarn workspace @runway/plugin-slo-common generate:runway-rules
 * Check only (exit 1 when the committed file is out of date):
 *   yarn workspace @runway/plugin-slo-common generate:runway-rules --check
 * src/runwayPrometheusRule.test.ts fails when the committed file is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateRules, runbookBaseUrl } from '../src';

/** The repository root (plugins/slo-common/scripts/../../..). */
export const REPO_ROOT = path.resolve(__dirname, '../../..');
/** Where the generated PrometheusRule is committed. */
export const RUNWAY_PROMETHEUSRULE_PATH = 'k8s/base/prometheusrule-slo.yaml';
/**
 * The app base URL of the runbook links: production's (the overlays'
 * RUNWAY_BASE_URL), like k8s/base/prometheusrule-runway.yaml.
 */
export const RUNWAY_APP_BASE_URL = 'https://runway.example.com';

const HEADER = `# GENERATED from slo.yaml by plugins/slo-common/scripts/runway-prometheusrule.ts: do not edit.
# Regenerate: yarn workspace @runway/plugin-slo-common generate:runway-rules
# Runway's own SLOs (runway-availability, runway-latency): recording rules
# slo:sli_error:ratio_rate<window> and the error-budget burn alerts
# RunwayAvailabilityErrorBudgetFastBurn/SlowBurn and
# RunwayLatencyErrorBudgetFastBurn/SlowBurn. Each runbook_url points at the
# alert's section of docs/runbooks/alerts.md. Metrics: the backend's
# runway_http_server_* series, scraped by the ServiceMonitor in
# servicemonitor.yaml.
`;

/** The text of k8s/base/prometheusrule-slo.yaml generated from slo.yaml. */
export function renderRunwayPrometheusRule(root: string = REPO_ROOT): string {
  const sloYaml = fs.readFileSync(path.join(root, 'slo.yaml'), 'utf8');
  const { prometheusRuleYaml } = generateRules(sloYaml, {
    runbookBaseUrl: runbookBaseUrl(RUNWAY_APP_BASE_URL, 'runway'),
    entity: 'runway',
    labels: { team: 'platform-ops' },
    prometheusRule: {
      name: 'runway-slos',
      labels: {
        'app.kubernetes.io/name': 'runway',
        'app.kubernetes.io/component': 'slo-alerts',
      },
    },
  });
  return HEADER + prometheusRuleYaml;
}

if (require.main === module) {
  const target = path.join(REPO_ROOT, RUNWAY_PROMETHEUSRULE_PATH);
  const text = renderRunwayPrometheusRule();
  const current = fs.existsSync(target)
    ? fs.readFileSync(target, 'utf8')
    : undefined;
  if (process.argv.includes('--check')) {
    if (current !== text) {
      process.stderr.write(
        `${RUNWAY_PROMETHEUSRULE_PATH} is out of date with slo.yaml: run yarn workspace @runway/plugin-slo-common generate:runway-rules\n`,
      );
      process.exit(1);
    }
    process.stdout.write(`${RUNWAY_PROMETHEUSRULE_PATH} is up to date\n`);
  } else {
    fs.writeFileSync(target, text);
    process.stdout.write(
      `${
        current === text ? 'unchanged' : 'wrote'
      } ${RUNWAY_PROMETHEUSRULE_PATH}\n`,
    );
  }
}
