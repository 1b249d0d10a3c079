/**
 * aws-cost (plugins/aws-cost-backend/src/service/router.ts): every route as
 * nobody and with forged tokens, the manager's reports asked by a
 * developer, other teams' entities, the developer's own Components whose
 * cost allocation selects other teams' rows (path 1a, 1c), malformed and
 * oversized query strings, the import (nothing written) and formula tag
 * values in the CSV export (path 4).
 */
import { all, noFormulas, notAllocatedBy, noSpend, shows } from '../checks';
import type { Caller } from '../client';
import type { AbuseCase } from '../runner';
import { costImports, type AbuseContext } from '../setup';

const ROUTES = [
  '/status',
  '/summary',
  '/breakdown',
  '/movers',
  '/anomalies',
  '/budgets',
  '/entity/component/default/checkout-api',
  '/export.csv',
];
const api = (p: string) => `/api/aws-cost${p}`;

export function awsCostCases(ctx: AbuseContext): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    name: string,
    as: Caller,
    path: string,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `aws-cost: ${name}`,
      target: 'aws-cost',
      as,
      request: { path: api(path) },
      expect,
      ...extra,
    });

  for (const route of ROUTES) {
    add(`anonymous GET ${route}`, 'anonymous', route, [401]);
  }
  add('anonymous POST /import', 'anonymous', '/import', [401], {
    request: { method: 'POST', path: api('/import') },
    unchanged: costImports,
  });
  add('a garbage token reads the summary', 'garbage-token', '/summary', [401]);
  add(
    'an unsigned token with ops claims reads the summary',
    'unsigned-token',
    '/summary',
    [401],
  );
  add(
    "the developer's token with its claims rewritten to ops exports the CSV",
    'tampered-token',
    '/export.csv',
    [401],
  );

  // a developer asking for the manager's data
  for (const route of [
    '/status',
    '/summary',
    '/breakdown?dimension=team',
    '/movers',
    '/anomalies',
    '/budgets',
    '/export.csv',
  ]) {
    add(
      `developer GET ${route} (managers' and ops' report)`,
      'developer',
      route,
      [403],
    );
  }
  add(
    'developer reads with a malformed query before the permission check',
    'developer',
    '/breakdown?from=../../etc/passwd',
    [403],
  );

  // other teams' entities
  for (const ref of [
    'component/default/payments-api',
    'component/default/runway',
    'group/default/team-payments',
    'group/default/finance',
    'group/default/platform-ops',
    'group/default/runway-org',
    'user/default/alice.ops',
  ]) {
    add(`developer reads the cost of ${ref}`, 'developer', `/entity/${ref}`, [
      403,
    ]);
  }
  add(
    'developer reads a Component they registered for another team',
    'developer',
    '/entity/component/default/abuse-cost-foreign',
    [403],
  );

  // the developer's own Components with hostile allocations
  const own = (name: string, tag: string, value: string, why: string) =>
    add(
      `developer's ${name} (${why})`,
      'developer',
      `/entity/component/default/${name}`,
      [200],
      {
        leak: all(noSpend, notAllocatedBy(tag, value)),
      },
    );
  own(
    'abuse-cost-production',
    'environment',
    'production',
    'environment=production: the whole production spend',
  );
  own(
    'abuse-cost-team',
    'team',
    'team-payments',
    "team=team-payments: another team's spend",
  );
  own(
    'abuse-cost-claim',
    'service',
    'payments-api',
    "service=payments-api: another team's service",
  );
  add(
    "developer's abuse-cost-wildcard (service=%, team=*: SQL and glob wildcards)",
    'developer',
    '/entity/component/default/abuse-cost-wildcard',
    [200],
    { leak: noSpend },
  );
  add(
    "developer's abuse-cost-sql (SQL in the allocation)",
    'developer',
    '/entity/component/default/abuse-cost-sql',
    [200],
    { leak: noSpend },
  );
  add(
    'a second claim leaves payments-api its own spend (ops)',
    'ops',
    '/entity/component/default/payments-api',
    [200],
    {
      leak: a =>
        a.json?.monthToDate > 0 &&
        a.json?.allocation?.[0]?.value === 'payments-api'
          ? undefined
          : `payments-api lost its spend: ${JSON.stringify(
              a.json?.allocation,
            )} ${a.json?.monthToDate}`,
    },
  );

  // malformed and oversized query strings (the manager may read reports)
  const bad = (name: string, path: string, expect = [400]) =>
    add(`manager: ${name}`, 'manager', path, expect);
  bad('unknown dimension', '/breakdown?dimension=password');
  bad('a path as a date', '/breakdown?from=../../etc/passwd');
  bad('an impossible date', '/breakdown?from=2026-13-45');
  bad('a range over three years', '/breakdown?from=2020-01-01&to=2026-01-01');
  bad("'from' after 'to'", '/breakdown?from=2026-02-01&to=2026-01-01');
  bad('an unknown granularity', '/breakdown?granularity=hourly');
  bad(
    'daily granularity over 400 days',
    '/breakdown?from=2025-01-01&to=2026-06-01&granularity=daily',
  );
  bad('an empty filter', '/breakdown?team=');
  bad('a 300-character filter', `/breakdown?team=${'a'.repeat(300)}`);
  bad('an operator object as a filter', '/breakdown?team[$ne]=x');
  bad('a repeated parameter', '/breakdown?from=2026-01-01&from=2026-02-01');
  bad('an unknown parameter', '/breakdown?sql=1');
  bad('limit 0', '/movers?limit=0');
  bad('limit 101', '/movers?limit=101');
  bad('limit in exponent notation', '/movers?limit=1e2');
  bad('a parameter on /summary', '/summary?x=1');
  bad('a parameter on /status', '/status?x=1');
  bad('a parameter on /anomalies', '/anomalies?x=1');
  bad('a parameter on /budgets', '/budgets?x=1');
  bad('a dimension on the export', '/export.csv?dimension=team');
  bad('a timestamp as the export day', '/export.csv?from=2026-01-01T00:00:00Z');
  bad(
    'an unknown granularity for an entity',
    '/entity/component/default/checkout-api?granularity=yearly',
  );
  bad(
    'a filter on an entity',
    '/entity/component/default/checkout-api?team=team-payments',
  );
  bad(
    'an entity that does not exist',
    '/entity/component/default/no-such-service',
    [404],
  );
  bad(
    'an entity name holding a path',
    '/entity/component/default/..%2F..%2Fetc%2Fpasswd',
    [400, 404],
  );
  bad(
    'a 20 KB filter (oversized query string)',
    `/breakdown?team=${'x'.repeat(20_000)}`,
    [400, 414, 431],
  );

  // nothing written: the import is for ops
  for (const as of ['developer', 'manager'] as const) {
    cases.push({
      name: `aws-cost: ${as} POST /import`,
      target: 'aws-cost',
      as,
      request: { method: 'POST', path: api('/import') },
      expect: [403],
      unchanged: costImports,
    });
  }

  // formula tag values in the manager's CSV export (path 4)
  const day = ctx.formulaDay;
  add(
    'formula tag values and account names in the CSV export',
    'manager',
    `/export.csv?from=${day}&to=${day}`,
    [200],
    {
      leak: all(noFormulas, a =>
        a.text.includes("'=HYPERLINK(")
          ? undefined
          : 'the formula rows are not in the export',
      ),
    },
  );
  add(
    'formula tag values in a filtered CSV export',
    'manager',
    `/export.csv?from=${day}&to=${day}&service=abuse-csv-formula`,
    [200],
    {
      leak: noFormulas,
    },
  );
  add(
    'a formula as the export filter',
    'manager',
    `/export.csv?from=${day}&to=${day}&team=${encodeURIComponent('=cmd|calc')}`,
    [200],
    {
      leak: all(noFormulas, shows('attacker.example')),
    },
  );
  return cases;
}
