/**
 * Runway's own deployment (k8s/, the production config): each overlay
 * builds with kustomize into objects valid against the offline Kubernetes
 * and CRD schemas, checkov finds no failed check (skips justified inline in
 * the manifests), and every environment variable the production config
 * (every file the image's CMD loads) reads reaches the backend container,
 * from the overlay's ConfigMap or from the Secret that the ExternalSecret
 * fills (whose keys infra/ writes).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT, runDir } from '../harness/processes';
import { ok, run, tool } from '../template/tools';
import { configEnvRefs, productionConfigFiles } from './productionConfig';

jest.setTimeout(120_000);

const VALIDATE_OBJECTS = path.join(
  __dirname,
  '..',
  'template',
  'validate-objects.mjs',
);

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  spec?: any;
};

describe("Runway's own configuration", () => {
  it('finds the references of the production config, with and without fallbacks', () => {
    const refs = configEnvRefs(
      [
        'a: ${ONE}',
        'b: ${TWO:-github}',
        '# c: ${COMMENTED}',
        'd: $${ESCAPED}',
      ].join('\n'),
    );
    expect([...refs]).toEqual([
      ['ONE', false],
      ['TWO', true],
    ]);
  });
});

describe.each(['staging', 'production'])("Runway's %s overlay", env => {
  let objects: K8sObject[];
  let manifest: string;

  beforeAll(async () => {
    const { stdout } = await ok(tool.kustomize, [
      'build',
      path.join(ROOT, 'k8s', 'overlays', env),
    ]);
    objects = parseAllDocuments(stdout)
      .map(d => d.toJS())
      .filter(Boolean);
    manifest = path.join(runDir(`deploy-manifests-${env}`), 'manifest.yaml');
    fs.writeFileSync(manifest, stdout);
  });

  it('builds into objects valid against the Kubernetes and CRD schemas', async () => {
    const result = await run(process.execPath, [VALIDATE_OBJECTS, manifest]);
    expect(result.stdout.trim()).toBe(`${objects.length} objects, 0 invalid`);
    expect(objects.map(o => o.kind)).toEqual(
      expect.arrayContaining([
        'Deployment',
        'ExternalSecret',
        'ConfigMap',
        'PrometheusRule',
        'ServiceMonitor',
      ]),
    );
  });

  it('passes checkov with 0 failed checks (skips justified inline)', async () => {
    const res = await run(tool.checkov, [
      '-f',
      manifest,
      '--framework',
      'kubernetes',
      '--skip-download',
      '--compact',
      '--quiet',
      '-o',
      'json',
    ]);
    const report = JSON.parse(res.stdout);
    expect(report.summary.passed).toBeGreaterThan(50);
    expect(
      report.results.failed_checks.map(
        (f: any) => `${f.check_id} ${f.resource}: ${f.check_name}`,
      ),
    ).toEqual([]);
  });

  it('gives the backend every environment variable the production config reads', () => {
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    const container = deployment.spec.template.spec.containers[0];
    const configMaps: K8sObject[] = (container.envFrom ?? []).map(
      (e: any) =>
        objects.find(
          o =>
            o.kind === 'ConfigMap' && o.metadata.name === e.configMapRef?.name,
        )!,
    );
    expect(configMaps.every(Boolean)).toBe(true);
    const provided = new Set<string>([
      ...(container.env ?? []).map((e: any) => e.name),
      ...configMaps.flatMap(c => Object.keys(c.data ?? {})),
    ]);
    const refs = configEnvRefs(
      productionConfigFiles()
        .map(file => fs.readFileSync(path.join(ROOT, file), 'utf8'))
        .join('\n'),
    );
    expect(refs.size).toBeGreaterThan(10);
    const missing = [...refs]
      .filter(([name, hasFallback]) => !hasFallback && !provided.has(name))
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it("fills every secret key the backend needs from the ExternalSecret and infra's secret", () => {
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    const container = deployment.spec.template.spec.containers[0];
    const externalSecret = objects.find(o => o.kind === 'ExternalSecret')!;
    const fromSecret = (container.env ?? []).filter(
      (e: any) => e.valueFrom?.secretKeyRef,
    );
    for (const e of fromSecret) {
      expect(e.valueFrom.secretKeyRef.name).toBe(
        externalSecret.spec.target.name,
      );
    }
    // keys mapped one by one, or extracted from the JSON secret infra/ writes
    const mapped = new Set(
      (externalSecret.spec.data ?? []).map((d: any) => d.secretKey),
    );
    const infraSecret = fs.readFileSync(
      path.join(ROOT, 'infra', 'envs', 'production', 'secrets.tf'),
      'utf8',
    );
    const unfilled = fromSecret
      .map((e: any) => e.valueFrom.secretKeyRef)
      .filter(
        (ref: any) =>
          !mapped.has(ref.key) &&
          !new RegExp(`^\\s*${ref.key}\\s*=`, 'm').test(infraSecret) &&
          !ref.optional,
      )
      .map((ref: any) => ref.key);
    expect(unfilled).toEqual([]);
  });
});
