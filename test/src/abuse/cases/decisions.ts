/**
 * decisions (plugins/decisions-backend/src/service/router.ts): both routes
 * as nobody, malformed entity refs, and the developer's own Components
 * whose ADR folder points at local files, internal URLs or another team's
 * repository. The index is read with the plugin's own credentials and
 * filtered per caller; a refused folder is an error entry, never content.
 */
import { all, noAdrs, shows } from '../checks';
import type { Caller } from '../client';
import { VICTIM_MARKER } from '../hostile';
import type { AbuseCase } from '../runner';

const api = (p: string) => `/api/decisions${p}`;
const ref = (name: string) => `component:default/${name}`;

export function decisionsCases(): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    name: string,
    as: Caller,
    path: string,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `decisions: ${name}`,
      target: 'decisions',
      as,
      request: { path: api(path) },
      expect,
      ...extra,
    });

  add('anonymous GET /adrs', 'anonymous', '/adrs', [401]);
  add('anonymous GET /health', 'anonymous', '/health', [401]);
  add(
    'an unsigned token with ops claims reads the ADRs',
    'unsigned-token',
    '/adrs',
    [401],
  );
  add(
    'two entity refs',
    'developer',
    `/adrs?entity=${ref('runway')}&entity=${ref('checkout-api')}`,
    [400],
  );
  add('a malformed entity ref', 'developer', '/adrs?entity=%3A%3A%3A', [400]);
  add(
    'an entity ref holding a path',
    'developer',
    '/adrs?entity=component%3Adefault%2F..%2F..%2Fetc',
    [400, 200],
    {
      leak: a => ((a.json?.items ?? []).length > 0 ? 'ADRs served' : undefined),
    },
  );

  const refused = (
    name: string,
    why: string,
    error: RegExp,
    markers = ['root:x', '"apiVersion"'],
  ) =>
    add(
      `developer's ${name} (${why})`,
      'developer',
      `/adrs?entity=${ref(name)}`,
      [200],
      {
        leak: all(noAdrs(ref(name)), shows(...markers), a =>
          (a.json?.errors ?? []).some(
            (e: { entityRef: string; message: string }) =>
              e.entityRef === ref(name) && error.test(e.message),
          )
            ? undefined
            : `no error entry matching ${error}`,
        ),
      },
    );
  // every URL outside the hostile repository is refused before it is read
  const outside =
    /leads to .*, outside .*: docs by URL are read only from the repository the entity is registered from/;
  refused('abuse-adr-absolute', 'adr-location /etc', outside);
  refused('abuse-adr-traversal', 'adr-location ../../../../../etc', outside);
  refused('abuse-adr-file', 'adr-location file:///etc', outside);
  refused('abuse-adr-ssrf', 'adr-location: the load balancer', outside);
  refused(
    'abuse-adr-victim',
    "adr-location: another team's repository on the integrated host",
    outside,
    [VICTIM_MARKER],
  );
  add(
    'the manager sees no ADR from outside the hostile repository',
    'manager',
    '/adrs',
    [200],
    {
      leak: a =>
        (a.json?.items ?? []).some((i: { entityRef: string }) =>
          i.entityRef.startsWith('component:default/abuse-adr-'),
        )
          ? 'ADRs of a refused folder listed'
          : undefined,
    },
  );
  return cases;
}
