/**
 * The generated deploy and rollback scripts (scripts/deploy.sh,
 * scripts/rollback.sh: the only commands the CI pipelines call) run for real
 * against a local kube-apiserver with the template's CRDs (serverDryRun.ts)
 * and one kwok node whose pods become Ready, with kubectl
 * (scripts/bootstrap.d/kubectl.sh), helm and kustomize on PATH as in a
 * pipeline. A kustomize service and a Helm service (deploy: pipeline,
 * release: rolling), each a copy of the repository render.test.ts wrote, are
 * deployed to staging, deployed again with another tag, rolled back, and
 * deployed again as a pipeline would after a rollback and after the
 * HorizontalPodAutoscaler scaled them out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { runDir } from '../harness/processes';
import { Combination, COMBINATIONS } from './combinations';
import { outDir } from './paths';
import {
  DryRunCluster,
  dryRunClusterAvailable,
  startDryRunCluster,
} from './serverDryRun';
import { assertToolsInstalled, ok, run, RunResult, tool } from './tools';

jest.setTimeout(600_000);

/** The registry the scripts build image names from (nothing pulls from it). */
const REGISTRY = 'ecr.runway.invalid/proof';
const ENV = 'staging';
/** The kwok node the pods run on (kwok manages nodes with this annotation). */
const NODE = 'runway-deploy-scripts';

/** The first rendered combination with these delivery options. */
function combination(
  packaging: Combination['packaging'],
  extra: (c: Combination) => boolean = () => true,
): Combination {
  const found = COMBINATIONS.find(
    c =>
      c.packaging === packaging &&
      c.deploy === 'pipeline' &&
      c.release === 'rolling' &&
      extra(c),
  );
  if (!found) {
    throw new Error(
      `combinations.ts has no ${packaging}, pipeline, rolling combination`,
    );
  }
  return found;
}
// an Ingress (public) and, for Helm, an ExternalSecret (postgres): their
// CRDs and kinds are on the cluster too
const KUSTOMIZE = combination('kustomize', c => c.exposure === 'public');
const HELM = combination('helm', c => c.database === 'postgres');

let cluster: DryRunCluster | undefined;
let work = '';
let env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  assertToolsInstalled();
  const reason = dryRunClusterAvailable();
  if (reason) throw new Error(reason);
  for (const c of [KUSTOMIZE, HELM]) {
    const repo = path.join(outDir(), c.name);
    if (!fs.existsSync(path.join(repo, 'scripts', 'deploy.sh'))) {
      throw new Error(
        `${repo} is missing: render.test.ts writes it (run it first)`,
      );
    }
  }
  work = runDir(`deploy-scripts-${process.pid}`);
  // a pipeline's PATH: kubectl, helm and kustomize, then the usual tools
  const bin = path.join(work, 'bin');
  fs.mkdirSync(bin);
  for (const name of ['kubectl', 'helm', 'kustomize'] as const) {
    fs.symlinkSync(tool[name], path.join(bin, name));
  }
  cluster = await startDryRunCluster();
  env = {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    KUBECONFIG: cluster.kubeconfig,
    ECR_REGISTRY: REGISTRY,
    // kubectl's and helm's caches and settings stay in the run's folder
    KUBECACHEDIR: path.join(work, 'kube-cache'),
    HELM_CACHE_HOME: path.join(work, 'helm', 'cache'),
    HELM_CONFIG_HOME: path.join(work, 'helm', 'config'),
    HELM_DATA_HOME: path.join(work, 'helm', 'data'),
  };
  // one node with room for both services' pods (surge included)
  await kubectl(['apply', '--server-side', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: NODE,
        annotations: {
          'kwok.x-k8s.io/node': 'fake',
          'node.alpha.kubernetes.io/ttl': '0',
        },
        labels: {
          'kubernetes.io/hostname': NODE,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          'topology.kubernetes.io/zone': 'eu-west-1a',
          type: 'kwok',
        },
      },
      status: {
        capacity: { cpu: '16', memory: '64Gi', pods: '110' },
        allocatable: { cpu: '16', memory: '64Gi', pods: '110' },
      },
    }),
  });
  await kubectl([
    'wait',
    '--for=condition=Ready',
    `node/${NODE}`,
    '--timeout=120s',
  ]);
});

afterAll(async () => {
  await cluster?.stop();
});

/** kubectl as the cluster's admin; fails with its output on a non-zero exit. */
function kubectl(args: string[], options: { input?: string } = {}) {
  return ok(tool.kubectl, args, { env, timeoutMs: 180_000, ...options });
}

/** A copy of the rendered repository to deploy from (deploy.sh edits files). */
function checkout(c: Combination): string {
  const dir = path.join(work, c.name);
  fs.cpSync(path.join(outDir(), c.name), dir, { recursive: true });
  return dir;
}

/** `sh scripts/<script> <args>` in the repository, as the pipeline runs it. */
function script(repo: string, name: string, args: string[]) {
  return run('sh', [`scripts/${name}`, ...args], {
    cwd: repo,
    env,
    timeoutMs: 540_000,
  });
}

function lastLine(text: string) {
  return text.trimEnd().split('\n').pop();
}

/** The staging Deployment of a service. */
async function deployment(name: string) {
  return JSON.parse(
    (await kubectl(['-n', ENV, 'get', 'deployment', name, '-o', 'json']))
      .stdout,
  );
}

/**
 * The image the Deployment runs and whether its rollout is complete: every
 * replica updated, available and ready, and the controller has seen the
 * latest spec (what `kubectl rollout status` and helm --wait wait for).
 */
async function rollout(name: string) {
  const d = await deployment(name);
  const { replicas, updatedReplicas, availableReplicas, readyReplicas } =
    d.status;
  return {
    image: d.spec.template.spec.containers[0].image,
    complete:
      d.status.observedGeneration === d.metadata.generation &&
      replicas === d.spec.replicas &&
      updatedReplicas === d.spec.replicas &&
      availableReplicas === d.spec.replicas &&
      readyReplicas === d.spec.replicas,
    revision: d.metadata.annotations['deployment.kubernetes.io/revision'],
  };
}

/** Every object of the multi-document YAML, as kubectl names them, read back from the cluster. */
async function objectsOnCluster(yamlText: string): Promise<string[]> {
  const res = await kubectl(['get', '-f', '-', '-o', 'name'], {
    input: yamlText,
  });
  return res.stdout.trim().split('\n').sort();
}

/** Objects every generated service deploys (kubectl's names), by its options. */
function expectedObjects(c: Combination) {
  return [
    `deployment.apps/${c.name}`,
    `service/${c.name}`,
    `horizontalpodautoscaler.autoscaling/${c.name}`,
    `poddisruptionbudget.policy/${c.name}`,
    `configmap/${c.name}-grafana-dashboard`,
    `servicemonitor.monitoring.coreos.com/${c.name}`,
    `prometheusrule.monitoring.coreos.com/${c.name}-slos`,
    ...(c.exposure === 'public' ? [`ingress.networking.k8s.io/${c.name}`] : []),
    ...(c.database === 'postgres'
      ? [`externalsecret.external-secrets.io/${c.name}`]
      : []),
  ];
}

/** The labels of the staging namespace. */
async function namespaceLabels(): Promise<Record<string, string>> {
  const ns = JSON.parse(
    (await kubectl(['get', 'namespace', ENV, '-o', 'json'])).stdout,
  );
  return ns.metadata.labels ?? {};
}

const POD_SECURITY = {
  'pod-security.kubernetes.io/enforce': 'restricted',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/audit': 'restricted',
  'pod-security.kubernetes.io/warn': 'restricted',
};

/** Exit 0 and the line the script ends with; fails with its whole output otherwise. */
function expectSuccess(res: RunResult, last: string) {
  if (res.code !== 0) {
    throw new Error(`exited ${res.code}\n${res.stdout}\n${res.stderr}`);
  }
  expect(lastLine(res.stdout)).toBe(last);
}

/**
 * Wrong calls a pipeline could make: an unknown environment, a tag with a
 * shell metacharacter; each one's exit code and last line of stderr, and
 * whether the service's Deployment exists afterwards.
 */
async function refusals(c: Combination, repo: string) {
  const calls = [
    ['deploy.sh', 'qa', 'x'],
    ['deploy.sh', ENV, 'v1;rm -rf /'],
    ['rollback.sh', 'qa'],
  ];
  const results = [];
  for (const [name, ...args] of calls) {
    const res = await script(repo, name, args);
    results.push({
      call: [name, ...args],
      code: res.code,
      said: lastLine(res.stderr),
    });
  }
  const found = await run(
    tool.kubectl,
    ['-n', ENV, 'get', 'deployment', c.name, '-o', 'name'],
    { env },
  );
  return { results, deployment: found.stdout.trim() || found.stderr.trim() };
}

/** What refusals() finds for the service `name`. */
function refused(name: string) {
  return {
    results: [
      {
        call: ['deploy.sh', 'qa', 'x'],
        code: 2,
        said: "deploy: the environment must be staging or production, not 'qa'",
      },
      {
        call: ['deploy.sh', ENV, 'v1;rm -rf /'],
        code: 2,
        said: "deploy: the image tag 'v1;rm -rf /' has characters an image tag cannot hold",
      },
      {
        call: ['rollback.sh', 'qa'],
        code: 2,
        said: "rollback: the environment must be staging or production, not 'qa'",
      },
    ],
    // nothing reached the cluster
    deployment: `Error from server (NotFound): deployments.apps "${name}" not found`,
  };
}

/**
 * What the HorizontalPodAutoscaler does under load: it sets the
 * Deployment's replicas through the scale subresource as
 * kube-controller-manager (the cluster runs no HPA controller: there are no
 * metrics to scale on).
 */
async function scaleAsTheHpa(name: string, replicas: number) {
  await kubectl([
    '-n',
    ENV,
    'patch',
    'deployment',
    name,
    '--subresource=scale',
    '--type=merge',
    `--patch={"spec":{"replicas":${replicas}}}`,
    '--field-manager=kube-controller-manager',
  ]);
}

const TAG1 = 'v1.0.0-abc1234';
const TAG2 = 'v1.0.1-def5678';
const TAG3 = 'v1.0.2-0a1b2c3';
const TAG4 = 'v1.0.3-9f8e7d6';

describe(`${KUSTOMIZE.name} (kustomize, pipeline, rolling)`, () => {
  const c = KUSTOMIZE;
  let repo = '';

  beforeAll(() => {
    repo = checkout(c);
  });

  it('refuses an unknown environment and a tag an image cannot hold', async () => {
    expect(await refusals(c, repo)).toEqual(refused(c.name));
  });

  it(`deploys ${TAG1}: applies the overlay and waits for the rollout`, async () => {
    expectSuccess(
      await script(repo, 'deploy.sh', [ENV, TAG1]),
      `deploy: ${c.name} ${TAG1} is live in ${ENV}`,
    );
    expect(await rollout(c.name)).toEqual({
      image: `${REGISTRY}/${c.name}:${TAG1}`,
      complete: true,
      revision: '1',
    });
    // every object of the overlay (with the tag deploy.sh set) is there
    const rendered = await ok(
      tool.kustomize,
      ['build', `k8s/overlays/${ENV}`],
      {
        cwd: repo,
      },
    );
    expect(await objectsOnCluster(rendered.stdout)).toEqual(
      expect.arrayContaining([`namespace/${ENV}`, ...expectedObjects(c)]),
    );
    // the overlay's Namespace added its labels to the namespace that
    // startDryRunCluster created without them
    expect(await namespaceLabels()).toEqual(
      expect.objectContaining(POD_SECURITY),
    );
  });

  it(`deploys ${TAG2} over it`, async () => {
    expectSuccess(
      await script(repo, 'deploy.sh', [ENV, TAG2]),
      `deploy: ${c.name} ${TAG2} is live in ${ENV}`,
    );
    expect(await rollout(c.name)).toEqual({
      image: `${REGISTRY}/${c.name}:${TAG2}`,
      complete: true,
      revision: '2',
    });
  });

  it(`rollback.sh (rollout undo) brings ${TAG1} back`, async () => {
    const back = await script(repo, 'rollback.sh', [ENV]);
    expectSuccess(back, `deployment "${c.name}" successfully rolled out`);
    expect(back.stdout).toContain(`deployment.apps/${c.name} rolled back`);
    // the first ReplicaSet again, as revision 3
    expect(await rollout(c.name)).toEqual({
      image: `${REGISTRY}/${c.name}:${TAG1}`,
      complete: true,
      revision: '3',
    });
  });

  it(`deploys ${TAG3} after the rollback`, async () => {
    expectSuccess(
      await script(repo, 'deploy.sh', [ENV, TAG3]),
      `deploy: ${c.name} ${TAG3} is live in ${ENV}`,
    );
    expect(await rollout(c.name)).toEqual({
      image: `${REGISTRY}/${c.name}:${TAG3}`,
      complete: true,
      revision: '4',
    });
  });

  it(`deploys ${TAG4} after the HPA scaled it out, keeping the HPA's replicas`, async () => {
    await scaleAsTheHpa(c.name, 3);
    expectSuccess(
      await script(repo, 'deploy.sh', [ENV, TAG4]),
      `deploy: ${c.name} ${TAG4} is live in ${ENV}`,
    );
    expect(await rollout(c.name)).toMatchObject({
      image: `${REGISTRY}/${c.name}:${TAG4}`,
      complete: true,
    });
    expect((await deployment(c.name)).spec.replicas).toBe(3);
  });
});

describe(`${HELM.name} (helm, pipeline, rolling)`, () => {
  const c = HELM;
  let repo = '';

  beforeAll(() => {
    repo = checkout(c);
  });

  /** `helm list -n staging`: name, revision and status of each release. */
  async function releases() {
    const res = await ok(tool.helm, ['list', '-n', ENV, '--output', 'json'], {
      env,
    });
    return JSON.parse(res.stdout).map((r: any) => ({
      name: r.name,
      revision: r.revision,
      status: r.status,
    }));
  }

  /** `helm history`: revision, status and description of each. */
  async function history() {
    const res = await ok(
      tool.helm,
      ['history', c.name, '-n', ENV, '--output', 'json'],
      { env },
    );
    return JSON.parse(res.stdout).map((h: any) => ({
      revision: h.revision,
      status: h.status,
      description: h.description,
    }));
  }

  it('refuses an unknown environment and a tag an image cannot hold', async () => {
    expect(await refusals(c, repo)).toEqual(refused(c.name));
  });

  it(`deploys ${TAG1}: installs the chart and waits for it`, async () => {
    expectSuccess(
      await script(repo, 'deploy.sh', [ENV, TAG1]),
      `deploy: ${c.name} ${TAG1} is live in ${ENV}`,
    );
    expect(await releases()).toEqual([
      { name: c.name, revision: '1', status: 'deployed' },
    ]);
    expect(await rollout(c.name)).toEqual({
      image: `${REGISTRY}/${c.name}:${TAG1}`,
      complete: true,
      revision: '1',
    });
    // every object of the release is there
    const manifest = await ok(
      tool.helm,
      ['get', 'manifest', c.name, '-n', ENV],
      { env },
    );
    expect(await objectsOnCluster(manifest.stdout)).toEqual(
      expect.arrayContaining(expectedObjects(c)),
    );
    // deploy.sh applied the namespace with its Pod Security labels
    expect(await namespaceLabels()).toEqual(
      expect.objectContaining(POD_SECURITY),
    );
  });

  it(`deploys ${TAG2} over it as revision 2`, async () => {
    expectSuccess(
      await script(repo, 'deploy.sh', [ENV, TAG2]),
      `deploy: ${c.name} ${TAG2} is live in ${ENV}`,
    );
    expect(await releases()).toEqual([
      { name: c.name, revision: '2', status: 'deployed' },
    ]);
    expect(await rollout(c.name)).toEqual({
      image: `${REGISTRY}/${c.name}:${TAG2}`,
      complete: true,
      revision: '2',
    });
  });

  it(`rollback.sh (helm rollback) brings ${TAG1} back`, async () => {
    expectSuccess(
      await script(repo, 'rollback.sh', [ENV]),
      `rollback: ${c.name} in ${ENV} is back on the previous release`,
    );
    expect(await rollout(c.name)).toEqual({
      image: `${REGISTRY}/${c.name}:${TAG1}`,
      complete: true,
      revision: '3',
    });
    expect(await history()).toEqual([
      { revision: 1, status: 'superseded', description: 'Install complete' },
      { revision: 2, status: 'superseded', description: 'Upgrade complete' },
      { revision: 3, status: 'deployed', description: 'Rollback to 1' },
    ]);
  });

  it(`deploys ${TAG3} after the HPA scaled it out, keeping the HPA's replicas`, async () => {
    await scaleAsTheHpa(c.name, 3);
    expectSuccess(
      await script(repo, 'deploy.sh', [ENV, TAG3]),
      `deploy: ${c.name} ${TAG3} is live in ${ENV}`,
    );
    expect(await releases()).toEqual([
      { name: c.name, revision: '4', status: 'deployed' },
    ]);
    expect(await rollout(c.name)).toMatchObject({
      image: `${REGISTRY}/${c.name}:${TAG3}`,
      complete: true,
    });
    expect((await deployment(c.name)).spec.replicas).toBe(3);
  });
});
