/**
 * The generated deploy and rollback scripts (scripts/deploy.sh,
 * scripts/rollback.sh: the only commands the CI pipelines call) run for real
 * against a local kube-apiserver with the template's CRDs (serverDryRun.ts)
 * and one kwok node whose pods become Ready, with kubectl
 * (scripts/bootstrap.d/kubectl.sh), helm, kustomize and git on PATH as in a
 * pipeline. Each service is a copy of the repository render.test.ts wrote.
 *
 * - deploy: pipeline, release: rolling (kustomize and Helm): deployed to
 *   staging, deployed again with another tag, rolled back, and deployed
 *   again as a pipeline would after a rollback and after the
 *   HorizontalPodAutoscaler scaled them out.
 * - release: canary (Helm, and its kustomize twin): the cluster runs no Argo
 *   Rollouts controller, so the test writes the Rollout's status as the
 *   controller does (status subresource, field manager argo-rollouts) while
 *   deploy.sh waits: promoted, aborted, and aborted by rollback.sh.
 * - deploy: argocd (kustomize and Helm): the repository is pushed to a local
 *   bare repository (the pipeline's GITOPS_PUSH_URL) and the cluster runs no
 *   Argo CD, so the test reads the commits deploy.sh and rollback.sh push
 *   and writes the Application's status as Argo CD's application controller
 *   does (the Application CRD has no status subresource).
 *
 * The test writes each status only after the script has printed the state
 * before it, so every state is seen; it waits by polling with deadlines.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { runDir } from '../harness/processes';
import { Combination, COMBINATIONS } from './combinations';
import { outDir } from './paths';
import {
  DryRunCluster,
  dryRunClusterAvailable,
  startDryRunCluster,
} from './serverDryRun';
import {
  assertToolsInstalled,
  HELM_VERSION,
  ok,
  run,
  RunResult,
  tool,
} from './tools';

jest.setTimeout(600_000);

/** The registry the scripts build image names from (nothing pulls from it). */
const REGISTRY = 'ecr.runway.invalid/proof';
const ENV = 'staging';
/** The kwok node the pods run on (kwok manages nodes with this annotation). */
const NODE = 'runway-deploy-scripts';

type Delivery = Pick<Combination, 'packaging' | 'deploy' | 'release'>;

/** The first rendered combination with these delivery options. */
function combination(
  delivery: Delivery,
  extra: (c: Combination) => boolean = () => true,
): Combination {
  const found = COMBINATIONS.find(
    c =>
      c.packaging === delivery.packaging &&
      c.deploy === delivery.deploy &&
      c.release === delivery.release &&
      extra(c),
  );
  if (!found) {
    throw new Error(
      `combinations.ts has no ${delivery.packaging}, ${delivery.deploy}, ${delivery.release} combination`,
    );
  }
  return found;
}
// an Ingress (public) and, for Helm, an ExternalSecret (postgres): their
// CRDs and kinds are on the cluster too
const KUSTOMIZE = combination(
  { packaging: 'kustomize', deploy: 'pipeline', release: 'rolling' },
  c => c.exposure === 'public',
);
const HELM = combination(
  { packaging: 'helm', deploy: 'pipeline', release: 'rolling' },
  c => c.database === 'postgres',
);
const CANARY = combination({
  packaging: 'helm',
  deploy: 'pipeline',
  release: 'canary',
});
/**
 * The kustomize twin of CANARY: the same answers with packaging kustomize,
 * which render.test.ts writes beside every Helm service (same service name,
 * so it deploys to production, next to CANARY's staging).
 */
const CANARY_KUSTOMIZE = `${CANARY.name}-kustomize`;
const GITOPS = [
  combination({ packaging: 'kustomize', deploy: 'argocd', release: 'rolling' }),
  combination({ packaging: 'helm', deploy: 'argocd', release: 'rolling' }),
];

let cluster: DryRunCluster | undefined;
let work = '';
let env: NodeJS.ProcessEnv = {};

beforeAll(async () => {
  assertToolsInstalled();
  const reason = dryRunClusterAvailable();
  if (reason) throw new Error(reason);
  const rendered = [KUSTOMIZE, HELM, CANARY, ...GITOPS].map(c => c.name);
  for (const name of [...rendered, CANARY_KUSTOMIZE]) {
    const repo = path.join(outDir(), name);
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
  // git's settings: none of the machine's (the scripts set the identity a
  // pipeline's checkout lacks)
  const gitconfig = path.join(work, 'gitconfig');
  fs.writeFileSync(gitconfig, '');
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
    GIT_CONFIG_GLOBAL: gitconfig,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    // a wait that goes wrong fails in minutes, not in the default half hour
    DEPLOY_TIMEOUT_SECONDS: '120',
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

/** A copy of the rendered repository `name` to deploy from (deploy.sh edits files). */
function checkout(name: string): string {
  const dir = path.join(work, name);
  fs.cpSync(path.join(outDir(), name), dir, { recursive: true });
  return dir;
}

const SCRIPT_TIMEOUT_MS = 540_000;

/** `sh scripts/<script> <args>` in the repository, as the pipeline runs it. */
function script(
  repo: string,
  name: string,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
) {
  return run('sh', [`scripts/${name}`, ...args], {
    cwd: repo,
    env: { ...env, ...extraEnv },
    timeoutMs: SCRIPT_TIMEOUT_MS,
  });
}

/** Scripts started by background() that have not ended. */
const running = new Set<ChildProcess>();

/** Ends a script started by background() and what it started. */
function stopGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
}

afterEach(() => {
  // a test that failed while a script waited: the script goes with it
  for (const child of running) stopGroup(child);
});

/**
 * Polls `check` every 250 ms until it returns a value (not undefined);
 * fails after `timeoutMs` naming what it waited for.
 */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`waited ${timeoutMs / 1000} s for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

/** A script running while the test plays a controller's part. */
type Background = {
  /**
   * Waits until the script has printed a line matching `line` (a
   * multiline RegExp); fails when the script ends first, with its output.
   */
  printed(line: RegExp): Promise<void>;
  /** Its exit code and output, once it has ended. */
  ended: Promise<RunResult>;
  /** Its exit code and output if it has ended, else undefined. */
  exited(): RunResult | undefined;
};

/** script(), started in the background (its own process group). */
function background(
  repo: string,
  name: string,
  args: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Background {
  const child = spawn('sh', [`scripts/${name}`, ...args], {
    cwd: repo,
    env: { ...process.env, ...env, ...extraEnv },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: SCRIPT_TIMEOUT_MS,
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', d => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', d => (stderr += d));
  let result: RunResult | undefined;
  const ended = new Promise<RunResult>(resolve => {
    const end = (code: number) => {
      running.delete(child);
      result ??= { code, stdout, stderr };
      resolve(result);
    };
    child.on('error', e => {
      stderr += String(e);
      end(127);
    });
    child.on('close', code => end(code ?? 1));
  });
  return {
    ended,
    exited: () => result,
    async printed(line) {
      await until(
        `sh scripts/${name} ${args.join(' ')} to print ${line}`,
        () => {
          if (line.test(stdout)) return true;
          if (result) {
            throw new Error(
              `sh scripts/${name} ${args.join(' ')} exited ${
                result.code
              } before printing ${line}\n${result.stdout}\n${result.stderr}`,
            );
          }
          return undefined;
        },
      );
    },
  };
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A RegExp for a whole line of output (trailing blanks aside). */
function lineRegExp(line: string) {
  return new RegExp(`^${escapeRegExp(line)} *$`, 'm');
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

/** `helm list -n staging`: name, revision and status of each release (of `name`, or all). */
async function releases(name?: string) {
  const res = await ok(tool.helm, ['list', '-n', ENV, '--output', 'json'], {
    env,
  });
  return JSON.parse(res.stdout)
    .filter((r: any) => name === undefined || r.name === name)
    .map((r: any) => ({
      name: r.name,
      revision: r.revision,
      status: r.status,
    }));
}

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
    repo = checkout(c.name);
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
    repo = checkout(c.name);
  });

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

/** An RFC 3339 time without fractions, as the controllers write them. */
function now() {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** A state of a canary (Rollout) as Argo Rollouts reports it. */
type RolloutState =
  /**
   * Pods of the new version are being created: at canary step `step`, or,
   * for the first version (no step), without canary steps.
   */
  | { phase: 'Progressing'; step?: number }
  /** At the pause step `step` of the canary. */
  | { phase: 'Paused'; step: number }
  /** Promoted: the new version's ReplicaSet is the stable one. */
  | { phase: 'Healthy' }
  /**
   * Aborted (status.abort: the analysis failed or rollback.sh aborted it):
   * the stable ReplicaSet takes every pod again. `revision` is the
   * Rollout's revision of the new version.
   */
  | { phase: 'Degraded'; revision: number };

/** The status fields deploy.sh reads (and prints) of a Rollout. */
type RolloutStatus = {
  phase: string;
  currentPodHash: string;
  stableRS?: string;
  message?: string;
};

async function rolloutObject(namespace: string, name: string) {
  return JSON.parse(
    (await kubectl(['-n', namespace, 'get', 'rollout', name, '-o', 'json']))
      .stdout,
  );
}

/**
 * What the Argo Rollouts controller does once it has seen the Rollout's
 * spec: writes the status (the status subresource, the whole of it, as its
 * field manager) of the state the canary is in. Its pod hash stands for the
 * pod-template-hash the controller computes of the spec's pod template.
 * Returns the status written.
 */
async function actAsArgoRollouts(
  namespace: string,
  name: string,
  state: RolloutState,
): Promise<RolloutStatus> {
  const ro = await rolloutObject(namespace, name);
  const steps: unknown[] = ro.spec.strategy.canary.steps;
  const podHash = createHash('sha256')
    .update(JSON.stringify(ro.spec.template))
    .digest('hex')
    .slice(0, 10);
  // the previous version's ReplicaSet stays stable until the new one is promoted
  const stableRS: string | undefined = ro.status?.stableRS;
  const common = {
    observedGeneration: String(ro.metadata.generation),
    currentPodHash: podHash,
    phase: state.phase,
    canary: {},
  };
  let status: RolloutStatus & Record<string, unknown>;
  switch (state.phase) {
    case 'Progressing':
      status = {
        ...common,
        stableRS,
        currentStepIndex: state.step ?? steps.length,
        message: 'more replicas need to be updated',
      };
      break;
    case 'Paused':
      status = {
        ...common,
        stableRS,
        currentStepIndex: state.step,
        controllerPause: true,
        pauseConditions: [{ reason: 'PauseStep', startTime: now() }],
        message: 'CanaryPauseStep',
      };
      break;
    case 'Healthy':
      status = {
        ...common,
        stableRS: podHash,
        currentStepIndex: steps.length,
      };
      break;
    default:
      status = {
        ...common,
        stableRS,
        currentStepIndex: 0,
        abort: true,
        abortedAt: now(),
        message: `RolloutAborted: Rollout aborted update to revision ${state.revision}`,
      };
  }
  await kubectl([
    '-n',
    namespace,
    'patch',
    'rollout',
    name,
    '--subresource=status',
    '--type=json',
    `--patch=${JSON.stringify([
      { op: 'add', path: '/status', value: status },
    ])}`,
    '--field-manager=argo-rollouts',
  ]);
  return status;
}

/**
 * The line deploy.sh prints for a Rollout's status: phase, currentPodHash,
 * stableRS and message.
 */
function rolloutLine(name: string, s: RolloutStatus) {
  return `deploy: rollout ${name}: ${s.phase} ${s.currentPodHash} ${
    s.stableRS ?? ''
  } ${s.message ?? ''}`.trimEnd();
}

/** The lines deploy.sh printed for the statuses of the pods of `podHash`, repeats left out. */
function rolloutLines(stdout: string, name: string, podHash: string) {
  const prefix = `deploy: rollout ${name}: `;
  return stdout
    .split('\n')
    .filter(
      l =>
        l.startsWith(prefix) &&
        l.slice(prefix.length).split(' ')[1] === podHash,
    )
    .map(l => l.trimEnd())
    .filter((l, i, all) => l !== all[i - 1]);
}

/** deploy.sh's first look at the Rollout (the previous version's status, or none). */
function firstLook(name: string) {
  return new RegExp(`^deploy: rollout ${escapeRegExp(name)}: `, 'm');
}

/**
 * deploy.sh <namespace> <tag> while the test, as Argo Rollouts, writes the
 * `states` of the new version one after the other: the first once deploy.sh
 * has looked at the Rollout once (a controller that has not seen the new
 * spec yet), each next once deploy.sh has printed the one before.
 */
async function deployCanary(options: {
  repo: string;
  name: string;
  namespace: string;
  tag: string;
  states: RolloutState[];
}) {
  const { repo, name, namespace, tag, states } = options;
  const deploy = background(repo, 'deploy.sh', [namespace, tag]);
  await deploy.printed(firstLook(name));
  const written: RolloutStatus[] = [];
  for (const state of states) {
    const last = written[written.length - 1];
    if (last) await deploy.printed(lineRegExp(rolloutLine(name, last)));
    written.push(await actAsArgoRollouts(namespace, name, state));
  }
  const res = await deploy.ended;
  return {
    res,
    written: written.map(s => rolloutLine(name, s)),
    printed: rolloutLines(res.stdout, name, written[0].currentPodHash),
  };
}

/** The image of a Rollout's pod template. */
async function rolloutImage(namespace: string, name: string) {
  return (await rolloutObject(namespace, name)).spec.template.spec.containers[0]
    .image;
}

describe(`${CANARY.name} (helm, pipeline, canary): the test acts as Argo Rollouts`, () => {
  const c = CANARY;
  let repo = '';

  beforeAll(() => {
    repo = checkout(c.name);
  });

  it(`deploys ${TAG1}, the first version: Helm 4 installs the chart (--wait=legacy) and deploy.sh waits until the Rollout is Healthy`, async () => {
    // the Helm that deploys is Helm 4, where deploy.sh waits with
    // --wait=legacy (the default wait cannot read a Rollout's status)
    const helmVersion = await ok(
      tool.helm,
      ['version', '--template', '{{.Version}}'],
      { env },
    );
    expect(helmVersion.stdout).toBe(HELM_VERSION);
    expect(HELM_VERSION).toMatch(/^v4\./);
    expect(
      fs.readFileSync(path.join(repo, 'scripts/deploy.sh'), 'utf8'),
    ).toMatch(/^ {2}\*\) set -- --rollback-on-failure --wait=legacy ;;$/m);

    const { res, written, printed } = await deployCanary({
      repo,
      name: c.name,
      namespace: ENV,
      tag: TAG1,
      states: [{ phase: 'Progressing' }, { phase: 'Healthy' }],
    });
    expectSuccess(res, `deploy: ${c.name} ${TAG1} is live in ${ENV}`);
    expect(printed).toEqual(written);
    expect(await releases(c.name)).toEqual([
      { name: c.name, revision: '1', status: 'deployed' },
    ]);
    expect(await rolloutImage(ENV, c.name)).toBe(
      `${REGISTRY}/${c.name}:${TAG1}`,
    );
  });

  it(`deploys ${TAG2} as a canary: waits through its steps until it is promoted`, async () => {
    const { res, written, printed } = await deployCanary({
      repo,
      name: c.name,
      namespace: ENV,
      tag: TAG2,
      states: [
        { phase: 'Progressing', step: 0 },
        { phase: 'Paused', step: 1 },
        { phase: 'Healthy' },
      ],
    });
    expectSuccess(res, `deploy: ${c.name} ${TAG2} is live in ${ENV}`);
    expect(printed).toEqual(written);
    expect(await releases(c.name)).toEqual([
      { name: c.name, revision: '2', status: 'deployed' },
    ]);
    expect(await rolloutImage(ENV, c.name)).toBe(
      `${REGISTRY}/${c.name}:${TAG2}`,
    );
  });

  it(`fails the deploy of ${TAG3} when its canary is aborted (Degraded)`, async () => {
    const { res, written, printed } = await deployCanary({
      repo,
      name: c.name,
      namespace: ENV,
      tag: TAG3,
      states: [{ phase: 'Degraded', revision: 3 }],
    });
    expect({ code: res.code, said: lastLine(res.stderr) }).toEqual({
      code: 1,
      said: `deploy: the canary of ${TAG3} was aborted; ${ENV} runs the stable version`,
    });
    expect(printed).toEqual(written);
  });

  it(`rollback.sh mid-canary (${TAG4}) aborts it, and the waiting deploy.sh reports the abort`, async () => {
    const deploy = background(repo, 'deploy.sh', [ENV, TAG4]);
    await deploy.printed(firstLook(c.name));
    const paused = await actAsArgoRollouts(ENV, c.name, {
      phase: 'Paused',
      step: 1,
    });
    await deploy.printed(lineRegExp(rolloutLine(c.name, paused)));
    const { generation } = (await rolloutObject(ENV, c.name)).metadata;

    const back = await script(repo, 'rollback.sh', [ENV]);
    expectSuccess(
      back,
      `rollback: the canary of ${c.name} in ${ENV} was aborted`,
    );
    // status.abort for Argo Rollouts, the spec (the new version) untouched
    const ro = await rolloutObject(ENV, c.name);
    expect({
      abort: ro.status.abort,
      phase: ro.status.phase,
      generation: ro.metadata.generation,
      image: ro.spec.template.spec.containers[0].image,
    }).toEqual({
      abort: true,
      phase: 'Paused',
      generation,
      image: `${REGISTRY}/${c.name}:${TAG4}`,
    });

    // Argo Rollouts aborts: the stable pods take over, the Rollout is Degraded
    const aborted = await actAsArgoRollouts(ENV, c.name, {
      phase: 'Degraded',
      revision: 4,
    });
    const res = await deploy.ended;
    expect({ code: res.code, said: lastLine(res.stderr) }).toEqual({
      code: 1,
      said: `deploy: the canary of ${TAG4} was aborted; ${ENV} runs the stable version`,
    });
    expect(rolloutLines(res.stdout, c.name, paused.currentPodHash)).toEqual([
      rolloutLine(c.name, paused),
      rolloutLine(c.name, aborted),
    ]);
  });
});

describe(`${CANARY_KUSTOMIZE} (kustomize, pipeline, canary) in production: the test acts as Argo Rollouts`, () => {
  // the twin deploys the service name of CANARY: to production, beside it
  const name = CANARY.name;
  const namespace = 'production';
  let repo = '';

  beforeAll(() => {
    repo = checkout(CANARY_KUSTOMIZE);
  });

  it(`deploys ${TAG1}, the first version: applies the overlay and waits until the Rollout is Healthy`, async () => {
    const { res, written, printed } = await deployCanary({
      repo,
      name,
      namespace,
      tag: TAG1,
      states: [{ phase: 'Healthy' }],
    });
    expectSuccess(res, `deploy: ${name} ${TAG1} is live in ${namespace}`);
    expect(printed).toEqual(written);
    expect(await rolloutImage(namespace, name)).toBe(
      `${REGISTRY}/${name}:${TAG1}`,
    );
  });

  it(`deploys ${TAG2} as a canary: waits through its steps until it is promoted`, async () => {
    const { res, written, printed } = await deployCanary({
      repo,
      name,
      namespace,
      tag: TAG2,
      states: [{ phase: 'Paused', step: 1 }, { phase: 'Healthy' }],
    });
    expectSuccess(res, `deploy: ${name} ${TAG2} is live in ${namespace}`);
    expect(printed).toEqual(written);
    expect(await rolloutImage(namespace, name)).toBe(
      `${REGISTRY}/${name}:${TAG2}`,
    );
  });
});

/** The state of an Argo CD Application as its application controller reports it. */
type ApplicationState = {
  /** The commit Argo CD compared (and synced) the Application with. */
  revision: string;
  sync: 'Synced' | 'OutOfSync';
  health: 'Healthy' | 'Progressing' | 'Degraded';
};

/**
 * What Argo CD's application controller writes after a refresh: the
 * Application's status (its CRD has no status subresource: the object
 * itself, as the controller's field manager).
 */
async function actAsArgoCd(app: string, state: ApplicationState) {
  const application = JSON.parse(
    (await kubectl(['-n', 'argocd', 'get', 'application', app, '-o', 'json']))
      .stdout,
  );
  const { source, destination } = application.spec;
  const status = {
    sync: {
      status: state.sync,
      revision: state.revision,
      comparedTo: { source, destination },
    },
    health: { status: state.health, lastTransitionTime: now() },
    reconciledAt: now(),
    sourceType: source.helm ? 'Helm' : 'Kustomize',
  };
  await kubectl([
    '-n',
    'argocd',
    'patch',
    'application',
    app,
    '--type=merge',
    `--patch=${JSON.stringify({ status })}`,
    '--field-manager=argocd-application-controller',
  ]);
}

/** git in `cwd`, with the run's settings; fails with its output. */
function git(cwd: string, args: string[]) {
  return ok('git', args, { cwd, env });
}

describe.each(GITOPS)(
  '$name ($packaging, argocd, rolling): the test acts as Argo CD',
  c => {
    const app = `${c.name}-${ENV}`;
    const helm = c.packaging === 'helm';
    /** The file deploy.sh commits the tag to. */
    const file = helm
      ? `chart/values-${ENV}.yaml`
      : `k8s/overlays/${ENV}/kustomization.yaml`;
    /** The repository the pipeline pushes to (bare). */
    let remote = '';
    /** The pipeline's checkout of it. */
    let repo = '';
    /**
     * The settings of the GitLab pipeline's deploy jobs: where it pushes, its
     * default branch, and its ECR_REGISTRY (the registry the overlay was
     * rendered with, which is deploy.sh's default).
     */
    const pipeline = (): NodeJS.ProcessEnv => ({
      GITOPS_PUSH_URL: remote,
      GITOPS_BRANCH: 'main',
      ECR_REGISTRY: '',
    });
    /** The tag the repository was rendered with. */
    let renderedTag = '';

    beforeAll(async () => {
      const seed = checkout(c.name);
      await git(seed, ['init', '--quiet', '--initial-branch=main']);
      await git(seed, ['add', '--all']);
      await git(seed, [
        '-c',
        'user.name=Runway',
        '-c',
        'user.email=runway@example.invalid',
        'commit',
        '--quiet',
        '--message=Create the service from the Runway template',
      ]);
      remote = path.join(work, `${c.name}.git`);
      await git(work, ['clone', '--quiet', '--bare', seed, remote]);
      repo = path.join(work, `${c.name}-pipeline`);
      await git(work, ['clone', '--quiet', remote, repo]);
      renderedTag = await tagAt('main');
      await kubectl([
        'apply',
        '--server-side',
        '-f',
        path.join(repo, 'argocd', 'applications.yaml'),
      ]);
    });

    /** The newest commit of the remote's main. */
    async function head() {
      return (await git(remote, ['rev-parse', 'main'])).stdout.trim();
    }

    /**
     * The remote's `rev`: the image tag `file` holds, and what the
     * environment deploys besides the tag: the values file (as YAML), or
     * the overlay as kustomize builds it (`kustomize edit` writes the file
     * in its own layout).
     */
    async function contentAt(rev: string) {
      const doc = parse((await git(remote, ['show', `${rev}:${file}`])).stdout);
      if (helm) {
        const { tag, ...image } = doc.image;
        return { tag: String(tag), rest: { ...doc, image } };
      }
      const { newName, newTag } = doc.images.find(
        (i: { name: string }) => i.name === c.name,
      );
      const tree = fs.mkdtempSync(path.join(work, `${c.name}-tree-`));
      await ok(
        'sh',
        ['-c', 'git archive "$1" | tar -x -C "$2"', 'sh', rev, tree],
        {
          cwd: remote,
          env,
        },
      );
      const built = await ok(tool.kustomize, ['build', `k8s/overlays/${ENV}`], {
        cwd: tree,
      });
      return {
        tag: String(newTag),
        rest: built.stdout
          .split(`image: ${newName}:${newTag}\n`)
          .join(`image: ${newName}:<tag>\n`),
      };
    }

    async function tagAt(rev: string) {
      return (await contentAt(rev)).tag;
    }

    /**
     * A commit of the remote: its parents, subject, the files it changes,
     * the image tag before and after, and whether it changes anything else
     * (contentAt).
     */
    async function commit(rev: string) {
      const [parents, subject] = (
        await git(remote, ['show', '--no-patch', '--format=%P%n%s', rev])
      ).stdout.split('\n');
      const files = (
        await git(remote, [
          'diff-tree',
          '--no-commit-id',
          '--name-only',
          '-r',
          rev,
        ])
      ).stdout
        .trim()
        .split('\n');
      const before = await contentAt(`${rev}^`);
      const after = await contentAt(rev);
      return {
        parents: parents.split(' '),
        subject,
        files,
        tag: { from: before.tag, to: after.tag },
        rest: isDeepStrictEqual(before.rest, after.rest)
          ? 'unchanged'
          : { before: before.rest, after: after.rest },
      };
    }

    /** Waits for the commit the script pushes over `before`. */
    function pushed(deploying: Background, before: string) {
      return until(`a commit pushed over ${before}`, async () => {
        const newest = await head();
        if (newest !== before) return newest;
        const ended = deploying.exited();
        if (ended) {
          throw new Error(
            `exited ${ended.code} before pushing\n${ended.stdout}\n${ended.stderr}`,
          );
        }
        return undefined;
      });
    }

    /** deploy.sh <tag>; Argo CD syncs the commit it pushes, with that health. */
    async function deploy(tag: string, health: ApplicationState['health']) {
      const before = await head();
      const deploying = background(repo, 'deploy.sh', [ENV, tag], pipeline());
      const revision = await pushed(deploying, before);
      await actAsArgoCd(app, { revision, sync: 'Synced', health });
      return { before, revision, res: await deploying.ended };
    }

    it(`deploys ${TAG1}: commits the tag, and waits until Argo CD has synced that commit and it is healthy`, async () => {
      const { before, revision, res } = await deploy(TAG1, 'Healthy');
      expectSuccess(res, `deploy: ${c.name} ${TAG1} is live in ${ENV}`);
      expect(res.stdout).toContain(
        `deploy: ${ENV} is ${revision}; waiting for Argo CD (argocd/${app})\n`,
      );
      expect(await commit(revision)).toEqual({
        parents: [before],
        subject: `deploy ${c.name} ${TAG1} to ${ENV} [skip ci]`,
        files: [file],
        tag: { from: renderedTag, to: TAG1 },
        rest: 'unchanged',
      });
    });

    it(`deploys ${TAG1} again: no commit, and it is live`, async () => {
      const before = await head();
      const res = await script(repo, 'deploy.sh', [ENV, TAG1], pipeline());
      expectSuccess(res, `deploy: ${c.name} ${TAG1} is live in ${ENV}`);
      expect(res.stdout).toContain(`deploy: ${ENV} already runs ${TAG1}\n`);
      expect(await head()).toBe(before);
    });

    it(`deploys ${TAG2} over it`, async () => {
      const { before, revision, res } = await deploy(TAG2, 'Healthy');
      expectSuccess(res, `deploy: ${c.name} ${TAG2} is live in ${ENV}`);
      expect(await commit(revision)).toEqual({
        parents: [before],
        subject: `deploy ${c.name} ${TAG2} to ${ENV} [skip ci]`,
        files: [file],
        tag: { from: TAG1, to: TAG2 },
        rest: 'unchanged',
      });
    });

    it(`rollback.sh reverts the deploy of ${TAG2}: ${TAG1} again`, async () => {
      const before = await head();
      const res = await script(repo, 'rollback.sh', [ENV], pipeline());
      expectSuccess(
        res,
        `rollback: reverted ${before}; Argo CD syncs the previous tag`,
      );
      const revision = await head();
      expect(await commit(revision)).toEqual({
        parents: [before],
        subject: `roll back ${c.name} in ${ENV} (revert ${before.slice(
          0,
          7,
        )}) [skip ci]`,
        files: [file],
        tag: { from: TAG2, to: TAG1 },
        rest: 'unchanged',
      });
      // Argo CD syncs it
      await actAsArgoCd(app, { revision, sync: 'Synced', health: 'Healthy' });
    });

    it(`fails the deploy of ${TAG3} when Argo CD reports it Degraded`, async () => {
      const { revision, res } = await deploy(TAG3, 'Degraded');
      expect({ code: res.code, said: lastLine(res.stderr) }).toEqual({
        code: 1,
        said: `deploy: ${app} is degraded on ${revision}`,
      });
      expect(await tagAt(revision)).toBe(TAG3);
    });

    it(`deploys ${TAG4} after it: the degraded state of the commit before is not this deploy's`, async () => {
      const before = await head();
      const deploying = background(repo, 'deploy.sh', [ENV, TAG4], pipeline());
      const revision = await pushed(deploying, before);
      // deploy.sh's first look: Argo CD has not seen the commit yet
      await deploying.printed(
        new RegExp(`^deploy: ${escapeRegExp(app)}: `, 'm'),
      );
      // it refreshes: the commit is out of sync, the live objects are still
      // the degraded version's; then it syncs and the new version is healthy
      await actAsArgoCd(app, {
        revision,
        sync: 'OutOfSync',
        health: 'Degraded',
      });
      await deploying.printed(
        lineRegExp(`deploy: ${app}: ${revision} OutOfSync Degraded`),
      );
      await actAsArgoCd(app, { revision, sync: 'Synced', health: 'Healthy' });
      expectSuccess(
        await deploying.ended,
        `deploy: ${c.name} ${TAG4} is live in ${ENV}`,
      );
      expect(await tagAt(revision)).toBe(TAG4);
    });
  },
);
