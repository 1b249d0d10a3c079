/**
 * The catalog, as far as it decides what a developer can make Runway read:
 * who may register, which location types and hosts, which kinds (no
 * Template, User, Group from a developer: no steps of their own, no role),
 * no takeover of another team's entity, no deletion of the org file or of
 * other teams' entities.
 */
import type { Caller } from '../client';
import { getJson, signInIdentity } from '../client';
import { blobUrl } from '../gitRepos';
import { HOSTILE_REPO } from '../hostile';
import type { AbuseCase } from '../runner';
import {
  entity,
  ingested,
  locations,
  processingRefused,
  registerHostile,
  type AbuseContext,
} from '../setup';

const api = (p: string) => `/api/catalog${p}`;
const url = (file: string) => ({
  type: 'url',
  target: blobUrl(HOSTILE_REPO, file),
});

/** The entities of a kind, by ref: what a registration could add. */
const kindState = (kind: string) => async () => {
  const { items } = await getJson(
    'ops',
    `/api/catalog/entities/by-query?filter=kind=${kind}&limit=500&fields=metadata.name,metadata.namespace,spec.members,spec.profile`,
  );
  return JSON.stringify(items);
};

export function catalogCases(ctx: AbuseContext): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    name: string,
    as: Caller,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: unknown,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `catalog: ${name}`,
      target: 'catalog',
      as,
      request: { method, path: api(path), body },
      expect,
      ...extra,
    });

  add(
    'anonymous registers a location',
    'anonymous',
    'POST',
    '/locations',
    url('catalog-info.yaml'),
    [401],
  );
  add(
    'manager registers a location',
    'manager',
    'POST',
    '/locations?dryRun=true',
    url('catalog-info.yaml'),
    [403],
  );
  add(
    'developer registers a file location (/etc/passwd)',
    'developer',
    'POST',
    '/locations',
    { type: 'file', target: '/etc/passwd' },
    [400],
    {
      unchanged: async () => JSON.stringify(await locations()),
    },
  );
  add(
    'developer registers a URL on a host without an integration (SSRF)',
    'developer',
    'POST',
    '/locations?dryRun=true',
    { type: 'url', target: 'http://169.254.169.254/latest/meta-data/iam/' },
    [400],
  );
  add(
    'developer registers a URL of the load balancer itself',
    'developer',
    'POST',
    '/locations?dryRun=true',
    { type: 'url', target: `http://127.0.0.1:1/api/catalog/entities` },
    [400],
  );

  // kinds a developer may not register: refused by the check and by the processing
  const kinds: [
    file: string,
    kind: string,
    ref: string,
    why: string,
    refusal: RegExp,
  ][] = [
    [
      'template.yaml',
      'template',
      'template:default/abuse-template',
      'a Template that deploys a stack named runway',
      /template:default\/abuse-template.*not of an allowed kind/,
    ],
    [
      'user.yaml',
      'user',
      'user:default/abuse-admin',
      "a User with grace's e-mail in platform-ops and finance",
      /user:default\/abuse-admin.*not of an allowed kind/,
    ],
    [
      'group.yaml',
      'group',
      'group:default/platform-ops',
      'the Group platform-ops with grace as its member',
      /group:default\/platform-ops.*not of an allowed kind/,
    ],
    [
      'location-file.yaml',
      'location',
      'location:default/abuse-local-files',
      'a Location entity of type file: /etc/passwd',
      /must be of an allowed type/,
    ],
  ];
  for (const [file, , , why, refusal] of kinds) {
    add(
      `developer checks ${why}`,
      'developer',
      'POST',
      '/locations?dryRun=true',
      url(file),
      [400],
      {
        leak: a =>
          refusal.test(a.text)
            ? undefined
            : `the refusal does not say ${refusal}`,
      },
    );
  }
  for (const [file, kind, ref, why] of kinds) {
    cases.push({
      name: `catalog: developer registers ${why}; nothing is ingested`,
      target: 'catalog',
      as: 'developer',
      // the location itself may be registered; what it holds may not
      request: { method: 'POST', path: api('/locations'), body: url(file) },
      expect: [201, 409],
      leak: async answer => {
        // processed after this registration (the answer's Date, to the second)
        const since = Date.parse(answer.headers.get('date') ?? '') - 1000;
        await processingRefused(file, since);
        const found = await entity(ref);
        if (kind === 'group') {
          return (found?.spec?.members ?? []).includes('grace.checkout')
            ? 'grace.checkout became a member of platform-ops'
            : undefined;
        }
        if (kind === 'location') {
          // the Location entity may exist; nothing may come from its target
          const { items } = await getJson(
            'ops',
            `/api/catalog/entities/by-query?filter=${encodeURIComponent(
              'metadata.annotations.backstage.io/managed-by-location=file:/etc/passwd',
            )}`,
          );
          return items.length
            ? `${items.length} entities read from /etc/passwd`
            : undefined;
        }
        return found ? `${ref} was ingested` : undefined;
      },
      unchanged: kind === 'location' ? undefined : kindState(kind),
    });
  }
  cases.push({
    name: "catalog: after registering a Group and a User, the developer's new sign-in holds no other group",
    target: 'catalog',
    as: 'developer',
    request: { path: api('/entities/by-name/user/default/grace.checkout') },
    expect: [200],
    leak: async () => {
      const { ownershipEntityRefs } = await signInIdentity('developer');
      const groups = ownershipEntityRefs.filter(e => e.startsWith('group:'));
      return groups.join() === 'group:default/team-checkout'
        ? undefined
        : `grace's token holds ${groups.join(', ')}`;
    },
  });
  cases.push({
    name: "catalog: developer registers another team's Component under its own name (payments-api)",
    target: 'catalog',
    as: 'developer',
    request: {
      method: 'POST',
      path: api('/locations'),
      body: url('conflict.yaml'),
    },
    expect: [201, 409],
    unchanged: async () => {
      const e = await entity('component:default/payments-api');
      return JSON.stringify([e?.metadata.annotations, e?.spec]);
    },
    leak: async () => {
      // the canary beside it shows the file was processed
      await ingested('component:default/abuse-conflict-canary');
      const e = await entity('component:default/payments-api');
      return /^group:(default\/)?team-payments$/.test(e?.spec?.owner)
        ? undefined
        : `payments-api now owned by ${e?.spec?.owner}`;
    },
  });

  // deletions
  add(
    "developer deletes the org file's Location entity",
    'developer',
    'DELETE',
    `/entities/by-uid/${ctx.orgLocationUid}`,
    undefined,
    [403],
    {
      unchanged: async () => JSON.stringify(await kindState('location')()),
    },
  );
  add(
    'developer deletes the Group platform-ops',
    'developer',
    'DELETE',
    `/entities/by-uid/${ctx.platformOpsUid}`,
    undefined,
    [403],
    {
      unchanged: async () =>
        (await entity('group:default/platform-ops'))?.metadata.uid ?? 'deleted',
    },
  );
  add(
    "developer deletes another team's Component",
    'developer',
    'DELETE',
    `/entities/by-uid/${ctx.paymentsApiUid}`,
    undefined,
    [403],
    {
      unchanged: async () =>
        (await entity('component:default/payments-api'))?.metadata.uid ??
        'deleted',
    },
  );
  add(
    'manager deletes a location the developer registered',
    'manager',
    'DELETE',
    `/locations/${ctx.registered['catalog-info.yaml']}`,
    undefined,
    [403],
    {
      unchanged: async () => JSON.stringify(await locations()),
    },
  );
  add(
    'anonymous reads the catalog',
    'anonymous',
    'GET',
    '/entities?limit=1',
    undefined,
    [401],
  );
  return cases;
}

/** Registers the YAML bomb (bomb.yaml) and waits for it. */
export async function registerBomb() {
  await registerHostile('bomb.yaml');
  await ingested('component:default/abuse-slo-bomb');
}
