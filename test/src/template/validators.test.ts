/**
 * Validators over every rendered combination (render.test.ts writes them):
 * kustomize build of both overlays and schema validation of every object
 * with kubernetes-models (offline schemas), the contract's labels, checkov
 * (manifests, Dockerfile, CloudFormation: 0 failed checks, skips justified
 * inline), cfn-lint, promtool check rules and promtool test rules (firing and
 * resolving), actionlint, the GitLab CI schema, npm-groovy-lint and the
 * pipeline's structure, yamllint, shellcheck, hadolint on the Dockerfile,
 * and the SLO gate script
 * against a local gate.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { COMBINATIONS } from './combinations';
import { outDir } from './paths';
import { assertToolsInstalled, ok, run, tool } from './tools';

jest.setTimeout(600_000);

const VALIDATE_OBJECTS = path.join(__dirname, 'validate-objects.mjs');

/** Files of one combination that the validators write (outside the repository). */
function workDir(name: string, sub: string) {
  const dir = path.join(outDir(), 'validators', name, sub);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** The pipeline's own linter, then its structure, per CI provider (called inside a test). */
/* eslint-disable jest/no-standalone-expect */
const PIPELINE_CHECKS: Record<string, (dir: string) => Promise<void>> = {
  'github-actions': async (dir: string) => {
    await ok('git', ['init', '-q', '.'], { cwd: dir });
    await ok(tool.actionlint, ['-shellcheck', tool.shellcheck], { cwd: dir });
    const wf = parse(
      fs.readFileSync(path.join(dir, '.github/workflows/ci.yaml'), 'utf8'),
    );
    expect(Object.keys(wf.jobs)).toEqual([
      'validate',
      'build',
      'test',
      'security',
      'push',
      'deploy-staging',
      'e2e',
      'deploy-production',
      'docs',
    ]);
    expect(wf.jobs['deploy-production'].environment).toBe('production');
    // the docs job needs no other job: the deploy never holds it back
    expect(wf.jobs.docs.needs).toBeUndefined();
    expect(wf.jobs.docs.permissions['id-token']).toBe('write');
    expect(wf.jobs.push.permissions['id-token']).toBe('write');
    const text = JSON.stringify(wf);
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY|aws-secret-access-key/);
    expect(text).toContain('scripts/slo-gate.sh production');
    expect(text).toContain('kubectl -n production rollout undo');
    expect(
      text.match(/severity: HIGH,CRITICAL|"severity":"HIGH,CRITICAL"/g)?.length,
    ).toBe(2);
  },
  'gitlab-ci': async (dir: string) => {
    await ok(
      tool.checkJsonschema,
      ['--builtin-schema', 'vendor.gitlab-ci', '.gitlab-ci.yml'],
      { cwd: dir },
    );
    const gl = parse(fs.readFileSync(path.join(dir, '.gitlab-ci.yml'), 'utf8'));
    expect(gl.stages).toEqual([
      'validate',
      'build',
      'test',
      'security',
      'push',
      'deploy-staging',
      'e2e',
      'deploy-production',
      'post-deploy',
      'rollback',
      'docs',
    ]);
    // the docs job starts at once and no job waits for it
    expect(gl.docs.needs).toEqual([]);
    expect(gl['deploy-production'].rules[0].when).toBe('manual');
    expect(gl['post-deploy-check'].script.join('\n')).toContain(
      'scripts/slo-gate.sh production',
    );
    expect(gl['rollback-production'].rules[0].when).toBe('on_failure');
    expect(gl['rollback-production'].script.join('\n')).toContain(
      'rollout undo',
    );
    expect(gl['trivy-fs'].script[0]).toContain('--severity HIGH,CRITICAL');
    expect(gl['trivy-image'].script[0]).toContain('--severity HIGH,CRITICAL');
    expect(gl['.aws'].id_tokens).toBeDefined();
  },
  jenkins: async (dir: string) => {
    const text = fs.readFileSync(path.join(dir, 'Jenkinsfile'), 'utf8');
    const stages = [...text.matchAll(/stage\('([^']+)'\)/g)].map(m => m[1]);
    expect(stages).toEqual([
      'Validate',
      'Build',
      'Test',
      'Security',
      'Docs',
      'Push',
      'Deploy staging',
      'e2e',
      'Approve production',
      'Deploy production',
      'Post-deploy check',
    ]);
    expect(text).toMatch(/input message: 'Deploy .+ to production\?'/);
    expect(text).toContain(
      "sh 'sleep 120 && sh scripts/slo-gate.sh production'",
    );
    expect(text).toContain('kubectl -n production rollout undo');
    // a docs failure marks the build unstable and the deploy goes on
    expect(text).toContain(
      "catchError(buildResult: 'UNSTABLE', stageResult: 'FAILURE')",
    );
    // npm-groovy-lint runs once over every Jenkinsfile (below).
  },
};
/* eslint-enable jest/no-standalone-expect */

beforeAll(() => {
  assertToolsInstalled();
});

describe.each(COMBINATIONS)('$name', c => {
  const dir = path.join(outDir(), c.name);

  beforeAll(() => {
    if (!fs.existsSync(path.join(dir, 'catalog-info.yaml'))) {
      throw new Error(
        `${dir} is missing: render.test.ts renders the combinations first`,
      );
    }
  });

  it.each(['staging', 'production'])(
    'kustomize builds the %s overlay into valid objects with the contract labels',
    async env => {
      const { stdout } = await ok(
        tool.kustomize,
        ['build', `k8s/overlays/${env}`],
        { cwd: dir },
      );
      const objects = parseAllDocuments(stdout).map(d => d.toJS());
      const manifest = path.join(workDir(c.name, 'checkov'), `${env}.yaml`);
      fs.writeFileSync(manifest, stdout);
      const schemas = await run(process.execPath, [VALIDATE_OBJECTS, manifest]);
      expect(schemas.stdout).toMatch(/^\d+ objects, 0 invalid$/m);
      const kinds = objects.map(o => o.kind).sort();
      const expected = [
        'Deployment',
        'HorizontalPodAutoscaler',
        'Namespace',
        'NetworkPolicy',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'PrometheusRule',
        'Role',
        'RoleBinding',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
        ...(c.exposure === 'public' ? ['Ingress'] : []),
        ...(c.database === 'postgres' || c.queue === 'rabbitmq'
          ? ['ExternalSecret']
          : []),
      ].sort();
      expect(kinds).toEqual(expected);
      const namespace = objects.find(o => o.kind === 'Namespace');
      expect(namespace.metadata.name).toBe(env);
      expect(
        namespace.metadata.labels['pod-security.kubernetes.io/enforce'],
      ).toBe('restricted');
      for (const obj of objects.filter(o => o.kind !== 'Namespace')) {
        expect(obj.metadata.namespace).toBe(env);
        expect(obj.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': c.name,
          'app.kubernetes.io/part-of': 'storefront',
          'backstage.io/kubernetes-id': c.name,
          'runway.io/team': 'team-checkout',
          environment: env,
        });
      }
      const deployment = objects.find(o => o.kind === 'Deployment');
      const container = deployment.spec.template.spec.containers[0];
      expect(container.image).toBe(
        `000000000000.dkr.ecr.eu-west-1.amazonaws.com/${c.name}:0.1.0`,
      );
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(
        Object.keys(container)
          .filter(k => k.endsWith('Probe'))
          .sort(),
      ).toEqual(['livenessProbe', 'readinessProbe', 'startupProbe']);
      expect(
        deployment.spec.template.spec.topologySpreadConstraints[0].topologyKey,
      ).toBe('topology.kubernetes.io/zone');
      const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler');
      expect(hpa.spec.metrics.map((m: any) => m.resource.name)).toEqual([
        'cpu',
        'memory',
      ]);
      const allow = objects.find(
        o => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-allow'),
      );
      const egressPorts = allow.spec.egress.flatMap((e: any) =>
        e.ports.map((p: any) => p.port),
      );
      expect(egressPorts).toContain(53);
      expect(egressPorts.includes(5432)).toBe(c.database === 'postgres');
      expect(egressPorts.includes(5671)).toBe(c.queue === 'rabbitmq');
      // EKS Pod Identity (the stack's associations), no IRSA annotation
      const sa = objects.find(o => o.kind === 'ServiceAccount');
      expect(sa.metadata.annotations?.['eks.amazonaws.com/role-arn']).toBe(
        undefined,
      );
    },
  );

  it('collects the Dockerfile and CloudFormation template for checkov (one run below)', () => {
    const target = workDir(c.name, 'checkov');
    fs.copyFileSync(
      path.join(dir, 'Dockerfile'),
      path.join(target, 'Dockerfile'),
    );
    fs.copyFileSync(
      path.join(dir, 'infra/cloudformation.yaml'),
      path.join(target, 'cloudformation.yaml'),
    );
  });

  it('hadolint finds nothing in the Dockerfile (ignores would be justified inline)', async () => {
    const res = await run(tool.hadolint, ['--no-color', 'Dockerfile'], {
      cwd: dir,
    });
    expect({ code: res.code, findings: res.stdout.trim() }).toEqual({
      code: 0,
      findings: '',
    });
  });

  it('cfn-lint accepts infra/cloudformation.yaml', async () => {
    await ok(tool.cfnLint, ['infra/cloudformation.yaml'], { cwd: dir });
  });

  it('promtool checks the generated rules and their tests fire and resolve', async () => {
    const rule = parse(
      fs.readFileSync(path.join(dir, 'k8s/base/prometheusrule.yaml'), 'utf8'),
    );
    const alerts = rule.spec.groups
      .flatMap((g: any) => g.rules)
      .filter((r: any) => r.alert);
    const fast = alerts.find((a: any) =>
      a.alert.endsWith('AvailabilityErrorBudgetFastBurn'),
    );
    const slow = alerts.find((a: any) =>
      a.alert.endsWith('AvailabilityErrorBudgetSlowBurn'),
    );
    const work = workDir(c.name, 'promtool');
    fs.writeFileSync(
      path.join(work, 'rules.yaml'),
      stringify({ groups: rule.spec.groups }),
    );
    await ok(tool.promtool, ['check', 'rules', 'rules.yaml'], { cwd: work });
    const series = (status: string, values: string) => ({
      series: `http_requests_total{service="${c.name}",method="GET",route="/v1/items",status="${status}"}`,
      values,
    });
    const firing = (a: any) => [
      {
        exp_labels: { alertname: a.alert, ...a.labels },
        exp_annotations: a.annotations,
      },
    ];
    const tests = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        {
          // 50 % errors for an hour, then none: the fast burn fires, then resolves.
          interval: '1m',
          input_series: [
            series('500', '0+30x60 1800+0x240'),
            series('200', '0+30x300'),
          ],
          alert_rule_test: [
            {
              eval_time: '50m',
              alertname: fast.alert,
              exp_alerts: firing(fast),
            },
            { eval_time: '4h', alertname: fast.alert, exp_alerts: [] },
          ],
        },
        {
          // healthy traffic: no alert
          interval: '1m',
          input_series: [series('500', '0+0x300'), series('200', '0+60x300')],
          alert_rule_test: [
            { eval_time: '4h', alertname: fast.alert, exp_alerts: [] },
            { eval_time: '4h', alertname: slow.alert, exp_alerts: [] },
          ],
        },
      ],
    };
    fs.writeFileSync(path.join(work, 'rules.test.yaml'), stringify(tests));
    const res = await ok(tool.promtool, ['test', 'rules', 'rules.test.yaml'], {
      cwd: work,
    });
    expect(res.stdout).toContain('SUCCESS');
  });

  it(`${c.ci}: the pipeline passes its linter and has every stage`, async () => {
    await PIPELINE_CHECKS[c.ci](dir);
  });

  it('yamllint and shellcheck accept the repository', async () => {
    // the repository's own .yamllint.yaml
    await ok(tool.yamllint, ['.'], { cwd: dir });
    await ok(tool.shellcheck, ['scripts/slo-gate.sh', 'scripts/smoke.sh'], {
      cwd: dir,
    });
  });
});

describe('checkov over every combination', () => {
  it('finds 0 failed checks in the manifests, Dockerfiles and CloudFormation templates (skips justified inline)', async () => {
    const res = await run(tool.checkov, [
      '-d',
      path.join(outDir(), 'validators'),
      '--framework',
      'kubernetes',
      'dockerfile',
      'cloudformation',
      '--skip-download',
      '--compact',
      '--quiet',
      '-o',
      'json',
    ]);
    const reports = [].concat(JSON.parse(res.stdout));
    const summary = reports.map((r: any) => ({
      type: r.check_type,
      passed: r.summary.passed > 0,
      failed: r.results.failed_checks.map(
        (f: any) => `${f.check_id} ${f.file_path} ${f.resource}`,
      ),
    }));
    expect(summary.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: 'cloudformation', passed: true, failed: [] },
      { type: 'dockerfile', passed: true, failed: [] },
      { type: 'kubernetes', passed: true, failed: [] },
    ]);
    // the two skips justified inline on each Deployment (CKV_K8S_35, CKV_K8S_43), per overlay
    const skipped = Object.fromEntries(
      reports.map((r: any) => [r.check_type, r.summary.skipped]),
    );
    expect(skipped).toEqual({
      cloudformation: 0,
      dockerfile: 0,
      kubernetes: 2 * 2 * COMBINATIONS.length,
    });
  });
});

describe('all Jenkinsfiles', () => {
  it('npm-groovy-lint finds no error', async () => {
    const files = COMBINATIONS.filter(c => c.ci === 'jenkins').map(c =>
      path.join(outDir(), c.name, 'Jenkinsfile'),
    );
    const res = await ok(
      tool.groovyLint,
      ['--noserver', '--failon', 'error', ...files],
      { timeoutMs: 300_000 },
    );
    expect(res.stdout).toMatch(
      new RegExp(`${files.length}(\\u001b\\[\\d+m)? linted files`),
    );
  });
});

describe('the SLO deploy gate script', () => {
  const dir = path.join(outDir(), COMBINATIONS[0].name);
  const script = path.join(dir, 'scripts', 'slo-gate.sh');

  it('skips with a log line when RUNWAY_URL is not set', async () => {
    const res = await run('sh', [script, 'production'], {
      env: { RUNWAY_URL: '', RUNWAY_TOKEN: '' },
    });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(
      'RUNWAY_URL is not set, skipping the SLO deploy gate',
    );
  });

  it.each([
    ['allow', 0],
    ['deny', 1],
  ])(
    'calls GET /api/slo/gate with the bearer token and exits on %s',
    async (decision, code) => {
      const requests: { url?: string; auth?: string }[] = [];
      const server = http.createServer((req, res) => {
        requests.push({ url: req.url, auth: req.headers.authorization });
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            decision,
            reasons: decision === 'deny' ? ['error budget below 25 %'] : [],
          }),
        );
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      const port = (server.address() as any).port;
      try {
        const res = await run('sh', [script, 'production'], {
          env: {
            RUNWAY_URL: `http://127.0.0.1:${port}/`,
            RUNWAY_TOKEN: 'static-token',
          },
        });
        expect(res.code).toBe(code);
        expect(requests).toEqual([
          {
            url: `/api/slo/gate?entity=component%3Adefault%2F${COMBINATIONS[0].name}&env=production`,
            auth: 'Bearer static-token',
          },
        ]);
      } finally {
        server.close();
      }
    },
  );
});
