/**
 * The generated Kubernetes manifests dry-run server-side against a real
 * local kube-apiserver holding the upstream CRDs (Argo CD Application, Argo
 * Rollouts Rollout and AnalysisTemplate, prometheus-operator ServiceMonitor
 * and PrometheusRule, External Secrets ExternalSecret): what a cluster would
 * refuse on apply (a wrong field type, a field the schema does not know, a
 * missing required field, an API version it does not serve) fails here. Every
 * kustomize combination that render.test.ts wrote, both overlays, and the
 * Argo CD Applications where Argo CD deploys; helm.test.ts dry-runs the Helm
 * combinations.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { COMBINATIONS } from './combinations';
import { outDir } from './paths';
import { serverDryRun, useDryRunCluster } from './serverDryRun';
import { assertToolsInstalled, ok, tool } from './tools';

jest.setTimeout(300_000);

const dryRunCluster = useDryRunCluster();

/** Kinds of the objects in a multi-document YAML. */
function kinds(yamlText: string): string[] {
  return parseAllDocuments(yamlText)
    .map(d => d.toJS())
    .filter(Boolean)
    .map(o => o.kind);
}

describe('the dry run', () => {
  it('refuses objects a cluster would refuse, naming each, and accepts valid ones', async () => {
    const refusals = await serverDryRun(
      dryRunCluster(),
      [
        // accepted: nothing is listed for it
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: fine, namespace: staging }',
        'data: { a: b }',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: bad-deployment, namespace: staging }',
        'spec:',
        '  replicas: two',
        '  selector: { matchLabels: { app: x } }',
        '  template:',
        '    metadata: { labels: { app: x } }',
        '    spec: { containers: [{ name: x, image: x }] }',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'metadata: { name: bad-rollout, namespace: production }',
        'spec:',
        '  replicas: "2"',
        '  selector: { matchLabels: { app: x } }',
        '  template:',
        '    metadata: { labels: { app: x } }',
        '    spec: { containers: [{ name: x, image: x }] }',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Rollout',
        'metadata: { name: typo-rollout, namespace: production }',
        'spec:',
        '  selector: { matchLabels: { app: x } }',
        '  strategy: { canary: { stepz: [{ setWeight: 10 }] } }',
        '  template:',
        '    metadata: { labels: { app: x } }',
        '    spec: { containers: [{ name: x, image: x }] }',
        '---',
        'apiVersion: argoproj.io/v1alpha1',
        'kind: AnalysisTemplate',
        'metadata: { name: bad-analysis, namespace: production }',
        'spec:',
        '  metrics:',
        '    - name: error-ratio',
        '---',
        'apiVersion: monitoring.coreos.com/v1',
        'kind: NoSuchKind',
        'metadata: { name: unknown, namespace: staging }',
      ].join('\n'),
    );
    expect(refusals).toHaveLength(5);
    // a wrong type, in a built-in kind and in a CRD's schema
    expect(refusals[0]).toMatch(
      /^Deployment\/bad-deployment: .*\.spec\.replicas: expected numeric/,
    );
    expect(refusals[1]).toMatch(
      /^Rollout\/bad-rollout: .*\.spec\.replicas: expected numeric/,
    );
    // a field the CRD does not know, a required field missing
    expect(refusals[2]).toMatch(
      /^Rollout\/typo-rollout: .*\.spec\.strategy\.canary\.stepz: field not declared in schema/,
    );
    expect(refusals[3]).toMatch(
      /^AnalysisTemplate\/bad-analysis: .*spec\.metrics\[0\]\.provider: Required value/,
    );
    expect(refusals[4]).toBe(
      'NoSuchKind/unknown: the apiserver serves no NoSuchKind in monitoring.coreos.com/v1',
    );
  });

  it('stores nothing', async () => {
    const yamlText = [
      'apiVersion: v1',
      'kind: Namespace',
      'metadata: { name: dry-run-only }',
      '---',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata: { name: dry-run-only, namespace: staging }',
    ].join('\n');
    expect(await serverDryRun(dryRunCluster(), yamlText)).toEqual([]);
    // the namespace was not created: an object in it is refused
    expect(
      await serverDryRun(
        dryRunCluster(),
        [
          'apiVersion: v1',
          'kind: ConfigMap',
          'metadata: { name: x, namespace: dry-run-only }',
        ].join('\n'),
      ),
    ).toEqual(['ConfigMap/x: namespaces "dry-run-only" not found']);
  });
});

describe.each(COMBINATIONS.filter(c => c.packaging === 'kustomize'))(
  '$name',
  c => {
    const dir = path.join(outDir(), c.name);

    beforeAll(() => {
      assertToolsInstalled();
      if (!fs.existsSync(path.join(dir, 'catalog-info.yaml'))) {
        throw new Error(
          `${dir} is missing: render.test.ts renders the combinations first`,
        );
      }
    });

    it.each(['staging', 'production'])(
      'the apiserver accepts every object of the %s overlay',
      async env => {
        const { stdout } = await ok(
          tool.kustomize,
          ['build', `k8s/overlays/${env}`],
          { cwd: dir },
        );
        const built = kinds(stdout);
        expect(built).toEqual(
          expect.arrayContaining([
            'Namespace',
            'Service',
            'ServiceMonitor',
            'PrometheusRule',
            ...(c.release === 'canary'
              ? ['Rollout', 'AnalysisTemplate']
              : ['Deployment']),
          ]),
        );
        expect(await serverDryRun(dryRunCluster(), stdout)).toEqual([]);
      },
    );

    if (c.deploy === 'argocd') {
      it('the apiserver accepts the Argo CD Applications', async () => {
        const text = fs.readFileSync(
          path.join(dir, 'argocd/applications.yaml'),
          'utf8',
        );
        expect(kinds(text)).toEqual(['Application', 'Application']);
        expect(await serverDryRun(dryRunCluster(), text)).toEqual([]);
      });
    }
  },
);
