/**
 * Proof of a generated service's Grafana dashboard (and canary analysis): a
 * real Prometheus scrapes the running service every second and evaluates the
 * service's generated recording rules (the PrometheusRule's spec.groups)
 * every second, then every panel target of the Grafana dashboard, and every
 * metric query of the canary's AnalysisTemplate when there is one, is
 * evaluated through Prometheus's HTTP API and must return a series.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startPrometheus } from '../harness/prometheus';

/** One panel target of the dashboard. */
export type DashboardTarget = { panel: string; refId: string; expr: string };

type Dashboard = {
  uid: string;
  panels: {
    title: string;
    targets?: { refId: string; expr: string }[];
  }[];
};

/** Where the generated files are (generatedPaths of combinations.ts). */
export type GeneratedFiles = { rules: string; dashboard: string };

/** The kustomize canary's AnalysisTemplate (a chart's equals it: helm.test.ts). */
const ANALYSIS_TEMPLATE = 'k8s/base/analysistemplate.yaml';

/** The generated dashboard of the service rendered in `dir`. */
export function readDashboard(dir: string, files: GeneratedFiles): Dashboard {
  return JSON.parse(fs.readFileSync(path.join(dir, files.dashboard), 'utf8'));
}

/** The metric queries of the canary's AnalysisTemplate, when `dir` has one. */
export function analysisTargets(dir: string): DashboardTarget[] {
  const file = path.join(dir, ANALYSIS_TEMPLATE);
  if (!fs.existsSync(file)) return [];
  const analysis = parse(fs.readFileSync(file, 'utf8'));
  return analysis.spec.metrics.map((m: any) => ({
    panel: `AnalysisTemplate ${analysis.metadata.name}`,
    refId: m.name,
    expr: m.provider.prometheus.query,
  }));
}

/** Every panel target, with Grafana's variables replaced by what Grafana would send. */
export function dashboardTargets(dashboard: Dashboard): DashboardTarget[] {
  const concrete: [RegExp, string][] = [
    [/\$__rate_interval/g, '1m'],
    [/\$__interval/g, '15s'],
    [/\$__range/g, '1h'],
    // "All" environments: the variable's allValue; outside Kubernetes no
    // series has a namespace label, and =~".*" matches an absent label
    [/\$env\b/g, '.*'],
  ];
  return dashboard.panels.flatMap(p =>
    (p.targets ?? []).map(t => ({
      panel: p.title,
      refId: t.refId,
      expr: concrete.reduce((e, [re, v]) => e.replace(re, v), t.expr),
    })),
  );
}

/**
 * The PrometheusRule's groups as a promtool rule file, every group evaluated
 * at the global interval (the SLO window's group says 5m in the cluster).
 */
export function ruleFileFromPrometheusRule(
  dir: string,
  files: GeneratedFiles,
): string {
  const rule = parse(fs.readFileSync(path.join(dir, files.rules), 'utf8'));
  const groups = (rule.spec.groups as Record<string, unknown>[]).map(
    ({ interval: _interval, ...group }) => group,
  );
  return stringify({ groups });
}

/**
 * Starts Prometheus scraping `target` (host:port) as job `name` with the
 * service's rules, keeps `traffic` going, and waits (up to `timeoutMs`) until
 * every panel target returns at least one series. Resolves to the targets
 * that never did (empty when the dashboard is proven).
 */
export async function proveDashboard(options: {
  dir: string;
  files: GeneratedFiles;
  tmpDir: string;
  name: string;
  target: string;
  traffic: () => Promise<void>;
  timeoutMs?: number;
}): Promise<{ empty: DashboardTarget[]; targets: DashboardTarget[] }> {
  const work = fs.mkdtempSync(path.join(options.tmpDir, 'dashboard-'));
  const rules = path.join(work, 'rules.yml');
  fs.writeFileSync(
    rules,
    ruleFileFromPrometheusRule(options.dir, options.files),
  );
  const targets = [
    ...dashboardTargets(readDashboard(options.dir, options.files)),
    ...analysisTargets(options.dir),
  ];
  const prometheus = await startPrometheus({
    dir: work,
    dataDir: path.join(work, 'data'),
    ruleFiles: [rules],
    evaluationInterval: '1s',
    scrapeConfigs: [
      {
        job_name: options.name,
        scrape_interval: '1s',
        metrics_path: '/metrics',
        static_configs: [{ targets: [options.target] }],
      },
    ],
  });
  try {
    let pending = targets;
    const deadline = Date.now() + (options.timeoutMs ?? 90_000);
    while (pending.length > 0 && Date.now() < deadline) {
      await options.traffic();
      const answered = await Promise.all(
        pending.map(async t => {
          const res = await fetch(
            `${prometheus.url}/api/v1/query?query=${encodeURIComponent(
              t.expr,
            )}`,
            { signal: AbortSignal.timeout(5000) },
          );
          const body = await res.json();
          if (body.status !== 'success') {
            throw new Error(
              `${t.panel} ${t.refId}: ${body.error ?? res.status}: ${t.expr}`,
            );
          }
          return body.data.result.length > 0;
        }),
      );
      pending = pending.filter((_, i) => !answered[i]);
      if (pending.length > 0) await new Promise(r => setTimeout(r, 500));
    }
    return { empty: pending, targets };
  } finally {
    await prometheus.stop();
  }
}
