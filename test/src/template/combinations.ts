/**
 * The template combinations the proof suite renders: every language x CI
 * provider once, with the database, queue, exposure, tier and delivery
 * options (packaging, deploy, release) spread so that each value appears at
 * least once (twice for most), and every delivery option with every CI
 * provider.
 */
export type Combination = {
  name: string;
  language: 'typescript' | 'python' | 'go';
  ci: 'github-actions' | 'gitlab-ci' | 'jenkins';
  tier: '1' | '2' | '3';
  database: 'none' | 'postgres';
  queue: 'none' | 'sqs' | 'rabbitmq';
  exposure: 'internal' | 'public';
  packaging: 'kustomize' | 'helm';
  deploy: 'pipeline' | 'argocd';
  release: 'rolling' | 'canary';
};

const rows: Omit<Combination, 'name'>[] = [
  {
    language: 'typescript',
    ci: 'github-actions',
    tier: '1',
    database: 'postgres',
    queue: 'sqs',
    exposure: 'public',
    packaging: 'helm',
    deploy: 'pipeline',
    release: 'rolling',
  },
  {
    language: 'typescript',
    ci: 'gitlab-ci',
    tier: '2',
    database: 'none',
    queue: 'rabbitmq',
    exposure: 'internal',
    packaging: 'kustomize',
    deploy: 'argocd',
    release: 'canary',
  },
  {
    language: 'typescript',
    ci: 'jenkins',
    tier: '3',
    database: 'none',
    queue: 'none',
    exposure: 'internal',
    packaging: 'kustomize',
    deploy: 'pipeline',
    release: 'rolling',
  },
  {
    language: 'python',
    ci: 'github-actions',
    tier: '2',
    database: 'postgres',
    queue: 'none',
    exposure: 'internal',
    packaging: 'kustomize',
    deploy: 'argocd',
    release: 'canary',
  },
  {
    language: 'python',
    ci: 'gitlab-ci',
    tier: '1',
    database: 'none',
    queue: 'sqs',
    exposure: 'public',
    packaging: 'helm',
    deploy: 'argocd',
    release: 'rolling',
  },
  {
    language: 'python',
    ci: 'jenkins',
    tier: '3',
    database: 'postgres',
    queue: 'rabbitmq',
    exposure: 'internal',
    packaging: 'helm',
    deploy: 'argocd',
    release: 'canary',
  },
  {
    language: 'go',
    ci: 'github-actions',
    tier: '2',
    database: 'none',
    queue: 'none',
    exposure: 'public',
    packaging: 'kustomize',
    deploy: 'pipeline',
    release: 'rolling',
  },
  {
    language: 'go',
    ci: 'gitlab-ci',
    tier: '3',
    database: 'postgres',
    queue: 'sqs',
    exposure: 'internal',
    packaging: 'kustomize',
    deploy: 'argocd',
    release: 'rolling',
  },
  {
    language: 'go',
    ci: 'jenkins',
    tier: '1',
    database: 'none',
    queue: 'rabbitmq',
    exposure: 'public',
    packaging: 'helm',
    deploy: 'pipeline',
    release: 'canary',
  },
];

const short = { typescript: 'ts', python: 'py', go: 'go' } as const;
const ciShort = {
  'github-actions': 'gha',
  'gitlab-ci': 'gl',
  jenkins: 'jk',
} as const;

export const COMBINATIONS: Combination[] = rows.map(r => ({
  ...r,
  name: `proof-${short[r.language]}-${ciShort[r.ci]}`,
}));

/** The form values of a combination. */
export function formValues(c: Combination, description?: string) {
  return {
    name: c.name,
    description:
      description ??
      `Proof service (${c.language}, ${c.ci}): "quoted" text, a colon: and a #hash`,
    owner: 'group:default/team-checkout',
    system: 'system:default/storefront',
    language: c.language,
    ci: c.ci,
    tier: c.tier,
    database: c.database,
    queue: c.queue,
    exposure: c.exposure,
    packaging: c.packaging,
    deploy: c.deploy,
    release: c.release,
  };
}

/**
 * Where a combination's generated files are: the PrometheusRule that
 * runway:slo:rules writes, the Grafana dashboard, and the workload's kind.
 */
export function generatedPaths(c: Pick<Combination, 'packaging' | 'release'>) {
  const helm = c.packaging === 'helm';
  return {
    rules: helm
      ? 'chart/files/prometheusrule.yaml'
      : 'k8s/base/prometheusrule.yaml',
    dashboard: helm
      ? 'chart/files/grafana-dashboard.json'
      : 'k8s/base/grafana-dashboard.json',
    workloadKind: c.release === 'canary' ? 'Rollout' : 'Deployment',
  };
}

/**
 * The kinds a combination's manifests hold for one environment, sorted: the
 * kustomize overlays' (with their Namespace) or the chart's (without).
 */
export function expectedKinds(
  c: Combination,
  options: { namespace: boolean },
): string[] {
  const { workloadKind } = generatedPaths(c);
  return [
    'ConfigMap',
    workloadKind,
    ...(workloadKind === 'Rollout' ? ['AnalysisTemplate'] : []),
    'HorizontalPodAutoscaler',
    ...(options.namespace ? ['Namespace'] : []),
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
}
