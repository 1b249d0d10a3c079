/**
 * The production variant of the microservice template
 * (templates/microservice/template.production.yaml, generated from
 * template.yaml by generate-production.mjs): it is not stale, it publishes
 * with publish:github or publish:gitlab as runway:publish:target says
 * (productionPublish.test.ts runs both for real), every action it uses is
 * registered by the real backend configured as in production (publish
 * provider github: runway:publish:local is not registered there),
 * it passes the same validation as the development template (catalog entity
 * validation, the dry-run API with runway:template:validate as its first
 * step), and app-config.production.yaml and the backend image register it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import {
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { freePort, ROOT, runDir } from '../harness/processes';
import { COMBINATIONS, formValues } from './combinations';
import { dryRun, TEMPLATE_DIR, writeFiles } from './dryRun';
import { ok as succeeds, run, tool } from './tools';

jest.setTimeout(300_000);

const GENERATOR = path.join(TEMPLATE_DIR, 'generate-production.mjs');
const PRODUCTION_FILE = 'template.production.yaml';
const production = () =>
  parse(fs.readFileSync(path.join(TEMPLATE_DIR, PRODUCTION_FILE), 'utf8'));

describe('generation', () => {
  it('template.production.yaml is what generate-production.mjs makes of template.yaml', async () => {
    const res = await run(process.execPath, [GENERATOR, '--check']);
    expect({ code: res.code, stderr: res.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
  });

  it('--check fails once template.yaml changes without regenerating', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'template-stale-'));
    try {
      const changed = path.join(tmp, 'template.yaml');
      fs.writeFileSync(
        changed,
        fs
          .readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8')
          .replace('title: Microservice (golden path)', 'title: Changed'),
      );
      const res = await run(process.execPath, [
        GENERATOR,
        '--check',
        '--template',
        changed,
        '--out',
        path.join(TEMPLATE_DIR, PRODUCTION_FILE),
      ]);
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('is stale');
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('chooses publish:github or publish:gitlab with runway:publish:target, then catalog:register, instead of runway:publish:local', () => {
    const dev = parse(
      fs.readFileSync(path.join(TEMPLATE_DIR, 'template.yaml'), 'utf8'),
    );
    const prod = production();
    const actions = (t: any) => t.spec.steps.map((s: any) => s.action);
    expect(actions(dev)[0]).toBe('runway:template:validate');
    expect(actions(dev).at(-1)).toBe('runway:publish:local');
    expect(actions(prod)).toEqual([
      'runway:template:validate',
      'runway:publish:target',
      ...actions(dev).slice(1, -1),
      'publish:github',
      'publish:gitlab',
      'catalog:register',
    ]);
    expect(prod.metadata.name).toBe(dev.metadata.name);
    const step = (id: string) => prod.spec.steps.find((s: any) => s.id === id);
    expect(step('target').input).toEqual({
      name: '${{ parameters.name }}',
      owner: '${{ parameters.repoOwner }}',
    });
    // exactly one publish step runs, as the backend's provider says
    for (const provider of ['github', 'gitlab']) {
      expect(step(`publish-${provider}`)).toMatchObject({
        action: `publish:${provider}`,
        if: `\${{ steps.target.output.provider === '${provider}' }}`,
        input: {
          repoUrl: '${{ steps.target.output.repoUrl }}',
          defaultBranch: 'main',
        },
      });
    }
    expect(step('register').input.repoContentsUrl).toBe(
      "${{ steps['publish-github'].output.repoContentsUrl or steps['publish-gitlab'].output.repoContentsUrl }}",
    );
    // the rendered files take the owner the target step chose
    expect(step('common').input.values.repoOwner).toBe(
      '${{ steps.target.output.owner }}',
    );
    expect(prod.spec.output.links.find((l: any) => l.entityRef).entityRef).toBe(
      '${{ steps.register.output.entityRef }}',
    );
    // the generated file says how to choose
    const text = fs.readFileSync(
      path.join(TEMPLATE_DIR, PRODUCTION_FILE),
      'utf8',
    );
    for (const words of [
      'runwayTemplates.publish.provider',
      'GITHUB_TOKEN',
      'GITLAB_TOKEN',
    ]) {
      expect(text).toContain(words);
    }
  });

  it('asks for a repository owner that is a GitHub organisation or a GitLab group path, optional', () => {
    const page = production().spec.parameters.find(
      (p: any) => p.title === 'Repository',
    );
    expect(page.required ?? []).toEqual([]);
    const pattern = new RegExp(page.properties.repoOwner.pattern);
    for (const ok of [
      'acme-services',
      'payments',
      'payments/core',
      'a_b/c.d/e-f',
    ]) {
      expect(pattern.test(ok)).toBe(true);
    }
    for (const bad of [
      'acme/../x',
      '/acme',
      'acme/',
      '-acme/x',
      'a b',
      'a\nb',
    ]) {
      expect(pattern.test(bad)).toBe(false);
    }
    expect(page.properties.repoOwner.description).toMatch(/GitLab .*group/);
  });
});

describe('production configuration', () => {
  it('app-config.production.yaml registers the production template, and the image ships it', () => {
    const config = parse(
      fs.readFileSync(path.join(ROOT, 'app-config.production.yaml'), 'utf8'),
    );
    const location = config.catalog.locations.find((l: any) =>
      String(l.target).includes('templates/microservice'),
    );
    expect(location).toEqual({
      type: 'file',
      target: `./templates/microservice/${PRODUCTION_FILE}`,
      rules: [{ allow: ['Template'] }],
    });
    // targets are relative to the container's working folder, the repo root
    expect(fs.existsSync(path.join(ROOT, location.target))).toBe(true);
    expect(config.runwayTemplates.publish.provider).toBe('github');
    const dockerfile = fs.readFileSync(
      path.join(ROOT, 'packages', 'backend', 'Dockerfile'),
      'utf8',
    );
    expect(dockerfile).toMatch(
      /^COPY .*templates\/microservice \.\/templates\/microservice$/m,
    );
  });
});

/**
 * Production's platform, unlike development's (app-config.development.yaml):
 * every value below must come from this config, none from the template.
 */
const PLATFORM = {
  aws: { accountId: '123456789012', region: 'eu-central-1' },
  domain: 'svc.acme.test',
  environments: {
    staging: { cluster: 'eks-stg-fra-a' },
    production: { cluster: 'eks-prd-fra-b' },
  },
};

describe('against the backend configured to publish to GitHub', () => {
  let backend: Backend;
  let token: string;

  beforeAll(async () => {
    backend = await startBackend({
      port: await freePort(),
      dir: runDir('template-production'),
      config: {
        runwayTemplates: {
          ...PLATFORM,
          publish: { provider: 'github', host: 'github.com', owner: 'acme' },
        },
      },
    });
    await waitForEntities(backend.baseUrl, 'kind=group', { count: 3 });
    await waitForEntities(backend.baseUrl, 'kind=system', { count: 3 });
    token = await guestToken(backend.baseUrl);
  });

  afterAll(async () => {
    await backend?.stop();
  });

  it('registers every action the production template uses, and not runway:publish:local', async () => {
    const res = await fetch(`${backend.baseUrl}/api/scaffolder/v2/actions`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    const registered = new Set(
      ((await res.json()) as { id: string }[]).map(a => a.id),
    );
    const used: string[] = production().spec.steps.map((s: any) => s.action);
    expect(used.filter(id => !registered.has(id))).toEqual([]);
    expect(registered.has('runway:publish:local')).toBe(false);
  });

  it('the catalog validates the production template entity', async () => {
    const res = await fetch(`${backend.baseUrl}/api/catalog/validate-entity`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        entity: production(),
        location: `url:https://github.com/acme/runway/blob/main/templates/microservice/${PRODUCTION_FILE}`,
      }),
    });
    expect({ status: res.status, body: await res.text() }).toMatchObject({
      status: 200,
    });
  });

  it('dry-runs like the development template, with the repository owner in the catalog entry', async () => {
    const c = COMBINATIONS[0];
    const values = { ...formValues(c), repoOwner: 'acme-services' };
    const { status, result, text } = await dryRun(
      backend.baseUrl,
      token,
      values,
      PRODUCTION_FILE,
    );
    expect({ status, text: status === 200 ? '' : text }).toEqual({
      status: 200,
      text: '',
    });
    expect(result.log.filter(l => l.body.status === 'failed')).toEqual([]);
    const entity = parse(
      Buffer.from(
        result.directoryContents.find(f => f.path === 'catalog-info.yaml')!
          .base64Content,
        'base64',
      ).toString('utf8'),
    );
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      `acme-services/${c.name}`,
    );
    // the recorded answers hold the form's repository owner too
    const answersFile = result.directoryContents.find(
      f => f.path === '.runway-answers.yaml',
    )!;
    expect(
      parse(Buffer.from(answersFile.base64Content, 'base64').toString('utf8'))
        .answers,
    ).toEqual(values);
    // the publish steps do not support dry runs: they are listed, not run
    expect(result.steps.map(s => s.id).slice(-3)).toEqual([
      'publish-github',
      'publish-gitlab',
      'register',
    ]);
    // runway:publish:target runs in dry runs: the owner above is its output
    expect(
      result.log
        .filter(l => l.body.stepId === 'target' && l.body.status)
        .map(l => l.body.status),
    ).toEqual(['processing', 'completed']);
  });

  it('records no repository owner when the form leaves it empty (the configured owner is used)', async () => {
    const c = COMBINATIONS[3];
    const values = formValues(c);
    const { status, result, text } = await dryRun(
      backend.baseUrl,
      token,
      values,
      PRODUCTION_FILE,
    );
    expect({ status, text: status === 200 ? '' : text }).toEqual({
      status: 200,
      text: '',
    });
    const read = (rel: string) =>
      parse(
        Buffer.from(
          result.directoryContents.find(f => f.path === rel)!.base64Content,
          'base64',
        ).toString('utf8'),
      );
    expect(
      read('catalog-info.yaml').metadata.annotations['github.com/project-slug'],
    ).toBe(`acme/${c.name}`);
    expect(read('.runway-answers.yaml').answers).toEqual(values);
  });

  it('refuses a repository owner that is neither a GitHub organisation nor a GitLab group path (parameter schema)', async () => {
    const { status, text } = await dryRun(
      backend.baseUrl,
      token,
      { ...formValues(COMBINATIONS[0]), repoOwner: 'acme/../x' },
      PRODUCTION_FILE,
    );
    expect(status).toBe(400);
    expect(text).toContain('repoOwner');
  });

  it('refuses a name already in the catalog at its first step, before publishing', async () => {
    const { status, result, text } = await dryRun(
      backend.baseUrl,
      token,
      {
        ...formValues(COMBINATIONS[0]),
        name: 'checkout-api',
        repoOwner: 'acme-services',
      },
      PRODUCTION_FILE,
    );
    // the run stops with the first step's InputError: no files, no publish
    expect({ status, files: result.directoryContents }).toEqual({
      status: 400,
      files: undefined,
    });
    expect(JSON.parse(text).error.message).toContain(
      'name: a component named "checkout-api" already exists in the catalog',
    );
  });

  it("takes account, region, domain and each environment's cluster from runwayTemplates: the Pod Identity trust policy and associations name exactly the configured clusters", async () => {
    // github-actions, sqs, public: the pipeline, the queue URL and the Ingress
    const c = COMBINATIONS[0];
    expect([c.ci, c.queue, c.exposure]).toEqual([
      'github-actions',
      'sqs',
      'public',
    ]);
    // the kustomize files are read below (a chart holds the same objects:
    // helm.test.ts)
    const { status, result, text } = await dryRun(
      backend.baseUrl,
      token,
      formValues({ ...c, packaging: 'kustomize' }),
      PRODUCTION_FILE,
    );
    expect({ status, text: status === 200 ? '' : text }).toEqual({
      status: 200,
      text: '',
    });
    const read = (rel: string) =>
      Buffer.from(
        result.directoryContents.find(f => f.path === rel)!.base64Content,
        'base64',
      ).toString('utf8');
    const { accountId, region } = PLATFORM.aws;
    const { staging, production: prod } = PLATFORM.environments;

    // CloudFormation (short-form intrinsics read as tagged scalars)
    const customTags = ['Ref', 'Sub', 'GetAtt'].map(tag => ({
      tag: `!${tag}`,
      resolve: (value: string) => ({ [tag]: value }),
    }));
    const stack = parse(read('infra/cloudformation.yaml'), { customTags });
    const role = stack.Resources.ServiceRole.Properties;
    expect(JSON.stringify(stack)).not.toMatch(/oidc|EXAMPLE|Federated/i);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual(
      [
        ['staging', staging.cluster],
        ['production', prod.cluster],
      ].map(([namespace, cluster]) => ({
        Sid: expect.any(String),
        Effect: 'Allow',
        Principal: { Service: 'pods.eks.amazonaws.com' },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:RequestTag/eks-cluster-name': cluster,
            'aws:RequestTag/kubernetes-namespace': namespace,
            'aws:RequestTag/kubernetes-service-account': { Ref: 'ServiceName' },
          },
        },
      })),
    );
    const associations = Object.values<any>(stack.Resources)
      .filter(r => r.Type === 'AWS::EKS::PodIdentityAssociation')
      .map(r => r.Properties);
    expect(
      associations.map(a => [
        a.ClusterName,
        a.Namespace,
        a.ServiceAccount,
        a.RoleArn,
      ]),
    ).toEqual([
      [
        staging.cluster,
        'staging',
        { Ref: 'ServiceName' },
        { GetAtt: 'ServiceRole.Arn' },
      ],
      [
        prod.cluster,
        'production',
        { Ref: 'ServiceName' },
        { GetAtt: 'ServiceRole.Arn' },
      ],
    ]);
    // the ServiceAccount the associations name, without an IRSA annotation
    const sa = parse(read('k8s/base/serviceaccount.yaml'));
    expect(sa.metadata).toEqual({ name: c.name });
    expect(stack.Parameters.ServiceName.Default).toBe(c.name);
    // the pods reach the node's Pod Identity Agent
    expect(read('k8s/base/networkpolicy.yaml')).toContain('169.254.170.23/32');

    // the stack step ran: aws:cloudformation:deploy refuses any region but
    // runwayTemplates.aws.region, so its input was the configured region
    expect(
      result.log
        .filter(l => l.body.stepId === 'infra')
        .map(l => l.body.message),
    ).toContain(
      "Finished step Deploy the service's AWS resources (skipped without AWS)",
    );
    expect(
      parse(read('catalog-info.yaml')).metadata.annotations[
        'runway.io/cloudformation-stack'
      ],
    ).toBe(`${region}/${c.name}`);

    // images from the account's registry, hosts under the domain
    const registry = `${accountId}.dkr.ecr.${region}.amazonaws.com`;
    for (const [env, host] of [
      ['staging', `${c.name}.staging.${PLATFORM.domain}`],
      ['production', `${c.name}.${PLATFORM.domain}`],
    ]) {
      const overlay = parse(read(`k8s/overlays/${env}/kustomization.yaml`));
      expect(overlay.images[0].newName).toBe(`${registry}/${c.name}`);
      expect(JSON.stringify(overlay.patches)).toContain(host);
    }
    expect(read('k8s/base/deployment.yaml')).toContain(
      `https://sqs.${region}.amazonaws.com/${accountId}/${c.name}`,
    );

    // the pipeline: region, registry and each environment's cluster
    const pipeline = read('.github/workflows/ci.yaml');
    const workflow = parse(pipeline);
    expect(workflow.env).toMatchObject({
      AWS_REGION: region,
      ECR_REGISTRY: registry,
    });
    const clustersOf = (job: string) =>
      [
        ...JSON.stringify(workflow.jobs[job]).matchAll(
          /update-kubeconfig --name (\S+)/g,
        ),
      ].map(m => m[1]);
    expect(clustersOf('deploy-staging')).toEqual([staging.cluster]);
    expect(clustersOf('e2e')).toEqual([staging.cluster]);
    expect(clustersOf('deploy-production')).toEqual([prod.cluster]);
    expect(pipeline).not.toMatch(
      /eks-(staging|production)-euw1|eu-west-1|111122223333|runway\.example\.com/,
    );

    // and the rendered stack is cfn-lint clean
    const dir = path.join(runDir('template-production-platform'), c.name);
    writeFiles(result, dir);
    await succeeds(tool.cfnLint, ['infra/cloudformation.yaml'], { cwd: dir });
  });
});
