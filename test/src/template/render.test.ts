/**
 * Renders the microservice template through the real backend's dry-run API
 * for every combination, checks the rendered repository, and writes it to
 * $RUNWAY_TEMPLATE_OUT (default: a folder under the run's temp folder) for
 * the toolchain and validator suite (services.test.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import {
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { freePort, runDir } from '../harness/processes';
import { COMBINATIONS, formValues, generatedPaths } from './combinations';
import {
  DOCS_JOB,
  PIPELINE_FILE,
  TECHDOCS_CLI_VERSION,
  TECHDOCS_CORE_VERSION,
} from './docsJob';
import { DryRunResult, TEMPLATE_DIR, dryRun, writeFiles } from './dryRun';
import { outDir } from './paths';

jest.setTimeout(300_000);

let backend: Backend;
let token: string;
const timings: Record<string, number> = {};
const results: Record<string, DryRunResult> = {};

beforeAll(async () => {
  backend = await startBackend({
    port: await freePort(),
    dir: runDir('template-render'),
  });
  await waitForEntities(backend.baseUrl, 'kind=template', { count: 1 });
  await waitForEntities(backend.baseUrl, 'kind=system', { count: 3 });
  await waitForEntities(backend.baseUrl, 'kind=group', { count: 3 });
  token = await guestToken(backend.baseUrl);
});

afterAll(async () => {
  await backend?.stop();
  fs.mkdirSync(outDir(), { recursive: true });
  fs.writeFileSync(
    path.join(outDir(), 'dry-run-timings.json'),
    JSON.stringify(timings, null, 2),
  );
});

function fileOf(result: DryRunResult, rel: string) {
  const entry = result.directoryContents.find(f => f.path === rel);
  if (!entry) throw new Error(`${rel} was not rendered`);
  return Buffer.from(entry.base64Content, 'base64').toString('utf8');
}

function file(name: string, rel: string) {
  if (!results[name]) throw new Error(`${name} was not rendered`);
  return fileOf(results[name], rel);
}

/** Every parameter of template.yaml, by name. */
const PARAMETERS: string[] = parse(
  fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
).spec.parameters.flatMap((page: any) => Object.keys(page.properties));

const ANSWERS_FILE = '.runway-answers.yaml';

/**
 * The recorded answers of a dry run: the file the catalog entry's
 * runway.io/template-answers annotation names (relative to
 * catalog-info.yaml), checked against the entry, and its text.
 */
function recordedAnswers(result: DryRunResult) {
  const entity = parse(fileOf(result, 'catalog-info.yaml'));
  const annotations = entity.metadata.annotations;
  const rel = path.posix.normalize(annotations['runway.io/template-answers']);
  const text = fileOf(result, rel);
  const recorded = parse(text);
  return { rel, text, recorded, annotations };
}

describe.each(COMBINATIONS)(
  '$name ($language, $ci, db $database, queue $queue, $exposure, tier $tier)',
  c => {
    it('renders through the dry-run API', async () => {
      const { status, ms, result, text } = await dryRun(
        backend.baseUrl,
        token,
        formValues(c),
      );
      expect({ status, text: status === 200 ? '' : text }).toEqual({
        status: 200,
        text: '',
      });
      const failed = result.log.filter(l => l.body.status === 'failed');
      expect(failed).toEqual([]);
      results[c.name] = result;
      timings[c.name] = Math.round(ms);
      writeFiles(result, path.join(outDir(), c.name));
      if (c.packaging === 'helm') {
        // the same answers as kustomize: helm.test.ts compares the objects
        const twin = await dryRun(backend.baseUrl, token, {
          ...formValues(c),
          packaging: 'kustomize',
        });
        if (twin.status !== 200) {
          throw new Error(`the kustomize twin: ${twin.status} ${twin.text}`);
        }
        writeFiles(twin.result, path.join(outDir(), `${c.name}-kustomize`));
      }
    });

    it('writes the catalog entry of the contract', () => {
      const entity = parse(file(c.name, 'catalog-info.yaml'));
      expect(entity.metadata.name).toBe(c.name);
      expect(entity.metadata.description).toBe(formValues(c).description);
      expect(entity.metadata.labels).toEqual({
        'runway.io/tier': c.tier,
        'runway.io/exposure': c.exposure,
      });
      expect(entity.metadata.annotations).toMatchObject({
        'backstage.io/techdocs-ref': 'dir:.',
        'backstage.io/adr-location': 'docs/adr',
        'backstage.io/kubernetes-id': c.name,
        'runway.io/slo-ref': './slo.yaml',
        'runway.io/cost-allocation': `service=${c.name}`,
        'runway.io/cloudformation-stack': `eu-west-1/${c.name}`,
        'backstage.io/source-template': 'template:default/microservice',
        'runway.io/template-version': '1.0.0',
      });
      // the ADRs tab reads the folder the annotation names
      expect(
        results[c.name].directoryContents.filter(f =>
          f.path.startsWith('docs/adr/0001-'),
        ).length,
      ).toBe(1);
      const ciAnnotation = {
        'github-actions': 'github.com/project-slug',
        'gitlab-ci': 'gitlab.com/project-slug',
        jenkins: 'jenkins.io/job-full-name',
      }[c.ci];
      expect(entity.metadata.annotations[ciAnnotation]).toBe(
        `runway-services/${c.name}`,
      );
      expect(entity.spec).toEqual({
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-checkout',
        system: 'system:default/storefront',
      });
    });

    it('records the template, its version and the answers it was given', () => {
      const { rel, recorded, annotations } = recordedAnswers(results[c.name]);
      expect(rel).toBe(ANSWERS_FILE);
      expect(recorded).toEqual({
        template: annotations['backstage.io/source-template'],
        version: annotations['runway.io/template-version'],
        answers: formValues(c),
      });
      // every parameter of the template is recorded, in a stable order
      expect(Object.keys(recorded.answers)).toEqual([...PARAMETERS].sort());
    });

    it("writes the tier's SLO targets", () => {
      const slos = parseAllDocuments(file(c.name, 'slo.yaml')).map(d =>
        d.toJS(),
      );
      const targets = slos.map(s => [
        s.metadata.name,
        s.spec.objectives[0].target,
        s.spec.objectives[0].value,
      ]);
      const expected = {
        '1': [0.9995, 0.99, 0.3],
        '2': [0.999, 0.99, 0.5],
        '3': [0.995, 0.95, 1],
      }[c.tier];
      expect(targets).toEqual([
        [`${c.name}-availability`, expected[0], undefined],
        [`${c.name}-latency`, expected[1], expected[2]],
      ]);
    });

    it('has one runbook section per generated alert, and alerts link to it', () => {
      const rule = parse(file(c.name, generatedPaths(c).rules));
      const alerts = rule.spec.groups
        .flatMap((g: any) => g.rules)
        .filter((r: any) => r.alert);
      expect(alerts.length).toBe(4);
      const headings = file(c.name, 'docs/runbook.md')
        .match(/^## .+$/gm)!
        .map(h => h.slice(3));
      for (const alert of alerts) {
        expect(headings).toContain(alert.alert);
        expect(alert.annotations.runbook_url).toMatch(
          new RegExp(
            `/docs/default/component/${
              c.name
            }/runbook/#${alert.alert.toLowerCase()}$`,
          ),
        );
      }
    });

    it('publishes the docs to the TechDocs bucket from the default branch only', () => {
      const job = DOCS_JOB[c.ci](file(c.name, PIPELINE_FILE[c.ci]));
      const expected = {
        'github-actions': {
          runsWhen:
            "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)",
          // the OIDC role of the push job
          aws: { idToken: 'write', role: '${{ vars.AWS_CI_ROLE_ARN }}' },
          bucketFrom: '${{ vars.TECHDOCS_S3_BUCKET_NAME }}',
        },
        'gitlab-ci': {
          runsWhen: [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }],
          aws: { idToken: 'sts.amazonaws.com', role: '$AWS_CI_ROLE_ARN' },
          // a project or group CI/CD variable, in the job's environment
          bucketFrom: undefined,
        },
        jenkins: {
          runsWhen: "branch 'main'",
          aws: "the agent's",
          // a global variable, in the job's environment
          bucketFrom: undefined,
        },
      }[c.ci];
      expect({ ...job, commands: undefined }).toEqual({
        ...expected,
        commands: undefined,
      });
      const cli = `npx --yes @techdocs/cli@${TECHDOCS_CLI_VERSION}`;
      const steps = [
        `mkdocs-techdocs-core==${TECHDOCS_CORE_VERSION}`,
        `${cli} generate --no-docker --source-dir . --output-dir site`,
        `${cli} publish --publisher-type awsS3 --storage-name "$TECHDOCS_S3_BUCKET_NAME" --entity default/Component/${c.name} --directory site`,
      ];
      const at = steps.map(step => job.commands.indexOf(step));
      expect(at.every(i => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      // every @techdocs/cli of the job is the pinned version
      expect([
        ...new Set(
          job.commands.match(/@techdocs\/cli@[^\s]+/g)?.map(m => m.slice(14)),
        ),
      ]).toEqual([TECHDOCS_CLI_VERSION]);
      // an unset variable stops the job, naming it, before the publish
      expect(job.commands.slice(0, at[2])).toContain(
        ': "${TECHDOCS_S3_BUCKET_NAME:?set the',
      );
      // no stored AWS keys: the role above (or the agent's) only
      expect(job.commands).not.toMatch(
        /AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
      );
      // the README lists the variable with the pipeline's settings
      const row = file(c.name, 'README.md')
        .split('\n')
        .find(l => l.startsWith('| `TECHDOCS_S3_BUCKET_NAME` |'));
      expect(row?.split('|')[2].trim()).toBe(
        {
          'github-actions': 'variable',
          'gitlab-ci': 'variable',
          jenkins: 'global variable',
        }[c.ci],
      );
    });

    it('renders only the chosen options', () => {
      const paths = results[c.name].directoryContents.map(f => f.path);
      const helm = c.packaging === 'helm';
      // one packaging: the kustomize base and overlays, or the chart
      expect(paths.some(p => p.startsWith('k8s/'))).toBe(!helm);
      expect(paths.some(p => p.startsWith('chart/'))).toBe(helm);
      expect(paths).toContain(generatedPaths(c).rules);
      expect(paths).toContain(generatedPaths(c).dashboard);
      expect(paths.includes('k8s/base/ingress.yaml')).toBe(
        !helm && c.exposure === 'public',
      );
      expect(paths.includes('k8s/base/externalsecret.yaml')).toBe(
        !helm && (c.database === 'postgres' || c.queue === 'rabbitmq'),
      );
      const canary = c.release === 'canary';
      expect(
        ['k8s/base/deployment.yaml', 'k8s/base/rollout.yaml'].filter(p =>
          paths.includes(p),
        ),
      ).toEqual(
        helm
          ? []
          : [canary ? 'k8s/base/rollout.yaml' : 'k8s/base/deployment.yaml'],
      );
      expect(paths.includes('k8s/base/analysistemplate.yaml')).toBe(
        !helm && canary,
      );
      expect(paths.includes('argocd/applications.yaml')).toBe(
        c.deploy === 'argocd',
      );
      expect(paths).toEqual(
        expect.arrayContaining(['scripts/deploy.sh', 'scripts/rollback.sh']),
      );
      expect(paths).toContain(PIPELINE_FILE[c.ci]);
      const lockfile = {
        typescript: 'package-lock.json',
        python: 'requirements.txt',
        go: 'go.sum',
      }[c.language];
      expect(paths).toContain(lockfile);
      const cfn = file(c.name, 'infra/cloudformation.yaml');
      expect(cfn.includes('AWS::SQS::Queue')).toBe(c.queue === 'sqs');
      // the language's lint settings
      expect(paths).toContain(
        {
          typescript: 'eslint.config.mjs',
          python: 'pyproject.toml',
          go: '.golangci.yml',
        }[c.language],
      );
      // Renovate's config is JSON whatever was chosen, with a custom
      // manager for the Jenkinsfile's pod images and the Go Makefile's linter
      const renovate = JSON.parse(file(c.name, 'renovate.json'));
      expect(
        (renovate.customManagers ?? []).map(
          (m: any) => m.managerFilePatterns[0],
        ),
      ).toEqual([
        ...(c.ci === 'jenkins' ? ['/(^|/)Jenkinsfile$/'] : []),
        ...(c.language === 'go' ? ['/(^|/)Makefile$/'] : []),
      ]);
    });
  },
);

describe('answers recorded before the delivery options existed', () => {
  it('render with the defaults (kustomize, pipeline, rolling) and record them', async () => {
    const c = COMBINATIONS.find(
      o => o.packaging === 'kustomize' && o.deploy === 'pipeline',
    )!;
    const { packaging, deploy, release, ...older } = formValues(c);
    expect([packaging, deploy, release]).toEqual([
      'kustomize',
      'pipeline',
      'rolling',
    ]);
    const { status, result, text } = await dryRun(backend.baseUrl, token, {
      ...older,
      name: `${c.name}-older`,
    });
    expect({ status, text: status === 200 ? '' : text }).toEqual({
      status: 200,
      text: '',
    });
    expect(result.log.filter(l => l.body.status === 'failed')).toEqual([]);
    const paths = result.directoryContents.map(f => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'k8s/base/deployment.yaml',
        'k8s/overlays/production/kustomization.yaml',
      ]),
    );
    expect(
      paths.filter(p => /^(chart|argocd)\/|rollout|analysis/.test(p)),
    ).toEqual([]);
    expect(recordedAnswers(result).recorded.answers).toMatchObject({
      packaging: 'kustomize',
      deploy: 'pipeline',
      release: 'rolling',
    });
  });
});

describe('the Argo CD Applications (deploy: argocd)', () => {
  it.each(COMBINATIONS.filter(c => c.deploy === 'argocd'))(
    '$name: one per environment, on its cluster and namespace, from the repository',
    c => {
      const apps = parseAllDocuments(file(c.name, 'argocd/applications.yaml'))
        .map(d => d.toJS())
        .filter(Boolean);
      const helm = c.packaging === 'helm';
      expect(
        apps.map(a => ({
          name: a.metadata.name,
          namespace: a.metadata.namespace,
          destination: a.spec.destination,
          repoURL: a.spec.source.repoURL,
          path: a.spec.source.path,
          valueFiles: a.spec.source.helm?.valueFiles,
          automated: a.spec.syncPolicy.automated,
        })),
      ).toEqual(
        ['staging', 'production'].map(env => ({
          name: `${c.name}-${env}`,
          namespace: 'argocd',
          destination: {
            name: {
              staging: 'eks-staging-euw1',
              production: 'eks-production-euw1',
            }[env],
            namespace: env,
          },
          repoURL: `https://github.com/runway-services/${c.name}.git`,
          path: helm ? 'chart' : `k8s/overlays/${env}`,
          valueFiles: helm ? [`values-${env}.yaml`] : undefined,
          automated: { prune: true, selfHeal: true },
        })),
      );
    },
  );
});

describe('the recorded answers, whatever the description holds', () => {
  // Quotes, YAML indicators, a "comment", non-ASCII text and the line
  // breaks of YAML 1.1 (NEL, LS, PS) the description's pattern lets
  // through (it refuses control characters, ` $ \\ < > { and }).
  const description =
    'It\'s "quoted": key: value, # no comment, - [a], & * ! % @ | ? ~, ' +
    'one\u0085two\u2028three\u2029four, é ü 日本';

  it.each([COMBINATIONS[1], COMBINATIONS[7]])(
    '$name records them as given',
    async c => {
      const values = formValues(c, description);
      const { status, result, text } = await dryRun(
        backend.baseUrl,
        token,
        values,
      );
      expect({ status, text: status === 200 ? '' : text }).toEqual({
        status: 200,
        text: '',
      });
      expect(result.log.filter(l => l.body.status === 'failed')).toEqual([]);
      const recorded = recordedAnswers(result);
      expect(recorded.recorded.answers).toEqual(values);
      expect(recorded.recorded.answers.description).toBe(description);
      // one line per answer: YAML 1.1 readers (yamllint, PyYAML) see the
      // same text, the line breaks are escaped
      expect(recorded.text).not.toMatch(/[\u0085\u2028\u2029]/);
      expect(recorded.text).toContain('one\\u0085two\\u2028three\\u2029four');
      expect(
        recorded.text.split('\n').filter(l => l.startsWith('  ')),
      ).toHaveLength(PARAMETERS.length);
    },
  );
});
