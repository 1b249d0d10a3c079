/**
 * Validators over every rendered combination (render.test.ts writes them):
 * kustomize build of both overlays and schema validation of every object
 * with kubernetes-models (offline schemas), the contract's labels, checkov
 * (manifests, Dockerfile, CloudFormation: 0 failed checks, skips justified
 * inline), cfn-lint, promtool check rules and promtool test rules (firing and
 * resolving), actionlint, the GitLab CI schema, npm-groovy-lint and the
 * pipeline's structure (Jenkins: pod agents, the approval without one),
 * the pins (actions by commit SHA, images by tag and digest) and the
 * renovate.json that keeps them current (Renovate's schema), yamllint,
 * shellcheck, hadolint on the Dockerfile, and the SLO gate script
 * against a local gate.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { ROOT } from '../harness/processes';
import {
  COMBINATIONS,
  Combination,
  expectedKinds,
  generatedPaths,
} from './combinations';
import { PIPELINE_FILE } from './docsJob';
import { TEMPLATE_DIR } from './dryRun';
import { outDir } from './paths';
import {
  PINNED_ACTION,
  PINNED_IMAGE,
  actionRefs,
  dockerfileBases,
  gitlabImages,
  jenkinsPipeline,
  jenkinsPods,
  workflowImages,
} from './pins';
import {
  GOLANGCI_LINT_BIN,
  GOLANGCI_LINT_VERSION,
  RENOVATE_VERSION,
  assertToolsInstalled,
  ok,
  run,
  tool,
} from './tools';
import { checkovManifest } from './checkovInput';

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
const PIPELINE_CHECKS: Record<
  string,
  (dir: string, c: Combination) => Promise<void>
> = {
  'github-actions': async (dir: string, c: Combination) => {
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
    const production = wf.jobs['deploy-production'].steps.map(
      (step: any) => step.name,
    );
    expect(production.filter(Boolean)).toEqual(
      gateFirst(c)
        ? [
            'SLO deploy gate (before the promotion)',
            `Deploy to production (${deployHow(c)})`,
            'Roll back production',
          ]
        : [
            `Deploy to production (${deployHow(c)})`,
            'Post-deploy check (Runway SLO deploy gate)',
            'Roll back production',
          ],
    );
    expectDeployCommands(text);
    // a gate that denied deployed nothing: only a deploy that ran is rolled back
    expect(
      wf.jobs['deploy-production'].steps.find(
        (step: any) => step.name === 'Roll back production',
      ).if,
    ).toBe("failure() && steps.deploy.outcome != 'skipped'");
    // GitOps pushes the deploy commit with the job's token
    expect(wf.jobs['deploy-production'].permissions.contents).toBe(
      c.deploy === 'argocd' ? 'write' : 'read',
    );
    expect(
      text.match(/severity: HIGH,CRITICAL|"severity":"HIGH,CRITICAL"/g)?.length,
    ).toBe(2);
  },
  'gitlab-ci': async (dir: string, c: Combination) => {
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
    // the manual approval: the gate's job (which deploys nothing, so a
    // denial rolls nothing back), or the deploy's when the gate comes after
    const approval = gateFirst(c) ? 'production-gate' : 'deploy-production';
    expect(gl[approval].rules[0].when).toBe('manual');
    expect(gl['deploy-production'].needs).toEqual(
      gateFirst(c) ? ['production-gate'] : undefined,
    );
    const gate = gateFirst(c) ? 'production-gate' : 'post-deploy-check';
    expect(gl[gate].script.join('\n')).toContain(
      'scripts/slo-gate.sh production',
    );
    // the gate blocks the promotion: nothing sleeps after the deploy
    expect(Boolean(gl['post-deploy-check'])).toBe(!gateFirst(c));
    expect(gl['deploy-production'].script.join('\n')).not.toContain('slo-gate');
    expect(gl['rollback-production'].needs).toEqual([
      gateFirst(c) ? 'deploy-production' : 'post-deploy-check',
    ]);
    expect(gl['rollback-production'].rules[0].when).toBe('on_failure');
    expectDeployCommands(JSON.stringify(gl));
    expect(Boolean(gl['.deploy'].variables.GITOPS_PUSH_URL)).toBe(
      c.deploy === 'argocd',
    );
    expect(gl['trivy-fs'].script[0]).toContain('--severity HIGH,CRITICAL');
    expect(gl['trivy-image'].script[0]).toContain('--severity HIGH,CRITICAL');
    expect(gl['.aws'].id_tokens).toBeDefined();
  },
  jenkins: async (dir: string, c: Combination) => {
    const text = fs.readFileSync(path.join(dir, 'Jenkinsfile'), 'utf8');
    const stages = [...text.matchAll(/stage\('([^']+)'\)/g)].map(m => m[1]);
    const building = [
      'Validate',
      'Build',
      'Test',
      'Security',
      'Docs',
      'Push',
      'Deploy staging',
      'e2e',
    ];
    const deploying = gateFirst(c)
      ? ['SLO deploy gate', 'Deploy production']
      : ['Deploy production', 'Post-deploy check'];
    expect(stages).toEqual([
      'Build and staging',
      ...building,
      'Approve production',
      'Production',
      ...deploying,
    ]);
    // No executor is held by the pipeline or while a person approves: the
    // work runs in Kubernetes pod agents, the approval (the only input)
    // in a stage without one.
    const pipeline = jenkinsPipeline(text);
    const stage = (name: string) => pipeline.stages.find(s => s.name === name)!;
    expect(pipeline.agent).toBe('none');
    expect(text).not.toMatch(/agent any|\bnode\s*\{/);
    expect(
      pipeline.stages
        .filter(s => /^\s*input message:/m.test(s.body))
        .map(s => [s.name, s.agent]),
    ).toEqual([['Approve production', 'none']]);
    const pods = jenkinsPods(text);
    for (const [parent, nested, pod] of [
      ['Build and staging', building, 'buildPod'],
      ['Production', deploying, 'deployPod'],
    ] as const) {
      expect(stage(parent).agent).toBe(`kubernetes ${pod}`);
      expect(stage(parent).stages).toEqual(nested);
      // every container a stage names is one of its pod's
      const containers = pods[pod].spec.containers.map((k: any) => k.name);
      const named = [
        ...stage(parent).body.matchAll(
          /(?:container|defaultContainer) ?\(?'([^']+)'/g,
        ),
      ].map(m => m[1]);
      expect(named.length).toBeGreaterThan(0);
      expect(named.filter(n => !containers.includes(n))).toEqual([]);
    }
    // nothing runs outside the two pods
    expect(
      pipeline.stages
        .filter(x => x.stages.length === 0 && /\bsh\b/.test(x.body))
        .filter(x => ![...building, ...deploying].includes(x.name))
        .map(x => x.name),
    ).toEqual([]);
    expect(
      pods.buildPod.spec.containers.some((k: any) => k.name === 'rabbitmq'),
    ).toBe(text.includes('AMQP_TEST_URL'));
    expect(text).toMatch(/input message: 'Deploy .+ to production\?'/);
    expect(
      text.includes("sh 'sleep 120 && sh scripts/slo-gate.sh production'"),
    ).toBe(!gateFirst(c));
    expect(text).toContain('scripts/slo-gate.sh production');
    expectDeployCommands(text);
    expect(
      text.includes("gitUsernamePassword(credentialsId: 'gitops-push')"),
    ).toBe(c.deploy === 'argocd');
    // a docs failure marks the build unstable and the deploy goes on
    expect(text).toContain(
      "catchError(buildResult: 'UNSTABLE', stageResult: 'FAILURE')",
    );
    // npm-groovy-lint runs once over every Jenkinsfile (below).
  },
};
/* eslint-enable jest/no-standalone-expect */

/**
 * An AnalysisTemplate's successCondition as Argo Rollouts evaluates it
 * (expr-lang: `result` the query's values, `len`, `isNaN`), for the
 * conditions the golden path writes: comparisons joined by `||`.
 */
function analysisCondition(condition: string) {
  if (!/^[\w\s.()[\]<>=|&!]+$/.test(condition)) {
    throw new Error(`unexpected successCondition: ${condition}`);
  }
  // eslint-disable-next-line no-new-func
  const fn = new Function('result', 'len', 'isNaN', `return ${condition};`);
  return (result: number[]) =>
    Boolean(fn(result, (a: unknown[]) => a.length, Number.isNaN));
}

/**
 * The canary (release: canary): steps with pauses, the SLO analysis from the
 * first step, and an AnalysisTemplate reading the SLOs' recording rules.
 */
function expectCanary(c: Combination, objects: any[], rollout: any) {
  const canary = rollout.spec.strategy.canary;
  expect(canary.steps).toEqual([
    { setWeight: 10 },
    { pause: { duration: '5m' } },
    { setWeight: 50 },
    { pause: { duration: '10m' } },
  ]);
  expect(canary.analysis).toEqual({
    templates: [{ templateName: `${c.name}-slo` }],
    startingStep: 1,
  });
  const analysis = objects.find(o => o.kind === 'AnalysisTemplate');
  expect(analysis.metadata.name).toBe(`${c.name}-slo`);
  expect(
    analysis.spec.metrics.map((m: any) => [
      m.name,
      m.provider.prometheus.query.replace(/\s+/g, ' '),
      m.successCondition,
    ]),
  ).toEqual(
    ['availability', 'latency'].map(slo => [
      `${slo}-burn-rate`,
      `max(slo:sli_error:ratio_rate5m{slo="${c.name}-${slo}"}) / max(slo:error_budget:ratio{slo="${c.name}-${slo}"})`,
      'len(result) == 0 || isNaN(result[0]) || result[0] < 14.4',
    ]),
  );
}

/** Canary and GitOps ask the SLO gate before the promotion; a rolling update from the pipeline after it. */
function gateFirst(c: Combination) {
  return c.deploy === 'argocd' || c.release === 'canary';
}

/** How the pipeline names the production deploy. */
function deployHow(c: Combination) {
  const how = {
    argocd: 'Argo CD',
    pipeline: c.packaging === 'helm' ? 'Helm' : 'kustomize',
  }[c.deploy];
  return c.release === 'canary' ? `${how}, canary` : how;
}

/** Every deploy and rollback of a pipeline goes through the repository's scripts. */
function expectDeployCommands(text: string) {
  for (const env of ['staging', 'production']) {
    expect(text).toContain(`sh scripts/deploy.sh ${env} `);
  }
  expect(text).toContain('scripts/rollback.sh production');
  expect(text).not.toMatch(/kubectl apply|rollout undo|sleep 120 *&& *$/m);
}

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

  if (c.packaging === 'kustomize') {
    it.each(['staging', 'production'])(
      'kustomize builds the %s overlay into valid objects with the contract labels',
      async env => {
        const { stdout } = await ok(
          tool.kustomize,
          ['build', `k8s/overlays/${env}`],
          { cwd: dir },
        );
        const objects = parseAllDocuments(stdout).map(d => d.toJS());
        // beside, not under, the folder checkov reads (below)
        const schemaDir = path.join(outDir(), 'schemas', c.name);
        fs.mkdirSync(schemaDir, { recursive: true });
        const manifest = path.join(schemaDir, `${env}.yaml`);
        fs.writeFileSync(manifest, stdout);
        const schemas = await run(process.execPath, [
          VALIDATE_OBJECTS,
          manifest,
        ]);
        expect(schemas.stdout).toMatch(/^\d+ objects, 0 invalid$/m);
        // checkov knows no Rollout: its pod template is checked as a Deployment's
        fs.writeFileSync(
          path.join(workDir(c.name, 'checkov'), `${env}.yaml`),
          checkovManifest(objects),
        );
        const { workloadKind } = generatedPaths(c);
        expect(objects.map(o => o.kind).sort()).toEqual(
          expectedKinds(c, { namespace: true }),
        );
        const namespace = objects.find(o => o.kind === 'Namespace');
        expect(namespace.metadata.name).toBe(env);
        // the Grafana dashboard, for kube-prometheus-stack's sidecar
        const dashboard = objects.find(o => o.kind === 'ConfigMap');
        expect(dashboard.metadata.name).toBe(`${c.name}-grafana-dashboard`);
        expect(dashboard.metadata.labels.grafana_dashboard).toBe('1');
        expect(Object.keys(dashboard.data)).toEqual([`${c.name}.json`]);
        expect(JSON.parse(dashboard.data[`${c.name}.json`]).uid).toBe(c.name);
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
        const deployment = objects.find(o => o.kind === workloadKind);
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
          deployment.spec.template.spec.topologySpreadConstraints[0]
            .topologyKey,
        ).toBe('topology.kubernetes.io/zone');
        const hpa = objects.find(o => o.kind === 'HorizontalPodAutoscaler');
        expect(hpa.spec.scaleTargetRef).toEqual({
          apiVersion: deployment.apiVersion,
          kind: workloadKind,
          name: c.name,
        });
        if (workloadKind === 'Rollout') expectCanary(c, objects, deployment);
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
  }

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
      fs.readFileSync(path.join(dir, generatedPaths(c).rules), 'utf8'),
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

  if (c.release === 'canary' && c.packaging === 'kustomize') {
    it("the canary's analysis fails a canary that burns the budget and passes a healthy one (promtool)", async () => {
      const rule = parse(
        fs.readFileSync(path.join(dir, generatedPaths(c).rules), 'utf8'),
      );
      const analysis = parse(
        fs.readFileSync(
          path.join(dir, 'k8s/base/analysistemplate.yaml'),
          'utf8',
        ),
      );
      const work = workDir(c.name, 'analysis');
      fs.writeFileSync(
        path.join(work, 'rules.yaml'),
        stringify({ groups: rule.spec.groups }),
      );
      const budget = { '1': 0.0005, '2': 0.001, '3': 0.005 }[c.tier];
      const series = (status: string, values: string, le?: string) => ({
        series: le
          ? `http_request_duration_seconds_bucket{service="${c.name}",method="GET",route="/v1/items",status="${status}",le="${le}"}`
          : `http_requests_total{service="${c.name}",method="GET",route="/v1/items",status="${status}"}`,
        values,
      });
      const metric = (name: string) =>
        analysis.spec.metrics.find((m: any) => m.name === name);
      const availability = metric('availability-burn-rate');
      // half the requests fail for the last 10 minutes: the burn rate is
      // 0.5 / budget; none fail: 0
      const tests = {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              series('500', '0+0x20 0+30x20'),
              series('200', '0+60x20 1200+30x20'),
            ],
            promql_expr_test: [
              {
                expr: availability.provider.prometheus.query,
                eval_time: '30m',
                exp_samples: [{ labels: '{}', value: 0.5 / budget }],
              },
              {
                expr: availability.provider.prometheus.query,
                eval_time: '15m',
                exp_samples: [{ labels: '{}', value: 0 }],
              },
            ],
          },
        ],
      };
      fs.writeFileSync(path.join(work, 'analysis.test.yaml'), stringify(tests));
      const res = await ok(
        tool.promtool,
        ['test', 'rules', 'analysis.test.yaml'],
        { cwd: work },
      );
      expect(res.stdout).toContain('SUCCESS');
      // the success condition, as Argo Rollouts evaluates it, on those values
      const succeeds = analysisCondition(availability.successCondition);
      expect(succeeds([0.5 / budget])).toBe(false);
      expect(succeeds([0])).toBe(true);
      // no traffic yet (0 / 0) or no sample: nothing to judge
      expect(succeeds([NaN])).toBe(true);
      expect(succeeds([])).toBe(true);
    });
  }

  it(`${c.ci}: the pipeline passes its linter and has every stage`, async () => {
    await PIPELINE_CHECKS[c.ci](dir, c);
  });

  it("pins the pipeline's actions by commit SHA and every image by tag and digest", () => {
    const read = (rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');
    const pipeline = read(PIPELINE_FILE[c.ci]);
    const images = {
      'github-actions': () => workflowImages(pipeline),
      'gitlab-ci': () => gitlabImages(pipeline),
      jenkins: () =>
        Object.values(jenkinsPods(pipeline)).flatMap((pod: any) =>
          pod.spec.containers.map((k: any) => k.image),
        ),
    }[c.ci]();
    const bases = dockerfileBases(read('Dockerfile'));
    expect(bases.length).toBeGreaterThan(0);
    // GitHub's runners bring the toolchains; the others run images
    expect(images.length > 3).toBe(c.ci !== 'github-actions');
    expect(
      [...images, ...bases].filter(image => !PINNED_IMAGE.test(image)),
    ).toEqual([]);
    expect(`${pipeline}\n${read('Dockerfile')}`).not.toMatch(
      /:latest\b|aws-base/,
    );
    const refs = c.ci === 'github-actions' ? actionRefs(pipeline) : [];
    expect(refs.length > 10).toBe(c.ci === 'github-actions');
    expect(refs.filter(ref => !PINNED_ACTION.test(ref))).toEqual([]);
    // one pin per action across the workflow
    const pins = new Map<string, Set<string>>();
    for (const ref of refs) {
      const action = ref.split('@')[0];
      pins.set(action, (pins.get(action) ?? new Set()).add(ref));
    }
    expect([...pins.values()].filter(p => p.size > 1)).toEqual([]);
  });

  it("has a renovate.json that Renovate's schema accepts and that tracks every pin", async () => {
    await ok(
      tool.checkJsonschema,
      ['--schemafile', tool.renovateSchema, 'renovate.json'],
      { cwd: dir },
    );
    const schema = JSON.parse(fs.readFileSync(tool.renovateSchema, 'utf8'));
    const config = JSON.parse(
      fs.readFileSync(path.join(dir, 'renovate.json'), 'utf8'),
    );
    // the schema allows any top-level key: each must be one it describes
    expect(
      Object.keys(config).filter(
        k => k !== '$schema' && !(k in schema.properties),
      ),
    ).toEqual([]);
    expect(config.extends).toEqual(
      expect.arrayContaining([
        'config:recommended',
        'helpers:pinGitHubActionDigests',
        'docker:pinDigests',
      ]),
    );
    // what Renovate's own managers do not read, a custom manager does
    const managers: any[] = config.customManagers ?? [];
    const matches = (file: string): Record<string, string>[] =>
      managers.flatMap(m =>
        m.managerFilePatterns.some((p: string) =>
          new RegExp(p.slice(1, -1)).test(file),
        )
          ? [
              ...fs
                .readFileSync(path.join(dir, file), 'utf8')
                .matchAll(new RegExp(m.matchStrings[0], 'g')),
            ].map(x => ({
              ...x.groups,
              datasource: x.groups?.datasource ?? m.datasourceTemplate,
            }))
          : [],
      );
    // every image of the Jenkinsfile's pods, name:tag@digest
    const jenkinsfile = c.ci === 'jenkins' ? 'Jenkinsfile' : undefined;
    const tracked = jenkinsfile
      ? matches(jenkinsfile).map(
          m => `${m.depName}:${m.currentValue}@${m.currentDigest}`,
        )
      : [];
    const podImages = jenkinsfile
      ? Object.values(
          jenkinsPods(fs.readFileSync(path.join(dir, jenkinsfile), 'utf8')),
        ).flatMap((pod: any) => pod.spec.containers.map((k: any) => k.image))
      : [];
    expect(tracked.length > 0).toBe(c.ci === 'jenkins');
    expect(tracked.sort()).toEqual(podImages.sort());
    expect(matches('Makefile')).toEqual(
      c.language === 'go'
        ? [
            {
              datasource: 'go',
              depName: 'github.com/golangci/golangci-lint/v2',
              currentValue: GOLANGCI_LINT_VERSION,
            },
          ]
        : [],
    );
  });

  it('yamllint and shellcheck accept the repository', async () => {
    // the repository's own .yamllint.yaml
    await ok(tool.yamllint, ['.'], { cwd: dir });
    await ok(
      tool.shellcheck,
      [
        'scripts/slo-gate.sh',
        'scripts/smoke.sh',
        'scripts/deploy.sh',
        'scripts/rollback.sh',
      ],
      { cwd: dir },
    );
  });
});

describe('the tools the bootstrap installs for the generated repositories', () => {
  it('are the golangci-lint release of the Go skeleton and the Renovate schema the suite reads', () => {
    const bootstrap = fs.readFileSync(
      path.join(ROOT, 'scripts', 'bootstrap.d', 'template.sh'),
      'utf8',
    );
    expect(bootstrap).toContain(
      `\nTEMPLATE_GOLANGCI_LINT_VERSION=${GOLANGCI_LINT_VERSION}\n`,
    );
    expect(bootstrap).toContain(
      `\nTEMPLATE_RENOVATE_VERSION=${RENOVATE_VERSION}\n`,
    );
    const makefile = fs.readFileSync(
      path.join(TEMPLATE_DIR, 'skeleton', 'go', 'Makefile'),
      'utf8',
    );
    expect(/^GOLANGCI_LINT_VERSION := (\S+)$/m.exec(makefile)?.[1]).toBe(
      GOLANGCI_LINT_VERSION,
    );
    expect(fs.existsSync(path.join(GOLANGCI_LINT_BIN, 'golangci-lint'))).toBe(
      true,
    );
    expect(fs.existsSync(tool.renovateSchema)).toBe(true);
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
    // the two skips justified inline on each workload (CKV_K8S_35,
    // CKV_K8S_43), per overlay; helm.test.ts checks the charts
    const skipped = Object.fromEntries(
      reports.map((r: any) => [r.check_type, r.summary.skipped]),
    );
    expect(skipped).toEqual({
      cloudformation: 0,
      dockerfile: 0,
      kubernetes:
        2 * 2 * COMBINATIONS.filter(c => c.packaging === 'kustomize').length,
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
