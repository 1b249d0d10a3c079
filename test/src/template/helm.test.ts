/**
 * The Helm packaging (packaging: helm) of every Helm combination that
 * render.test.ts wrote: helm lint --strict with each environment's values,
 * helm template into objects that the offline schemas (kubernetes-models)
 * accept, with the contract's labels, the options' kinds and the
 * environment's sizes, hosts and secret store; the same objects as
 * `kustomize build` of the same answers rendered with kustomize (render.test.ts
 * writes that twin beside it; only the Namespace, which the deploy creates,
 * and Helm's own labels differ); the image tag set as the pipeline sets it;
 * checkov (0 failed checks, the workload's two skips justified inline); and a
 * server-side dry run against a local kube-apiserver with the CRDs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from '../harness/processes';
import {
  Combination,
  COMBINATIONS,
  expectedKinds,
  generatedPaths,
} from './combinations';
import { outDir } from './paths';
import { serverDryRun, useDryRunCluster } from './serverDryRun';
import { HELM_VERSION, assertToolsInstalled, ok, run, tool } from './tools';
import { checkovManifest } from './checkovInput';

jest.setTimeout(600_000);

const HELM_COMBINATIONS = COMBINATIONS.filter(c => c.packaging === 'helm');
const ENVS = ['staging', 'production'] as const;
type Env = (typeof ENVS)[number];

const VALIDATE_OBJECTS = path.join(__dirname, 'validate-objects.mjs');

/** The platform of app-config.development.yaml's runwayTemplates (the render's). */
const REGISTRY = '000000000000.dkr.ecr.eu-west-1.amazonaws.com';
const DOMAIN = 'runway.example.com';

/** What each overlay patches (k8s/overlays/<env>/kustomization.yaml). */
const PER_ENV: Record<
  Env,
  { minReplicas: number; maxReplicas: number; host: (n: string) => string }
> = {
  staging: {
    minReplicas: 2,
    maxReplicas: 4,
    host: n => `${n}.staging.${DOMAIN}`,
  },
  production: { minReplicas: 3, maxReplicas: 10, host: n => `${n}.${DOMAIN}` },
};

/** Labels Helm's conventions add beside the contract's. */
const HELM_LABELS = [
  'helm.sh/chart',
  'app.kubernetes.io/managed-by',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
];

function contractLabels(c: Combination) {
  return {
    'app.kubernetes.io/name': c.name,
    'app.kubernetes.io/part-of': 'storefront',
    'backstage.io/kubernetes-id': c.name,
    'runway.io/team': 'team-checkout',
  };
}

/** Files the suite writes for one combination (outside the repository). */
function workDir(...parts: string[]) {
  const dir = path.join(outDir(), 'helm', ...parts);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function repoDir(c: Combination) {
  return path.join(outDir(), c.name);
}

/** The arguments of `helm template <name> chart -n <env> -f chart/values-<env>.yaml [args]`. */
function helmTemplateArgs(c: Combination, env: Env, args: string[] = []) {
  return [
    'template',
    c.name,
    'chart',
    '--namespace',
    env,
    '--values',
    `chart/values-${env}.yaml`,
    ...args,
  ];
}

/** `helm template` of the chart for an environment; its output. */
async function helmTemplate(c: Combination, env: Env, args: string[] = []) {
  const { stdout } = await ok(tool.helm, helmTemplateArgs(c, env, args), {
    cwd: repoDir(c),
  });
  return stdout;
}

function objectsOf(yamlText: string): any[] {
  return parseAllDocuments(yamlText)
    .map(d => d.toJS())
    .filter(Boolean);
}

const byKindAndName = (a: any, b: any) =>
  `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`);

/** Helm's objects without Helm's own labels, sorted, for the comparison. */
function withoutHelmLabels(objects: any[]) {
  return objects
    .map(o => {
      const labels = Object.fromEntries(
        Object.entries(o.metadata.labels ?? {}).filter(
          ([k]) => !HELM_LABELS.includes(k),
        ),
      );
      return { ...o, metadata: { ...o.metadata, labels } };
    })
    .sort(byKindAndName);
}

function workload(objects: any[]) {
  return objects.find(o => o.kind === 'Deployment' || o.kind === 'Rollout');
}

beforeAll(() => {
  assertToolsInstalled();
  // this run's files only: checkov reads the whole folder
  fs.rmSync(path.join(outDir(), 'helm'), { recursive: true, force: true });
});

describe('the Helm combinations', () => {
  it('are at least one rolling and one canary, public and internal', () => {
    expect(new Set(HELM_COMBINATIONS.map(c => c.release))).toEqual(
      new Set(['rolling', 'canary']),
    );
    expect(new Set(HELM_COMBINATIONS.map(c => c.exposure))).toEqual(
      new Set(['internal', 'public']),
    );
  });
});

describe('helm', () => {
  it(`is the ${HELM_VERSION} scripts/bootstrap.d/helm.sh builds`, async () => {
    const bootstrap = fs.readFileSync(
      path.join(ROOT, 'scripts', 'bootstrap.d', 'helm.sh'),
      'utf8',
    );
    expect(bootstrap).toContain(
      `\nHELM_VERSION=${HELM_VERSION.replace(/^v/, '')}\n`,
    );
    const { stdout } = await ok(tool.helm, [
      'version',
      '--template',
      '{{.Version}}',
    ]);
    expect(stdout.trim()).toBe(HELM_VERSION);
  });
});

describe.each(HELM_COMBINATIONS)('$name (helm, $release, $exposure)', c => {
  const dir = repoDir(c);
  const twin = path.join(outDir(), `${c.name}-kustomize`);

  beforeAll(() => {
    for (const [where, file] of [
      [dir, 'chart/Chart.yaml'],
      [twin, 'k8s/overlays/staging/kustomization.yaml'],
    ]) {
      if (!fs.existsSync(path.join(where, file))) {
        throw new Error(
          `${path.join(
            where,
            file,
          )} is missing: render.test.ts renders the combinations (and their kustomize twins) first`,
        );
      }
    }
  });

  it('holds the chart, its generated files and no kustomize manifests', () => {
    const chart = parse(
      fs.readFileSync(path.join(dir, 'chart/Chart.yaml'), 'utf8'),
    );
    expect(chart).toMatchObject({
      apiVersion: 'v2',
      name: c.name,
      version: '0.1.0',
      appVersion: '0.1.0',
    });
    const generated = generatedPaths(c);
    for (const file of [generated.rules, generated.dashboard]) {
      expect(fs.existsSync(path.join(dir, file))).toBe(true);
    }
    expect(fs.existsSync(path.join(dir, 'k8s'))).toBe(false);
  });

  it.each(ENVS)(
    'helm lint --strict accepts the chart with the %s values',
    async env => {
      const { stdout } = await ok(
        tool.helm,
        ['lint', '--strict', 'chart', '--values', `chart/values-${env}.yaml`],
        { cwd: dir },
      );
      expect(stdout).toContain('1 chart(s) linted, 0 chart(s) failed');
    },
  );

  it("refuses to render without an environment's values", async () => {
    const res = await run(
      tool.helm,
      ['template', c.name, 'chart', '--namespace', 'staging'],
      { cwd: dir },
    );
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain("missing property 'environment'");
  });

  it.each(ENVS)(
    'helm template renders the %s objects: valid, labelled, sized for the environment',
    async env => {
      const text = await helmTemplate(c, env);
      const manifest = path.join(workDir(c.name), `${env}.yaml`);
      fs.writeFileSync(manifest, text);
      const objects = objectsOf(text);
      const schemas = await run(process.execPath, [VALIDATE_OBJECTS, manifest]);
      expect(schemas.stdout.trim()).toBe(
        `${objects.length} objects, 0 invalid`,
      );
      // checkov knows no Rollout: its pod template is checked as a Deployment's
      fs.writeFileSync(
        path.join(workDir('checkov', c.name), `${env}.yaml`),
        checkovManifest(objects),
      );

      const { workloadKind } = generatedPaths(c);
      expect(objects.map(o => o.kind).sort()).toEqual(
        expectedKinds(c, { namespace: false }),
      );

      // the contract's labels and Helm's on every object, in the release's namespace
      for (const obj of objects) {
        expect(obj.metadata.namespace).toBe(env);
        expect(obj.metadata.labels).toEqual({
          ...contractLabels(c),
          environment: env,
          'helm.sh/chart': `${c.name}-0.1.0`,
          'app.kubernetes.io/managed-by': 'Helm',
          'app.kubernetes.io/instance': c.name,
          'app.kubernetes.io/version': '0.1.0',
          ...(obj.kind === 'ConfigMap' ? { grafana_dashboard: '1' } : {}),
        });
      }
      // selectors: the name only, whatever else the labels hold
      const selector = { 'app.kubernetes.io/name': c.name };
      const find = (kind: string) => objects.find(o => o.kind === kind);
      const pods = workload(objects);
      expect(pods.kind).toBe(workloadKind);
      expect(pods.spec.selector.matchLabels).toEqual(selector);
      expect(pods.spec.template.metadata.labels).toEqual(contractLabels(c));
      expect(
        pods.spec.template.spec.topologySpreadConstraints[0].labelSelector
          .matchLabels,
      ).toEqual(selector);
      expect(find('Service').spec.selector).toEqual(selector);
      expect(find('PodDisruptionBudget').spec.selector.matchLabels).toEqual(
        selector,
      );
      expect(find('ServiceMonitor').spec.selector.matchLabels).toEqual(
        selector,
      );
      for (const policy of objects.filter(o => o.kind === 'NetworkPolicy')) {
        expect(policy.spec.podSelector.matchLabels).toEqual(selector);
      }
      // the workload: image, checkov's justified skips, the HPA's target
      expect(pods.spec.template.spec.containers[0].image).toBe(
        `${REGISTRY}/${c.name}:0.1.0`,
      );
      expect(Object.keys(pods.metadata.annotations).sort()).toEqual([
        'checkov.io/skip1',
        'checkov.io/skip2',
      ]);
      const hpa = find('HorizontalPodAutoscaler');
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion:
          workloadKind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1',
        kind: workloadKind,
        name: c.name,
      });
      expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([
        PER_ENV[env].minReplicas,
        PER_ENV[env].maxReplicas,
      ]);
      // the environment's host and secret store, where the options have them
      const host = PER_ENV[env].host(c.name);
      const ingress = find('Ingress');
      expect({
        hosts: ingress?.spec.rules.map((r: any) => r.host),
        tls: ingress?.spec.tls,
      }).toEqual(
        c.exposure === 'public'
          ? { hosts: [host], tls: [{ hosts: [host] }] }
          : { hosts: undefined, tls: undefined },
      );
      expect(find('ExternalSecret')?.spec.secretStoreRef).toEqual(
        c.database === 'postgres' || c.queue === 'rabbitmq'
          ? { kind: 'ClusterSecretStore', name: `aws-secrets-manager-${env}` }
          : undefined,
      );
      // the dashboard and the rules: the generated files as they are
      const dashboard = find('ConfigMap');
      expect(dashboard.metadata.name).toBe(`${c.name}-grafana-dashboard`);
      expect(dashboard.data).toEqual({
        [`${c.name}.json`]: fs.readFileSync(
          path.join(dir, generatedPaths(c).dashboard),
          'utf8',
        ),
      });
      const rule = parse(
        fs.readFileSync(path.join(dir, generatedPaths(c).rules), 'utf8'),
      );
      const rendered = find('PrometheusRule');
      expect(rendered.metadata.name).toBe(rule.metadata.name);
      expect(rendered.spec).toEqual(rule.spec);
      expect(rendered.spec.groups.length).toBeGreaterThan(0);
    },
  );

  it.each(ENVS)(
    'renders the same %s objects as kustomize builds from the same answers',
    async env => {
      const helmObjects = withoutHelmLabels(
        objectsOf(await helmTemplate(c, env)),
      );
      const { stdout } = await ok(
        tool.kustomize,
        ['build', `k8s/overlays/${env}`],
        { cwd: twin },
      );
      const kustomizeObjects = objectsOf(stdout);
      // the deploy creates the namespace (the chart holds none)
      const namespaces = kustomizeObjects.filter(o => o.kind === 'Namespace');
      expect(namespaces.map(o => o.metadata.name)).toEqual([env]);
      const expected = kustomizeObjects
        .filter(o => o.kind !== 'Namespace')
        .sort(byKindAndName);
      expect(helmObjects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(
        expected.map(o => `${o.kind}/${o.metadata.name}`),
      );
      for (const [i, obj] of helmObjects.entries()) {
        expect({ [`${obj.kind}/${obj.metadata.name}`]: obj }).toEqual({
          [`${expected[i].kind}/${expected[i].metadata.name}`]: expected[i],
        });
      }
    },
  );

  it('takes the image as the pipeline sets it (--set / --set-string), nothing else changes', async () => {
    const env = 'production';
    const before = objectsOf(await helmTemplate(c, env));
    const tagged = objectsOf(
      await helmTemplate(c, env, ['--set', 'image.tag=abc123']),
    );
    const image = (objects: any[]) =>
      workload(objects).spec.template.spec.containers[0].image;
    expect(image(tagged)).toBe(`${REGISTRY}/${c.name}:abc123`);
    // scripts/deploy.sh: --set-string, so a tag of digits stays a string
    const deployed = objectsOf(
      await helmTemplate(c, env, [
        '--set-string',
        `image.repository=registry.example.com/${c.name},image.tag=0123456`,
      ]),
    );
    expect(image(deployed)).toBe(`registry.example.com/${c.name}:0123456`);
    for (const objects of [tagged, deployed]) {
      workload(objects).spec.template.spec.containers[0].image = image(before);
      expect(objects).toEqual(before);
    }
    // --set reads digits as a number: the schema refuses it, naming the value
    const numeric = await run(
      tool.helm,
      helmTemplateArgs(c, env, ['--set', 'image.tag=1234567']),
      { cwd: dir },
    );
    expect(numeric.code).not.toBe(0);
    expect(numeric.stderr).toContain(
      "at '/image/tag': got number, want string",
    );
  });
});

describe('checkov over the Helm charts', () => {
  it('finds 0 failed checks; the workload skips only what is justified inline', async () => {
    const res = await run(tool.checkov, [
      '-d',
      workDir('checkov'),
      '--framework',
      'kubernetes',
      '--skip-download',
      '--compact',
      '-o',
      'json',
    ]);
    const report = [].concat(JSON.parse(res.stdout))[0] as any;
    expect(report.check_type).toBe('kubernetes');
    expect(report.summary.passed).toBeGreaterThan(0);
    expect(
      report.results.failed_checks.map(
        (f: any) => `${f.check_id} ${f.file_path} ${f.resource}`,
      ),
    ).toEqual([]);
    // CKV_K8S_35 and CKV_K8S_43 on each workload, per environment
    const skipped = report.results.skipped_checks.map(
      (s: any) =>
        `${s.file_path.split('/').slice(-2).join('/')} ${s.resource} ${
          s.check_id
        }`,
    );
    expect(skipped.sort()).toEqual(
      HELM_COMBINATIONS.flatMap(c =>
        ENVS.flatMap(env =>
          ['CKV_K8S_35', 'CKV_K8S_43'].map(
            check =>
              `${c.name}/${env}.yaml Deployment.${env}.${c.name} ${check}`,
          ),
        ),
      ).sort(),
    );
  });
});

describe('server-side dry run of the Helm charts', () => {
  const dryRunCluster = useDryRunCluster();

  it.each(
    HELM_COMBINATIONS.flatMap(c => ENVS.map(env => [c.name, env] as const)),
  )('%s: the apiserver accepts every %s object', async (name, env) => {
    const c = HELM_COMBINATIONS.find(x => x.name === name)!;
    const text = await helmTemplate(c, env);
    expect(objectsOf(text).length).toBeGreaterThan(10);
    expect(await serverDryRun(dryRunCluster(), text)).toEqual([]);
  });
});
