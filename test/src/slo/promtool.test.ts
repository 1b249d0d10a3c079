/**
 * The generated Prometheus rules, checked by promtool (Debian's prometheus
 * package): `promtool check rules` for Runway's and every sample service's
 * SLO file, and `promtool test rules` with an incident that makes the
 * fast-burn (page) and slow-burn (ticket) alerts fire and then resolve.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import {
  AlertingRule,
  generateRules,
  parseSloFile,
  runbookBaseUrl,
} from '@runway/plugin-slo-common';
import { ROOT, runDir } from '../harness/processes';

const SLO_FILES: Array<[string, string]> = [
  ['runway', 'slo.yaml'],
  ...[
    'storefront-web',
    'checkout-api',
    'inventory-api',
    'payments-api',
    'billing-worker',
  ].map((s): [string, string] => [s, `catalog/samples/${s}/slo.yaml`]),
];

const dir = runDir('slo-promtool');

function promtool(...args: string[]): string {
  try {
    return execFileSync('promtool', args, { cwd: dir, encoding: 'utf8' });
  } catch (error: any) {
    throw new Error(
      `promtool ${args.join(' ')} failed:\n${error.stdout}\n${error.stderr}`,
    );
  }
}

function rulesFor(entity: string, file: string) {
  return generateRules(fs.readFileSync(path.join(ROOT, file), 'utf8'), {
    runbookBaseUrl: runbookBaseUrl('http://localhost:3000', entity),
    entity,
    labels: { team: 'team-x' },
  });
}

describe('generated SLO rules under promtool', () => {
  it.each(SLO_FILES)(
    '%s: promtool check rules accepts the rule file and the PrometheusRule groups',
    (entity, file) => {
      const rules = rulesFor(entity, file);
      const ruleFile = path.join(dir, `${entity}.rules.yaml`);
      fs.writeFileSync(ruleFile, rules.ruleFileYaml);
      // the PrometheusRule's spec is a rule file too
      const specFile = path.join(dir, `${entity}.prometheusrule-spec.yaml`);
      fs.writeFileSync(specFile, stringify(rules.prometheusRule.spec));
      const out = promtool('check', 'rules', ruleFile, specFile);
      const expected =
        parseSloFile(fs.readFileSync(path.join(ROOT, file), 'utf8')).slos
          .length * 12;
      expect(out).toContain(`SUCCESS: ${expected} rules found`);
    },
  );

  it('promtool test rules: a checkout-api incident pages, opens a ticket, and both resolve', () => {
    const rules = rulesFor(
      'checkout-api',
      'catalog/samples/checkout-api/slo.yaml',
    );
    fs.writeFileSync(
      path.join(dir, 'checkout-api.rules.yaml'),
      rules.ruleFileYaml,
    );
    const alert = (name: string) =>
      rules.groups
        .flatMap(g => g.rules)
        .find(r => 'alert' in r && r.alert === name) as AlertingRule;
    const fast = alert('CheckoutApiAvailabilityErrorBudgetFastBurn');
    const slow = alert('CheckoutApiAvailabilityErrorBudgetSlowBurn');

    // One sample a minute for 12 hours: 1000 requests a minute; from 2h to
    // 3h, 10 % fail (100x the 0.1 % budget).
    const minutes = 12 * 60;
    const ok: number[] = [];
    const failed: number[] = [];
    let okTotal = 0;
    let failedTotal = 0;
    for (let m = 0; m <= minutes; m++) {
      ok.push(okTotal);
      failed.push(failedTotal);
      const incident = m >= 120 && m < 180;
      okTotal += incident ? 900 : 1000;
      failedTotal += incident ? 100 : 0;
    }
    const expected = (rule: AlertingRule) => ({
      exp_labels: { ...rule.labels, alertname: undefined },
      exp_annotations: rule.annotations,
    });
    const strip = (o: any) => JSON.parse(JSON.stringify(o));
    const alertAt = (at: string, rule: AlertingRule, firing: boolean) => ({
      eval_time: at,
      alertname: rule.alert,
      exp_alerts: firing ? [strip(expected(rule))] : [],
    });
    const test = {
      rule_files: ['checkout-api.rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            {
              series: 'http_requests_total{service="checkout-api",code="200"}',
              values: ok.join(' '),
            },
            {
              series: 'http_requests_total{service="checkout-api",code="500"}',
              values: failed.join(' '),
            },
          ],
          alert_rule_test: [
            // healthy before the incident
            alertAt('1h50m', fast, false),
            alertAt('1h50m', slow, false),
            // 30 minutes in: 14.4x over 1h and 5m, and 3x over 1d and 2h
            alertAt('2h30m', fast, true),
            alertAt('2h30m', slow, true),
            // an hour after: the short windows are clean, the page resolves;
            // the ticket (2h window) still fires
            alertAt('4h', fast, false),
            alertAt('4h', slow, true),
            // 6h window clean: everything resolved
            alertAt('9h40m', fast, false),
            alertAt('9h40m', slow, false),
          ],
          promql_expr_test: [
            {
              // 10 % of requests fail during the incident (in basis points)
              expr: 'round(slo:sli_error:ratio_rate5m{slo="checkout-api-availability"} * 10000)',
              eval_time: '2h30m',
              exp_samples: [
                {
                  labels: `{service="checkout-api",slo="checkout-api-availability",team="team-x",tier="1"}`,
                  value: 1000,
                },
              ],
            },
            {
              expr: 'slo:error_budget:ratio{slo="checkout-api-availability"}',
              eval_time: '10m',
              exp_samples: [
                {
                  labels: `slo:error_budget:ratio{service="checkout-api",slo="checkout-api-availability",team="team-x",tier="1"}`,
                  value: 0.001,
                },
              ],
            },
          ],
        },
      ],
    };
    fs.writeFileSync(
      path.join(dir, 'checkout-api.test.yaml'),
      stringify(test, { lineWidth: 0 }),
    );
    const out = promtool('test', 'rules', 'checkout-api.test.yaml');
    expect(out).toContain('SUCCESS');
  });
});
