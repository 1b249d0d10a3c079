import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  generateRules,
  pascalCase,
  runbookBaseUrl,
  sloAlertNames,
} from './rules';
import { parseSloFile } from './parse';

const root = path.resolve(__dirname, '../../..');
const checkout = fs.readFileSync(
  path.join(root, 'catalog/samples/checkout-api/slo.yaml'),
  'utf8',
);

describe('generateRules', () => {
  const rules = generateRules(checkout, {
    runbookBaseUrl: runbookBaseUrl(
      'https://runway.example.com/',
      'checkout-api',
    ),
    entity: 'checkout-api',
    labels: { team: 'team-checkout' },
    prometheusRule: {
      namespace: 'production',
      labels: { release: 'prometheus' },
    },
  });

  it('names alerts by the contract', () => {
    expect(pascalCase('checkout-api-availability')).toBe(
      'CheckoutApiAvailability',
    );
    expect(sloAlertNames('checkout-api-availability')).toEqual({
      fastBurn: 'CheckoutApiAvailabilityErrorBudgetFastBurn',
      slowBurn: 'CheckoutApiAvailabilityErrorBudgetSlowBurn',
    });
    const alerts = rules.groups.flatMap(g => g.rules).filter(r => 'alert' in r);
    expect(
      alerts.map(a => ('alert' in a ? [a.alert, a.labels?.severity] : [])),
    ).toEqual([
      ['CheckoutApiAvailabilityErrorBudgetFastBurn', 'page'],
      ['CheckoutApiAvailabilityErrorBudgetSlowBurn', 'ticket'],
      ['CheckoutApiLatencyErrorBudgetFastBurn', 'page'],
      ['CheckoutApiLatencyErrorBudgetSlowBurn', 'ticket'],
    ]);
    expect(alerts[0]).toMatchObject({
      annotations: {
        runbook_url:
          'https://runway.example.com/docs/default/component/checkout-api/runbook/#checkoutapiavailabilityerrorbudgetfastburn',
      },
      labels: {
        slo: 'checkout-api-availability',
        service: 'checkout-api',
        team: 'team-checkout',
      },
    });
  });

  it("links Runway's own alerts to docs/runbooks/alerts.md", () => {
    const own = generateRules(
      fs.readFileSync(path.join(root, 'slo.yaml'), 'utf8'),
      {
        runbookBaseUrl: runbookBaseUrl('http://localhost:3000', 'runway'),
        entity: 'runway',
      },
    );
    const alert = own.groups.flatMap(g => g.rules).find(r => 'alert' in r);
    expect(alert).toMatchObject({
      alert: 'RunwayAvailabilityErrorBudgetFastBurn',
      annotations: {
        runbook_url:
          'http://localhost:3000/docs/default/component/runway/runbooks/alerts/#runwayavailabilityerrorbudgetfastburn',
      },
    });
    // 28-day window: factors scaled from 14.4 / 6 / 3 / 1
    expect((alert as any).expr).toContain(
      'slo:sli_error:ratio_rate1h{slo="runway-availability"} > (13.44 * 0.005)',
    );
    expect((alert as any).expr).toContain('> (5.6 * 0.005)');
  });

  it('records the error ratio over every window and the SLO window', () => {
    const records = rules.groups
      .filter(g => g.name.startsWith('slo-checkout-api-availability'))
      .flatMap(g => g.rules)
      .map(r => ('record' in r ? r.record : undefined))
      .filter(Boolean);
    expect(records).toEqual([
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:sli_error:ratio_rate30d',
    ]);
    const fast = rules.groups.flatMap(g => g.rules).find(r => 'alert' in r)!;
    expect(fast.expr).toBe(
      [
        '(',
        '  slo:sli_error:ratio_rate1h{slo="checkout-api-availability"} > (14.4 * 0.001)',
        'and',
        '  slo:sli_error:ratio_rate5m{slo="checkout-api-availability"} > (14.4 * 0.001)',
        ')',
        'or',
        '(',
        '  slo:sli_error:ratio_rate6h{slo="checkout-api-availability"} > (6 * 0.001)',
        'and',
        '  slo:sli_error:ratio_rate30m{slo="checkout-api-availability"} > (6 * 0.001)',
        ')',
      ].join('\n'),
    );
    const latency5m = rules.groups.find(
      g => g.name === 'slo-checkout-api-latency-recordings',
    )!.rules[0];
    expect(latency5m.expr).toContain(
      'http_request_duration_seconds_bucket{service="checkout-api",le="0.3"}[5m]',
    );
  });

  it('emits a PrometheusRule and a plain rule file with the same groups', () => {
    const object = parse(rules.prometheusRuleYaml);
    expect(object).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: {
        name: 'checkout-api-slos',
        namespace: 'production',
        labels: {
          'app.kubernetes.io/name': 'checkout-api',
          release: 'prometheus',
        },
      },
    });
    expect(object.spec.groups).toEqual(parse(rules.ruleFileYaml).groups);
  });

  it('leaves out disabled alerts and refuses an invalid file', () => {
    const { slos } = parseSloFile(checkout);
    slos[0].alerting.page = false;
    const generated = generateRules([slos[0]], {
      runbookBaseUrl: 'x/',
      entity: 'e',
    });
    expect(
      generated.groups
        .flatMap(g => g.rules)
        .filter(r => 'alert' in r)
        .map(r => (r as any).alert),
    ).toEqual(['CheckoutApiAvailabilityErrorBudgetSlowBurn']);
    expect(() =>
      generateRules('kind: SLO', { runbookBaseUrl: 'x/', entity: 'e' }),
    ).toThrow(/documents\[0\]\.apiVersion/);
  });
});
