import fs from 'node:fs';
import path from 'node:path';
import { parseSloFile, SloDefinition } from '@runway/plugin-slo-common';
import { entity, slo } from '../../__testUtils__/fakes';
import { checkSloQueries } from './queryPolicy';

const ROOT = path.resolve(__dirname, '../../../../..');
const LIMITS = {
  maxExpressionLength: 2000,
  maxSelectors: 10,
  maxRegexLength: 200,
  maxSlosPerFile: 20,
  maxConcurrentQueries: 8,
};

const check = (
  slos: SloDefinition[],
  options: { name?: string; trusted?: boolean; limits?: object } = {},
) =>
  checkSloQueries(entity(options.name ?? 'checkout-api'), slos, {
    limits: { ...LIMITS, ...options.limits },
    trusted: options.trusted ?? false,
  });

/** An SLO of checkout-api whose error ratio is `expr` (`{{.window}}` filled in by Runway). */
const raw = (expr: string) =>
  slo({
    sli: { type: 'raw', errorRatio: expr },
    format: 'sloth/prometheus/v1',
  });

/**
 * The golden path's slo.yaml for a service named `name` at `tier`: the
 * template's `${{ values.* }}` and `{%- set %}` values filled in.
 */
function goldenPathSloFile(name: string, tier: '1' | '2' | '3'): string {
  const text = fs.readFileSync(
    path.join(ROOT, 'templates/microservice/skeleton/common/slo.yaml'),
    'utf8',
  );
  const values: Record<string, string> = {
    'values.name': name,
    'values.tier': tier,
  };
  for (const [, key, table] of text.matchAll(
    /\{%-? set (\w+) = (\{[^}]*\})\[values\.tier\] %\}/g,
  )) {
    values[key] = JSON.parse(table.replace(/'/g, '"'))[tier];
  }
  return text
    .replace(/\{%-?[^%]*%\}\n?/g, '')
    .replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, key) => {
      if (!(key in values)) throw new Error(`no value for ${key}`);
      return values[key];
    });
}

describe('checkSloQueries: what Runway ships passes', () => {
  const samples = fs
    .readdirSync(path.join(ROOT, 'catalog/samples'), { withFileTypes: true })
    .filter(d => d.isDirectory())
    .map(d => d.name);

  it.each(samples)('the sample SLOs of %s, read as any entity', name => {
    const file = parseSloFile(
      fs.readFileSync(
        path.join(ROOT, 'catalog/samples', name, 'slo.yaml'),
        'utf8',
      ),
    );
    expect(file.issues).toEqual([]);
    const result = check(file.slos, { name });
    expect(result.issues).toEqual([]);
    expect(result.slos.map(s => s.name)).toEqual(file.slos.map(s => s.name));
  });

  it.each(['1', '2', '3'] as const)(
    "the golden path's generated slo.yaml (tier %s)",
    tier => {
      const file = parseSloFile(goldenPathSloFile('orders-api', tier));
      expect(file.issues).toEqual([]);
      expect(file.slos).toHaveLength(2);
      const result = check(file.slos, { name: 'orders-api' });
      expect(result.issues).toEqual([]);
      expect(result.slos).toHaveLength(2);
    },
  );

  it("Runway's own SLOs: accepted from a trusted location only (its selectors carry no service label)", () => {
    const file = parseSloFile(
      fs.readFileSync(path.join(ROOT, 'slo.yaml'), 'utf8'),
    );
    expect(check(file.slos, { name: 'runway', trusted: true })).toEqual({
      slos: file.slos,
      issues: [],
    });
    const untrusted = check(file.slos, { name: 'runway' });
    expect(untrusted.slos).toEqual([]);
    expect(untrusted.issues[0]).toEqual({
      path: 'runway-availability: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query',
      message: expect.stringContaining('does not select service="runway"'),
    });
  });

  it('accepts a Sloth raw ratio within the rules', () => {
    const result = check([
      raw(
        'sum(rate(http_requests_total{service="checkout-api",code=~"5.."}[{{.window}}])) / sum(rate(http_requests_total{service="checkout-api"}[{{.window}}] offset 1h))',
      ),
    ]);
    expect(result.issues).toEqual([]);
  });
});

describe('checkSloQueries: attack expressions are refused, naming the SLO and field', () => {
  const FIELD = 'checkout-api-availability: sli.raw.error_ratio_query';

  it.each([
    [
      'a selector without the service label',
      'sum(rate(up[{{.window}}]))',
      'the selector up does not select service="checkout-api"',
    ],
    [
      'every series',
      'count({__name__=~".+"})',
      'the selector {__name__=~".+"} does not select service="checkout-api"',
    ],
    [
      'every series, service matched by a regex',
      'count({__name__=~".+",service=~"checkout-api|.+"})',
      'does not select service="checkout-api"',
    ],
    [
      'another service',
      'sum(rate(http_requests_total{service="payments-api"}[{{.window}}]))',
      'does not select service="checkout-api"',
    ],
    [
      'a service label that is negated',
      'sum(rate(x{service!="checkout-api"}[{{.window}}]))',
      'does not select service="checkout-api"',
    ],
    [
      'one restricted selector beside an open one',
      'sum(rate(x{service="checkout-api"}[{{.window}}])) / sum(rate(secrets_total[{{.window}}]))',
      'the selector secrets_total does not select',
    ],
    [
      'a huge regex',
      `sum(rate(x{service="checkout-api",path=~"${'(a|b)*'.repeat(
        50,
      )}"}[{{.window}}]))`,
      'the regular expression of path is longer than 200 characters',
    ],
    [
      'a 10y range',
      'sum(rate(x{service="checkout-api"}[10y]))',
      "the range '10y' is longer than the SLO's windows allow (2592000s)",
    ],
    [
      'a range in seconds beyond the window',
      'sum(rate(x{service="checkout-api"}[99999999]))',
      "the range '99999999' is longer",
    ],
    [
      'a 10y offset',
      'sum(rate(x{service="checkout-api"}[{{.window}}] offset 10y))',
      "the offset '10y' is longer",
    ],
    [
      'a computed range',
      'sum(rate(x{service="checkout-api"}[5m * 100000]))',
      'is not a plain duration',
    ],
    [
      'a subquery',
      'max_over_time(sum(rate(x{service="checkout-api"}[5m]))[{{.window}}:1s])',
      'subqueries are not allowed',
    ],
    [
      'an @ modifier',
      'sum(rate(x{service="checkout-api"}[{{.window}}] @ 0))',
      '@ modifiers are not allowed',
    ],
    [
      'an expression that does not parse',
      'sum(rate(x{service="checkout-api"}[{{.window}}]',
      'does not parse as PromQL',
    ],
  ])('%s', (_, expr, message) => {
    const result = check([raw(expr)]);
    expect(result.slos).toEqual([]);
    expect(result.issues).toContainEqual({
      path: FIELD,
      message: expect.stringContaining(message),
    });
  });

  it('an OpenSLO ratio whose selector closes the wrapping to add its own', () => {
    const result = check([
      slo({
        sli: {
          type: 'ratio',
          bad: 'x{service="checkout-api"}[5m])) or sum(rate(up',
          total: 'http_requests_total{service="checkout-api"}',
        },
      }),
    ]);
    expect(result.slos).toEqual([]);
    expect(result.issues).toContainEqual({
      path: 'checkout-api-availability: spec.indicator.spec.ratioMetric.bad.metricSource.spec.query',
      message: expect.stringMatching(/does not parse|does not select/),
    });
  });

  it("an SLO whose service is not the entity's", () => {
    const result = check([
      slo({
        service: 'payments-api',
        sli: {
          type: 'ratio',
          total: 'x{service="checkout-api"}',
          bad: 'y{service="checkout-api"}',
        },
      }),
    ]);
    expect(result).toEqual({
      slos: [],
      issues: [
        {
          path: 'checkout-api-availability: spec.service',
          message:
            "the service 'payments-api' is not the entity's own ('checkout-api')",
        },
      ],
    });
  });

  it('a threshold metric that is not a selector', () => {
    const result = check([
      slo({ sli: { type: 'threshold', metric: 'sum(up)', threshold: 0.3 } }),
    ]);
    expect(result.issues).toEqual([
      {
        path: 'checkout-api-availability: spec.indicator.spec.thresholdMetric.metricSource.spec.query',
        message: 'not a metric selector: sum(up)',
      },
    ]);
  });

  it('limits the length, the selectors and the SLOs of a file', () => {
    const long = check([raw(`x{service="checkout-api"}${' '.repeat(2000)}`)]);
    expect(long.issues).toEqual([
      {
        path: 'checkout-api-availability: sli.raw.error_ratio_query',
        message:
          'the query is 2025 characters long, over the limit of 2000 (slo.queries.maxExpressionLength)',
      },
    ]);
    const many = check([
      raw(
        Array.from({ length: 11 }, () => 'x{service="checkout-api"}').join(
          ' + ',
        ),
      ),
    ]);
    expect(many.issues).toEqual([
      {
        path: 'checkout-api-availability: sli',
        message:
          'the queries hold 11 selectors, over the limit of 10 (slo.queries.maxSelectors)',
      },
    ]);
    const ok = raw('x{service="checkout-api"}');
    const file = check(
      Array.from({ length: 3 }, (_, i) => ({ ...ok, name: `s${i}` })),
      { limits: { maxSlosPerFile: 2 } },
    );
    expect(file.slos.map(s => s.name)).toEqual(['s0', 's1']);
    expect(file.issues).toEqual([
      {
        path: '',
        message:
          'the file defines 3 SLOs; only the first 2 are read (slo.queries.maxSlosPerFile)',
      },
    ]);
  });

  it('keeps the limits for trusted entities, without the service rule', () => {
    expect(check([raw('sum(rate(up[5m]))')], { trusted: true }).issues).toEqual(
      [],
    );
    expect(
      check([raw('sum(rate(up[10y]))')], { trusted: true }).issues,
    ).toHaveLength(1);
  });
});
