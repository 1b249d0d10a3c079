/**
 * Runway's configuration as each environment loads it, and the rules that
 * tell a development value from a production one
 * (docs/adr/0014-base-development-and-production-config.md).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../harness/processes';

export type Json =
  | string
  | number
  | boolean
  | null
  | Json[]
  | { [key: string]: Json };

/** `${VAR}` references of a config file, and whether each has a `:-` fallback. */
export function configEnvRefs(text: string): Map<string, boolean> {
  const refs = new Map<string, boolean>();
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    for (const m of line.matchAll(/(?<!\$)\$\{([A-Z0-9_]+)(:-[^}]*)?\}/g)) {
      refs.set(m[1], Boolean(m[2]) || (refs.get(m[1]) ?? false));
    }
  }
  return refs;
}

/** The `--config` files of a command line, in order. */
export function configArgs(command: string[]): string[] {
  return command.flatMap((arg, i) =>
    i > 0 && command[i - 1] === '--config' ? [arg] : [],
  );
}

/** The image's CMD (packages/backend/Dockerfile), as an argument list. */
export function dockerfileCmd(): string[] {
  const dockerfile = fs.readFileSync(
    path.join(ROOT, 'packages', 'backend', 'Dockerfile'),
    'utf8',
  );
  const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(dockerfile);
  if (!cmd) throw new Error('packages/backend/Dockerfile has no CMD [...]');
  return JSON.parse(cmd[1]);
}

/** The args of the backend container of k8s/base/deployment.yaml. */
export function deploymentArgs(): string[] {
  const deployment = parse(
    fs.readFileSync(path.join(ROOT, 'k8s', 'base', 'deployment.yaml'), 'utf8'),
  );
  return deployment.spec.template.spec.containers[0].args;
}

/** The config files production loads: the image's CMD. */
export function productionConfigFiles(): string[] {
  return configArgs(dockerfileCmd());
}

/**
 * The config files merged by Backstage's own loader (`backstage-cli
 * config:print`, secrets included), with each environment variable the
 * files read set to its own `${NAME}`, so the result shows which key reads
 * which variable and holds no secret. No other environment reaches the
 * loader (no APP_CONFIG_* overrides).
 */
export async function loadConfig(files: string[]): Promise<{
  config: { [key: string]: Json };
  envVars: string[];
}> {
  const envVars = [
    ...new Set(
      files.flatMap(file => [
        ...configEnvRefs(fs.readFileSync(path.join(ROOT, file), 'utf8')).keys(),
      ]),
    ),
  ].sort();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
  };
  for (const name of envVars) env[name] = `\${${name}}`;
  const cli = path.join(
    path.dirname(require.resolve('@backstage/cli/package.json')),
    'bin',
    'backstage-cli',
  );
  const args = [
    cli,
    'config:print',
    '--with-secrets',
    '--format',
    'json',
    ...files.flatMap(file => ['--config', path.join(ROOT, file)]),
  ];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (error, out, err) =>
        error
          ? reject(new Error(`config:print ${files.join(' ')}: ${err}`))
          : resolve(out),
    );
  });
  return { config: JSON.parse(stdout), envVars };
}

/** One node of a config: its key path and value. */
export type ConfigNode = { path: string[]; value: Json };

/** Every node of a config (objects and arrays too), depth first. */
export function configNodes(value: Json, at: string[] = []): ConfigNode[] {
  const nodes: ConfigNode[] = at.length ? [{ path: at, value }] : [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => nodes.push(...configNodes(v, [...at, String(i)])));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      nodes.push(...configNodes(v, [...at, k]));
    }
  }
  return nodes;
}

/** `a.b[0].c` */
export function keyName(keyPath: string[]): string {
  return keyPath
    .map(k => (/^\d+$/.test(k) ? `[${k}]` : `.${k}`))
    .join('')
    .replace(/^\./, '');
}

/** Whether a key path matches a pattern: `*` one key or index, `**` any depth. */
export function matches(pattern: string[], keyPath: string[]): boolean {
  if (pattern.length === 0) return keyPath.length === 0;
  const [head, ...rest] = pattern;
  if (head === '**') {
    for (let i = 0; i <= keyPath.length; i++) {
      if (matches(rest, keyPath.slice(i))) return true;
    }
    return false;
  }
  return (
    keyPath.length > 0 &&
    (head === '*' || head === keyPath[0]) &&
    matches(rest, keyPath.slice(1))
  );
}

/** A duration object of the scheduler ({ minutes: 2 }) in milliseconds. */
function durationMs(value: Json): number | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const unit: Record<string, number> = {
    milliseconds: 1,
    seconds: 1000,
    minutes: 60_000,
    hours: 3_600_000,
    days: 86_400_000,
    weeks: 604_800_000,
  };
  let ms = 0;
  for (const [k, v] of Object.entries(value)) {
    if (!(k in unit) || typeof v !== 'number') return undefined;
    ms += v * unit[k];
  }
  return ms;
}

const text = (value: Json) => (typeof value === 'string' ? value : '');

/** A way a development setting shows in a merged config. */
export type Rule = {
  /** Key pattern, dot-separated: `*` one key or index, `**` any depth. */
  key: string;
  /** Why a match is development configuration. */
  reason: string;
  /** Whether the value (at the key path) is a development value. */
  isDev(value: Json, keyPath: string[]): boolean;
  /**
   * Production must have a key matching `key` (a missing one is reported):
   * production states the setting instead of inheriting a default, and the
   * rule cannot pass because it found nothing to check.
   */
  required?: boolean;
};

const TEN_MINUTES = 10 * 60_000;

/**
 * Development values that must never reach production. Every rule finds
 * something in the development config (the tests check that too).
 */
export const DEVELOPMENT_VALUES: Rule[] = [
  {
    key: '**',
    reason:
      'a loopback address: a service on the developer machine (local clusters, local Prometheus, the frontend dev server)',
    isDev: v =>
      /(^|[^\w.-])(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[::1\])([^\w.-]|$)/i.test(
        text(v),
      ),
  },
  {
    key: '**',
    reason:
      'the development state folder .runway/ (SQLite files, the local clusters’ CA and token files, TechDocs output, local git repositories)',
    isDev: v => /(^|[\\/])\.runway([\\/]|$)/.test(text(v)),
  },
  {
    key: '**',
    reason: 'guest sign-in or the guest user (development only)',
    isDev: (v, keyPath) =>
      keyPath[keyPath.length - 1] === 'guest' || /\bguest\b/i.test(text(v)),
  },
  {
    key: 'backend.database.client',
    reason:
      'not PostgreSQL: development keeps one SQLite file per plugin, production replicas share one database',
    isDev: v => v !== 'pg',
    required: true,
  },
  {
    key: 'backend.csp.connect-src',
    reason:
      'the development CSP: the browser may connect to any http(s) origin (the dev server on :3000 calls the backend on :7007)',
    isDev: v =>
      Array.isArray(v) &&
      v.some(s => ['http:', 'https:', '*'].includes(s as string)),
    required: true,
  },
  {
    key: 'auth.environment',
    reason:
      'not the production auth environment (providers would read their development settings)',
    isDev: v => v !== 'production',
    required: true,
  },
  {
    key: 'eks.sampleEksData',
    reason:
      'the sample EKS data source: node groups, insights and add-ons made up for the sample clusters',
    isDev: v => v !== false,
    required: true,
  },
  {
    key: 'eks.clusters.*.auth.tokenFile',
    reason:
      'a service-account token file: the local clusters of make dev (scripts/dev.d/eks.sh); production reads clusters with AWS auth',
    isDev: () => true,
  },
  {
    key: 'slo.sampleData',
    reason: 'SLO history labelled as the generated sample of make dev',
    isDev: v => v !== false,
    required: true,
  },
  {
    key: 'awsCost.sources.sample.enabled',
    reason: 'the generated sample cost data set',
    isDev: v => v === true,
  },
  {
    key: 'search.collators.*.schedule.frequency',
    reason:
      'a development indexing cadence (TechDocs every 2 minutes, for the docs make dev builds at start-up)',
    isDev: v => (durationMs(v) ?? TEN_MINUTES) < TEN_MINUTES,
    required: true,
  },
  {
    key: 'decisions.refreshMinutes',
    reason:
      'the development refresh of the ADR and runbook index (every 5 minutes)',
    isDev: v => typeof v === 'number' && v < 10,
    required: true,
  },
  {
    key: 'techdocs.builder',
    reason:
      'docs built inside the backend (development); production serves what CI published',
    isDev: v => v !== 'external',
    required: true,
  },
  {
    key: 'techdocs.publisher.type',
    reason: 'docs published to a folder of the backend’s own disk',
    isDev: v => v === 'local',
    required: true,
  },
  {
    key: 'techdocs.generator',
    reason: 'mkdocs settings of the local docs builder (development)',
    isDev: () => true,
  },
  {
    key: 'catalog.locations.*.target',
    reason:
      'a development catalog file: the sample services or the guest user (catalog/samples/, catalog/dev/)',
    isDev: v => /(^|\/)catalog\/(samples|dev)\//.test(text(v)),
    required: true,
  },
  {
    key: 'catalog.locations.*.target',
    reason:
      'the development golden-path template, which publishes to local bare repositories (production registers template.production.yaml)',
    isDev: v => /(^|\/)templates\/microservice\/template\.yaml$/.test(text(v)),
    required: true,
  },
  {
    key: 'runwayTemplates.publish.provider',
    reason:
      'publishing new repositories to local bare git repositories (runway:publish:local, the default when unset)',
    isDev: v => v === 'local',
    required: true,
  },
];

/** One development value found in a config. */
export type Finding = { key: string; value?: Json; reason: string; rule: Rule };

/** The development values of a merged config, by the rules; missing required keys too. */
export function developmentValues(
  config: Json,
  rules: Rule[] = DEVELOPMENT_VALUES,
): Finding[] {
  const nodes = configNodes(config);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const pattern = rule.key.split('.');
    const matching = nodes.filter(n => matches(pattern, n.path));
    if (rule.required && matching.length === 0) {
      findings.push({ key: rule.key, reason: `missing: ${rule.reason}`, rule });
    }
    for (const node of matching) {
      if (rule.isDev(node.value, node.path)) {
        findings.push({
          key: keyName(node.path),
          value: node.value,
          reason: rule.reason,
          rule,
        });
      }
    }
  }
  return findings;
}

/** `key = value: reason`, one line per finding. */
export function describeFindings(findings: Finding[]): string[] {
  return findings.map(
    f =>
      `${f.key}${
        f.value === undefined ? '' : ` = ${JSON.stringify(f.value)}`
      }: ${f.reason}`,
  );
}

/** A row of the production key table of docs/operating.md. */
export type DocumentedKey = { key: string; envVars: string[] };

/**
 * The rows of the table under `## Every production key` in docs/operating.md:
 * the key (first column, in backticks) and the variables it reads (second
 * column, in backticks; `-` for none).
 */
export function documentedKeys(markdown: string): DocumentedKey[] {
  const section = markdown
    .split(/^## /m)
    .find(s => s.startsWith('Every production key'));
  if (!section)
    throw new Error('docs/operating.md has no "## Every production key"');
  const rows: DocumentedKey[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map(c => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[1] ?? '');
    if (!line.startsWith('|') || !key) continue;
    rows.push({
      key: key[1],
      envVars: [...(cells[2] ?? '').matchAll(/`([A-Z0-9_]+)`/g)]
        .map(m => m[1])
        .sort(),
    });
  }
  return rows;
}

/**
 * The keys a table must document: every leaf, an array or an empty object
 * counting as one leaf; each with the variables it reads.
 */
export function configLeaves(
  config: Json,
): { key: string; path: string[]; envVars: string[] }[] {
  return configNodes(config)
    .filter(n => !n.path.some(k => /^\d+$/.test(k)))
    .filter(
      n =>
        n.value === null ||
        typeof n.value !== 'object' ||
        Array.isArray(n.value) ||
        Object.keys(n.value).length === 0,
    )
    .map(n => ({
      key: n.path.join('.'),
      path: n.path,
      envVars: [
        ...new Set(
          [...JSON.stringify(n.value).matchAll(/\$\{([A-Z0-9_]+)\}/g)].map(
            m => m[1],
          ),
        ),
      ].sort(),
    }));
}
