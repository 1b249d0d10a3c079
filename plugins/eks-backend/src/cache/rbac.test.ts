import { loadAllYaml } from '@kubernetes/client-node';
import fs from 'node:fs';
import path from 'node:path';
import { RESOURCE_TYPES } from './resources';
import { groupAndResource, requiredAccess } from './requiredAccess';

type Rule = { apiGroups?: string[]; resources?: string[]; verbs?: string[] };

const file = path.resolve(
  __dirname,
  '../../../../k8s/cluster-reader/clusterrole.yaml',
);
const docs = loadAllYaml(fs.readFileSync(file, 'utf8')) as any[];
const role = docs.find(d => d?.kind === 'ClusterRole');
const binding = docs.find(d => d?.kind === 'ClusterRoleBinding');
const rules: Rule[] = role?.rules ?? [];

function granted(group: string, resource: string, verb: string): boolean {
  return rules.some(
    r =>
      (r.apiGroups ?? []).some(g => g === group || g === '*') &&
      (r.resources ?? []).some(x => x === resource || x === '*') &&
      (r.verbs ?? []).some(v => v === verb || v === '*'),
  );
}

describe('the shipped ClusterRole (k8s/cluster-reader/clusterrole.yaml)', () => {
  it('grants every resource the cache lists and watches and every sub-resource read', () => {
    const missing = requiredAccess().flatMap(a =>
      a.verbs
        .filter(v => !granted(a.group, a.resource, v))
        .map(v => `${v} ${a.group || 'core'}/${a.resource}`),
    );
    expect(missing).toEqual([]);
  });

  it('covers every cached resource type, including networkpolicies, servicemonitors and the Argo CRDs', () => {
    const needed = requiredAccess().map(a => `${a.group}/${a.resource}`);
    expect(needed).toEqual(
      expect.arrayContaining([
        'networking.k8s.io/networkpolicies',
        'monitoring.coreos.com/servicemonitors',
        'argoproj.io/applications',
        'argoproj.io/rollouts',
        '/pods/log',
      ]),
    );
    expect(needed).toHaveLength(RESOURCE_TYPES.length + 1);
    expect(groupAndResource('/api/v1/pods')).toEqual({
      group: '',
      resource: 'pods',
    });
  });

  it('grants no more of argoproj.io than reading Applications and Rollouts', () => {
    const argo = rules.filter(r => (r.apiGroups ?? []).includes('argoproj.io'));
    expect(argo).toEqual([
      {
        apiGroups: ['argoproj.io'],
        resources: ['applications', 'rollouts'],
        verbs: ['get', 'list', 'watch'],
      },
    ]);
  });

  it('is read-only and never grants Secrets or ConfigMaps', () => {
    const verbs = new Set(rules.flatMap(r => r.verbs ?? []));
    expect([...verbs].sort()).toEqual(['get', 'list', 'watch']);
    const resources = rules.flatMap(r => r.resources ?? []);
    expect(resources).not.toContain('secrets');
    expect(resources).not.toContain('configmaps');
    expect(resources).not.toContain('*');
  });

  it('binds the role to the group an EKS access entry maps Runway to', () => {
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'Group',
        name: 'runway:cluster-reader',
      },
    ]);
  });
});
