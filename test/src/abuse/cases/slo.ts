/**
 * slo (plugins/slo-backend/src/service/router.ts): every route as nobody;
 * malformed query strings and paths; the developer's own Components whose
 * SLO reference points at local files, internal URLs or another team's
 * repository (path 2), and whose SLO files hold PromQL that reads outside
 * the entity's own series or YAML meant to exhaust the parser (path 8); the
 * deploy gate without SLOs (path 9b). SLOs are readable by every signed-in
 * user, so the refusal is an issue in a 200 answer: no file read, no query
 * run.
 */
import { all, shows, sloRefused } from '../checks';
import type { Caller } from '../client';
import { VICTIM_MARKER } from '../hostile';
import type { AbuseCase } from '../runner';

const api = (p: string) => `/api/slo${p}`;
const own = (name: string) => `/entity/component/default/${name}`;

export function sloCases(): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    name: string,
    as: Caller,
    path: string,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `slo: ${name}`,
      target: 'slo',
      as,
      request: { path: api(path) },
      expect,
      ...extra,
    });

  for (const route of [
    '/config',
    '/slos',
    own('checkout-api'),
    `${own('checkout-api')}/slos/checkout-api-availability`,
    '/teams/team-checkout/compliance',
    '/gate?entity=component:default/checkout-api&env=production',
  ]) {
    add(`anonymous GET ${route.split('?')[0]}`, 'anonymous', route, [401]);
  }
  add(
    'a garbage token asks the deploy gate',
    'garbage-token',
    '/gate?entity=component:default/checkout-api&env=production',
    [401],
  );

  // malformed query strings and paths
  const bad = (name: string, path: string, expect = [400]) =>
    add(`developer: ${name}`, 'developer', path, expect);
  bad('an unknown environment', '/slos?env=..%2F..%2Fetc');
  bad('two environments', '/slos?env=production&env=staging');
  bad('an empty environment', `${own('checkout-api')}?env=`);
  bad('months 0', '/teams/team-checkout/compliance?months=0');
  bad('months 25', '/teams/team-checkout/compliance?months=25');
  bad('fractional months', '/teams/team-checkout/compliance?months=1.5');
  bad(
    'months as an expression',
    '/teams/team-checkout/compliance?months=6%2B1',
  );
  bad('the gate without an entity', '/gate?env=production');
  bad(
    'the gate without an environment',
    '/gate?entity=component:default/checkout-api',
  );
  bad(
    'the gate with a malformed entity',
    '/gate?entity=%3A%3A&env=production',
    [400, 404],
  );
  bad('an entity that does not exist', own('no-such-service'), [404]);
  bad(
    'an entity name holding a path',
    own('..%2F..%2Fetc%2Fpasswd'),
    [400, 404],
  );
  bad(
    'an SLO name holding a path',
    `${own('checkout-api')}/slos/..%2F..%2Fetc%2Fpasswd`,
    [404],
  );
  // an unknown team (any name) has no SLOs: nothing is read
  add(
    'developer: a team name holding a path',
    'developer',
    '/teams/..%2F..%2Fetc/compliance',
    [200, 400, 404],
    {
      leak: a =>
        (a.json?.rows ?? []).length > 0
          ? `rows shown: ${a.json.rows.length}`
          : undefined,
    },
  );

  // file references and URLs in the developer's own Components (path 2)
  const refused = (name: string, why: string, issue: RegExp, more = {}) =>
    add(`developer's ${name} (${why})`, 'developer', own(name), [200], {
      leak: sloRefused(issue),
      ...more,
    });
  refused(
    'abuse-slo-passwd',
    'source-location file:/etc/ and slo-ref ./passwd',
    /file: source location \/etc\/ is ignored/,
  );
  refused(
    'abuse-slo-zero',
    'source-location file:/dev/ and slo-ref ./zero',
    /file: source location \/dev\/ is ignored/,
  );
  // every URL outside the hostile repository is refused before it is read
  const outside =
    /is outside .*SLO files by URL are read only from the repository the entity is registered from/;
  refused('abuse-slo-absolute', 'slo-ref /etc/passwd', outside);
  refused('abuse-slo-file-url', 'slo-ref file:///etc/passwd', outside);
  refused('abuse-slo-traversal', 'slo-ref ../../../etc/passwd', outside);
  refused('abuse-slo-ssrf', "slo-ref: a replica's metrics URL", outside, {
    leak: all(sloRefused(outside), shows('# HELP', 'process_cpu')),
  });
  refused(
    'abuse-slo-ssrf-source',
    'source-location: the load balancer',
    outside,
    {
      leak: all(sloRefused(outside), shows('"apiVersion"', 'alice.ops')),
    },
  );
  // another team's repository on the integrated host: by URL, or relative to
  // a source location there (read with the integration token if honoured)
  refused(
    'abuse-slo-victim',
    "slo-ref: another team's repository on the integrated host",
    outside,
    {
      leak: all(sloRefused(outside), shows(VICTIM_MARKER)),
    },
  );
  refused(
    'abuse-slo-victim-source',
    "source-location: another team's repository, slo-ref ./slo.yaml",
    outside,
    {
      leak: all(sloRefused(outside), shows(VICTIM_MARKER)),
    },
  );

  // PromQL and YAML in the developer's own SLO files (path 8)
  refused(
    'abuse-slo-nolabel',
    "Runway's own series, no service label",
    /does not select service="abuse-slo-nolabel"/,
  );
  refused(
    'abuse-slo-other-service',
    "another team's service label",
    /is not the entity's own/,
  );
  refused(
    'abuse-slo-or',
    '`or` with an unlabelled selector',
    /does not select service/,
  );
  refused('abuse-slo-regex', 'service=~".+"', /does not select service/);
  refused(
    'abuse-slo-subquery',
    'a 30-day subquery at 1 s',
    /subqueries are not allowed/,
  );
  refused('abuse-slo-at', 'an @ modifier', /@ modifiers are not allowed/);
  refused('abuse-slo-offset', 'a ten-year offset', /offset/);
  refused('abuse-slo-long', 'a 2,800-character regex', /over the limit/);
  refused(
    'abuse-slo-sloth',
    'Sloth {{.window}} queries without the label',
    /does not select service/,
  );
  refused(
    'abuse-slo-tags',
    'YAML language tags (!!js/function, !!python/object)',
    /must be 'openslo\/v1'/,
  );
  refused(
    'abuse-slo-big',
    'an SLO file over slo.files.maxBytes',
    /larger than 262144 bytes/,
  );
  add(
    "developer's abuse-slo-many (40 SLOs in one file)",
    'developer',
    own('abuse-slo-many'),
    [200],
    {
      leak: a =>
        (a.json?.slos ?? []).length <= 20 && /maxSlosPerFile/.test(a.text)
          ? undefined
          : `${
              (a.json?.slos ?? []).length
            } SLOs read, or no issue naming slo.queries.maxSlosPerFile`,
    },
  );
  add(
    'an SLO of a refused file asked by name',
    'developer',
    `${own('abuse-slo-nolabel')}/slos/abuse-slo-nolabel-availability`,
    [404],
    {
      leak: shows('"sli":'),
    },
  );
  add(
    "a Component named like another team's service, in its own namespace (component:abuse/checkout-api)",
    'developer',
    '/entity/component/abuse/checkout-api',
    [200],
    {
      leak: all(
        sloRefused(/is also the name of .*component:default\/checkout-api/),
        a =>
          (a.json?.slos ?? []).some(
            (s: { sli?: number }) => typeof s.sli === 'number',
          )
            ? "checkout-api's series evaluated for an entity of the developer's"
            : undefined,
      ),
    },
  );

  // the deploy gate (path 9b)
  add(
    'the gate for an entity without SLOs',
    'developer',
    '/gate?entity=component:default/abuse-gate-none&env=production',
    [200],
    {
      leak: a =>
        a.json?.decision === 'deny'
          ? undefined
          : `decision ${a.json?.decision}`,
    },
  );
  add(
    'the gate for an entity whose SLOs were all refused',
    'developer',
    '/gate?entity=component:default/abuse-slo-nolabel&env=production',
    [200],
    {
      leak: a =>
        a.json?.decision === 'deny'
          ? undefined
          : `decision ${a.json?.decision}`,
    },
  );
  add(
    'the SLO list holds none of the refused SLOs',
    'manager',
    '/slos',
    [200],
    {
      leak: a => {
        const names = (a.json?.slos ?? a.json?.items ?? [])
          .map((s: { name?: string }) => s.name ?? '')
          .filter(
            (n: string) =>
              /^abuse-slo-(nolabel|or|regex|sloth|subquery|at|offset|long)/.test(
                n,
              ) || n.startsWith(VICTIM_MARKER),
          );
        return names.length
          ? `refused SLOs listed: ${names.join(', ')}`
          : undefined;
      },
    },
  );
  return cases;
}

/**
 * The YAML bomb: an SLO file whose aliases expand to 9^9 nodes, registered
 * last (bomb.yaml) because it breaks the answers of every user while it is
 * in the catalog.
 */
export function sloBombCases(): AbuseCase[] {
  // the yaml library refuses the expansion; parseSloFile reports it as an
  // issue of that file, and every other answer stays whole
  const add = (name: string, as: Caller, path: string) => ({
    name: `slo: ${name}`,
    target: 'slo' as const,
    as,
    request: { path: api(path) },
    expect: [200],
    leak: shows('lollollol'),
  });
  return [
    {
      ...add(
        "developer's abuse-slo-bomb (YAML billion laughs)",
        'developer',
        own('abuse-slo-bomb'),
      ),
      leak: sloRefused(/alias/i),
    },
    add('the SLO list while a YAML bomb is registered', 'manager', '/slos'),
    add(
      "a team's compliance while a YAML bomb is registered",
      'manager',
      '/teams/team-checkout/compliance',
    ),
    {
      ...add(
        'the gate for the YAML bomb entity',
        'developer',
        '/gate?entity=component:default/abuse-slo-bomb&env=production',
      ),
      leak: (a: { json: any }) =>
        a.json?.decision === 'deny'
          ? undefined
          : `decision ${a.json?.decision}`,
    },
  ];
}
