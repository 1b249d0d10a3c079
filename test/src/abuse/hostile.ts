/**
 * What a hostile developer pushes to their own repository and registers:
 * Components owned by their team (grace.checkout, team-checkout) whose
 * annotations try to make Runway read other teams' data, local files,
 * internal URLs or arbitrary Prometheus series; SLO files with PromQL and
 * YAML injections; kinds a developer may not register. And the private
 * repository of another team (never registered), which hostile references
 * point at.
 */
import { stringify } from 'yaml';
import { GITHUB } from '../rehearsal/site';
import { abuseState } from './client';
import { blobUrl } from './gitRepos';
import { hostileSloFiles, openSlo } from './hostileSlo';

export const HOSTILE_REPO = 'abuse-hostile';
/** Another team's private repository on the same host (not in the catalog). */
export const VICTIM_REPO = 'abuse-victim';
/** Text only the victim's repository holds: seen in an answer, it was read. */
export const VICTIM_MARKER = 'victim-private-3f9c2a';
/** The developer's own team: every hostile Component is theirs to read. */
export const OWN_TEAM = 'group:default/team-checkout';
/** Every Component the suite registers says so (and is found by it). */
export const SUITE_DESCRIPTION =
  'Registered by the abuse suite (test/src/abuse)';

type Annotations = Record<string, string>;

/** The hostile Components of catalog-info.yaml, by name. */
export function hostileComponents(): Record<
  string,
  { annotations: Annotations; namespace?: string; owner?: string }
> {
  const { replicas, url } = abuseState();
  const metrics = replicas[0].metricsUrl;
  const slo = (file: string) => ({ 'runway.io/slo-ref': `./slo/${file}` });
  return {
    // aws-cost: allocations that select other teams' rows (path 1a, 1c)
    'abuse-cost-production': {
      annotations: { 'runway.io/cost-allocation': 'environment=production' },
    },
    'abuse-cost-team': {
      annotations: { 'runway.io/cost-allocation': 'team=team-payments' },
    },
    'abuse-cost-claim': {
      annotations: { 'runway.io/cost-allocation': 'service=payments-api' },
    },
    'abuse-cost-wildcard': {
      annotations: { 'runway.io/cost-allocation': 'service=%,team=*' },
    },
    'abuse-cost-sql': {
      annotations: {
        'runway.io/cost-allocation': "service=x' OR '1'='1,team=') --",
      },
    },
    // owned by another team: its registrant may not read it
    'abuse-cost-foreign': {
      owner: 'group:default/team-payments',
      annotations: {
        'runway.io/cost-allocation': 'service=payments-api',
        'backstage.io/kubernetes-id': 'payments-api',
      },
    },
    // eks: kubernetes-ids of Runway and of another team's service (path 1b)
    'abuse-kube-runway': {
      annotations: { 'backstage.io/kubernetes-id': 'runway' },
    },
    'abuse-kube-payments': {
      annotations: {
        'backstage.io/kubernetes-id': 'payments-api',
        'backstage.io/kubernetes-namespace': 'production',
      },
    },
    'abuse-kube-restricted': {
      annotations: {
        'backstage.io/kubernetes-id': 'abuse-kube-restricted',
        'backstage.io/kubernetes-namespace': 'runway',
      },
    },
    'abuse-kube-selector': {
      annotations: {
        'backstage.io/kubernetes-id':
          'payments-api,backstage.io/kubernetes-id!=none',
      },
    },
    // a workload no entity claims, outside the restricted namespaces
    // (residual risk in docs/security.md)
    'abuse-kube-unclaimed': {
      annotations: { 'backstage.io/kubernetes-id': 'external-dns' },
    },
    // slo: file references (path 2) and URLs (SSRF)
    'abuse-slo-passwd': {
      annotations: {
        'backstage.io/source-location': 'file:/etc/',
        'runway.io/slo-ref': './passwd',
      },
    },
    'abuse-slo-zero': {
      annotations: {
        'backstage.io/source-location': 'file:/dev/',
        'runway.io/slo-ref': './zero',
      },
    },
    'abuse-slo-absolute': {
      annotations: { 'runway.io/slo-ref': '/etc/passwd' },
    },
    'abuse-slo-file-url': {
      annotations: { 'runway.io/slo-ref': 'file:///etc/passwd' },
    },
    'abuse-slo-traversal': {
      annotations: {
        'runway.io/slo-ref': '../../../../../../../../etc/passwd',
      },
    },
    'abuse-slo-ssrf': {
      annotations: { 'runway.io/slo-ref': metrics },
    },
    'abuse-slo-ssrf-source': {
      annotations: {
        'backstage.io/source-location': `url:${url}/api/catalog/`,
        'runway.io/slo-ref': './entities',
      },
    },
    // another team's repository, which the integration token can read: by
    // URL, and relative to a source location there
    'abuse-slo-victim': {
      annotations: {
        'runway.io/slo-ref': blobUrl(VICTIM_REPO, 'slo.yaml'),
      },
    },
    'abuse-slo-victim-source': {
      annotations: {
        'backstage.io/source-location': `url:${blobUrl(VICTIM_REPO, '')}`,
        'runway.io/slo-ref': './slo.yaml',
      },
    },
    // slo: PromQL and YAML in the developer's own SLO files (path 8)
    'abuse-slo-nolabel': { annotations: slo('nolabel.yaml') },
    'abuse-slo-other-service': { annotations: slo('other-service.yaml') },
    'abuse-slo-or': { annotations: slo('or.yaml') },
    'abuse-slo-regex': { annotations: slo('regex.yaml') },
    'abuse-slo-subquery': { annotations: slo('subquery.yaml') },
    'abuse-slo-at': { annotations: slo('at.yaml') },
    'abuse-slo-offset': { annotations: slo('offset.yaml') },
    'abuse-slo-long': { annotations: slo('long.yaml') },
    'abuse-slo-sloth': { annotations: slo('sloth.yaml') },
    'abuse-slo-many': { annotations: slo('many.yaml') },
    'abuse-slo-tags': { annotations: slo('tags.yaml') },
    'abuse-slo-big': { annotations: slo('big.yaml') },
    // named like another team's service, in a namespace of its own: its
    // queries pass the label rule (residual risk in docs/security.md)
    'checkout-api': {
      namespace: 'abuse',
      annotations: slo('name-alike.yaml'),
    },
    // the deploy gate without SLOs (path 9b)
    'abuse-gate-none': { annotations: {} },
    // decisions: ADR folders outside the repository
    'abuse-adr-absolute': {
      annotations: { 'backstage.io/adr-location': '/etc' },
    },
    'abuse-adr-traversal': {
      annotations: { 'backstage.io/adr-location': '../../../../../etc' },
    },
    'abuse-adr-file': {
      annotations: { 'backstage.io/adr-location': 'file:///etc' },
    },
    'abuse-adr-ssrf': {
      annotations: {
        'backstage.io/adr-location': `${url}/api/catalog/entities`,
      },
    },
    'abuse-adr-victim': {
      annotations: {
        'backstage.io/adr-location': `https://${GITHUB.host}/${GITHUB.owner}/${VICTIM_REPO}/tree/main/docs/adr`,
      },
    },
    // scaffolder: docs templates run against these (runway:adr:create)
    'abuse-adr-git': {
      annotations: { 'backstage.io/adr-location': 'docs/.git/hooks' },
    },
    'abuse-adr-dotdot': {
      annotations: { 'backstage.io/adr-location': 'docs/../../../etc' },
    },
  };
}

const component = (
  name: string,
  spec: { annotations: Annotations; namespace?: string; owner?: string },
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    ...(spec.namespace ? { namespace: spec.namespace } : {}),
    description: SUITE_DESCRIPTION,
    annotations: spec.annotations,
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: spec.owner ?? OWN_TEAM,
  },
});

const docs = (...objects: object[]) =>
  objects.map(o => stringify(o)).join('---\n');

/** The files of the hostile repository. */
export function hostileFiles(): Record<string, string> {
  const components = hostileComponents();
  const slo = (file: string) => ({ 'runway.io/slo-ref': `./slo/${file}` });
  return {
    'catalog-info.yaml': docs(
      ...Object.entries(components).map(([name, spec]) =>
        component(name, spec),
      ),
    ),
    // kinds a developer may not register (catalog.rules), one file each
    'template.yaml': stringify({
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: { name: 'abuse-template' },
      spec: {
        owner: OWN_TEAM,
        type: 'service',
        parameters: [],
        steps: [
          {
            id: 'stack',
            action: 'aws:cloudformation:deploy',
            input: {
              stackName: 'runway',
              region: 'eu-west-1',
              templateFile: 'stack.yaml',
            },
          },
        ],
      },
    }),
    'user.yaml': stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'abuse-admin' },
      spec: {
        profile: { email: 'grace.checkout@runway.example.com' },
        memberOf: ['platform-ops', 'finance'],
      },
    }),
    'group.yaml': stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'platform-ops' },
      spec: { type: 'team', children: [], members: ['grace.checkout'] },
    }),
    'location-file.yaml': stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'abuse-local-files' },
      spec: { type: 'file', target: '/etc/passwd' },
    }),
    // another team's Component under its own name, with a canary that
    // shows the file was processed
    'conflict.yaml': docs(
      component('abuse-conflict-canary', { annotations: {} }),
      component('payments-api', {
        annotations: {
          'backstage.io/kubernetes-id': 'runway',
          'runway.io/cost-allocation': 'environment=production',
        },
      }),
    ),
    // registered last: it breaks SLO answers (a known issue)
    'bomb.yaml': stringify(
      component('abuse-slo-bomb', { annotations: slo('bomb.yaml') }),
    ),
    ...hostileSloFiles(),
    // the docs templates read these (runway:docs:checkout, fetch:plain)
    'mkdocs.yml': stringify({
      site_name: 'abuse-hostile',
      nav: [{ Home: 'index.md' }],
      plugins: ['techdocs-core'],
    }),
    'docs/index.md': '# abuse-hostile\n',
    'docs/runbook.md': '# Runbook\n\n## AbuseAlert\n\nNothing.\n',
  };
}

/** The files of another team's private repository. */
export function victimFiles(): Record<string, string> {
  return {
    'slo.yaml': stringify(
      openSlo({
        name: `${VICTIM_MARKER}-availability`,
        service: VICTIM_MARKER,
        bad: `http_requests_total{service="${VICTIM_MARKER}",code=~"5.."}`,
        total: `http_requests_total{service="${VICTIM_MARKER}"}`,
      }),
    ),
    'docs/adr/0001-keep-the-secret.md': `# 1. Keep the secret\n\nStatus: accepted\n\n${VICTIM_MARKER}: the payments signing key lives in vault path secret/payments.\n`,
    'docs/index.md': '# victim\n',
  };
}
