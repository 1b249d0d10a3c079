/**
 * Production config stands alone: the files the image's CMD names, merged
 * by Backstage's loader, hold no development value (DEVELOPMENT_VALUES: each
 * kind with the reason), state what production needs, and are documented
 * key by key in docs/operating.md. The development config, and a production
 * that would also load app-config.development.yaml, fail the same check
 * with the development values named.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEVELOPMENT_CONFIG } from '../harness/backend';
import { ROOT, runDir } from '../harness/processes';
import {
  configLeaves,
  configNodes,
  DEVELOPMENT_VALUES,
  deploymentArgs,
  describeFindings,
  developmentValues,
  dockerfileCmd,
  documentedKeys,
  Json,
  loadConfig,
  productionConfigFiles,
} from './productionConfig';

jest.setTimeout(180_000);

/** `get(config, 'a.b')`; keys may hold dashes (`connect-src`). */
function get(config: Json, key: string): Json | undefined {
  let value: Json | undefined = config;
  for (const k of key.split('.')) {
    value =
      value && typeof value === 'object' && !Array.isArray(value)
        ? value[k]
        : undefined;
  }
  return value;
}

describe("production config, as Runway's image loads it", () => {
  let config: { [key: string]: Json };
  let envVars: string[];

  beforeAll(async () => {
    ({ config, envVars } = await loadConfig(productionConfigFiles()));
    const printed = JSON.stringify(config, null, 2);
    const file = path.join(
      runDir('deploy-production-config'),
      'production.json',
    );
    fs.writeFileSync(file, `${printed}\n`);
    // eslint-disable-next-line no-console
    console.log(
      `Production config (${productionConfigFiles().join(
        ' + ',
      )}; each variable shown as its \${NAME}), also in ${file}:\n${printed}`,
    );
  });

  it('is the base file and the production file, in the image CMD and the Deployment alike', () => {
    expect(productionConfigFiles()).toEqual([
      'app-config.yaml',
      'app-config.production.yaml',
    ]);
    expect(deploymentArgs()).toEqual(dockerfileCmd());
    // the image holds no other config file (no development file to load by mistake)
    const dockerfile = fs.readFileSync(
      path.join(ROOT, 'packages', 'backend', 'Dockerfile'),
      'utf8',
    );
    const copied = [...dockerfile.matchAll(/^COPY .*$/gm)].flatMap(m =>
      m[0].split(/\s+/).filter(word => word.startsWith('app-config')),
    );
    expect(copied).toEqual(productionConfigFiles());
  });

  it('holds no development value', () => {
    expect(describeFindings(developmentValues(config))).toEqual([]);
  });

  it('states what production needs', () => {
    const expected: [string, Json][] = [
      ['backend.database.client', 'pg'],
      ['auth.environment', 'production'],
      ['runway.signIn.providers', ['oidc']],
      ['backend.csp.connect-src', ["'self'"]],
      ['eks.sampleEksData', false],
      ['eks.clusters', []],
      ['eks.discovery.enabled', true],
      ['eks.discovery.regions', ['${AWS_REGION}']],
      ['slo.sampleData', false],
      ['awsCost.sources.costExplorer.enabled', true],
      ['techdocs.builder', 'external'],
      ['techdocs.publisher.type', 'awsS3'],
      ['runwayTemplates.publish.provider', 'github'],
      ['decisions.refreshMinutes', 10],
      ['search.collators.techdocs.schedule.frequency', { minutes: 10 }],
      ['search.collators.catalog.schedule.frequency', { minutes: 10 }],
    ];
    expect(
      expected.map(([key]) => [key, get(config, key) ?? 'missing']),
    ).toEqual(expected);
    expect(Object.keys(get(config, 'auth.providers') as object)).toEqual([
      'oidc',
    ]);
    expect(get(config, 'auth.providers.oidc.production.metadataUrl')).toBe(
      '${AUTH_OIDC_METADATA_URL}',
    );
    expect(get(config, 'awsCost.sources.sample')).toBeUndefined();
    // every URL and host comes from the environment
    for (const key of [
      'app.baseUrl',
      'backend.baseUrl',
      'backend.cors.origin',
      'backend.database.connection.host',
    ]) {
      expect(get(config, key)).toMatch(/^\$\{[A-Z0-9_]+\}$/);
    }
  });

  it('gives the value rules something to check', () => {
    const strings = configNodes(config).filter(
      n => typeof n.value === 'string',
    );
    expect(strings.length).toBeGreaterThan(40);
    // what the loopback rule reads: every URL the backend and the app use
    expect(strings.map(n => n.value)).toEqual(
      expect.arrayContaining([
        '${RUNWAY_BASE_URL}',
        '${SLO_PROMETHEUS_PRODUCTION_URL}',
        '${AUTH_OIDC_METADATA_URL}',
      ]),
    );
    expect(envVars).toEqual(
      expect.arrayContaining(['POSTGRES_HOST', 'BACKEND_SECRET', 'AWS_REGION']),
    );
  });

  it('is documented key by key in docs/operating.md, with the variables each reads', () => {
    const rows = documentedKeys(
      fs.readFileSync(path.join(ROOT, 'docs', 'operating.md'), 'utf8'),
    );
    const rowKeys = rows.map(r => r.key);
    expect(rowKeys.filter((k, i) => rowKeys.indexOf(k) !== i)).toEqual([]);
    const covering = (leaf: string) =>
      rows
        .filter(r => leaf === r.key || leaf.startsWith(`${r.key}.`))
        .sort((a, b) => b.key.length - a.key.length)[0];
    const leaves = configLeaves(config);
    expect(leaves.filter(l => !covering(l.key)).map(l => l.key)).toEqual([]);
    // no row for a key production does not have
    expect(
      rows
        .filter(r => !leaves.some(l => covering(l.key) === r))
        .map(r => r.key),
    ).toEqual([]);
    // each row names exactly the variables of the keys it covers
    const envOfRow = new Map<string, Set<string>>();
    for (const leaf of leaves) {
      const row = covering(leaf.key)!;
      const set = envOfRow.get(row.key) ?? new Set<string>();
      leaf.envVars.forEach(v => set.add(v));
      envOfRow.set(row.key, set);
    }
    expect(rows.map(r => [r.key, r.envVars])).toEqual(
      rows.map(r => [r.key, [...(envOfRow.get(r.key) ?? [])].sort()]),
    );
  });
});

describe('the check on development config', () => {
  it('fails on the development config (as yarn start loads it), naming every kind of development value', async () => {
    const { config } = await loadConfig([...DEVELOPMENT_CONFIG]);
    const findings = developmentValues(config);
    // every rule finds something: none of them can pass for want of a key
    expect(
      DEVELOPMENT_VALUES.filter(
        rule => !findings.some(f => f.rule === rule),
      ).map(rule => `${rule.key}: ${rule.reason}`),
    ).toEqual([]);
    const found = describeFindings(findings);
    for (const expected of [
      'backend.database.client = "better-sqlite3"',
      'backend.database.connection.directory = "../../.runway/sqlite"',
      'backend.listen.host = "127.0.0.1"',
      'backend.csp.connect-src = ["\'self\'","http:","https:"]',
      'auth.providers.guest = {"userEntityRef":"user:default/guest"}',
      'runway.signIn.providers[0] = "guest"',
      'eks.sampleEksData = true',
      'eks.clusters[0].url = "https://127.0.0.1:16443"',
      'eks.clusters[0].auth.tokenFile = "../../.runway/k8s/eks-staging-euw1/reader.token"',
      'slo.prometheus[0].url = "http://127.0.0.1:19090"',
      'slo.sampleData = true',
      'awsCost.sources.sample.enabled = true',
      'search.collators.techdocs.schedule.frequency = {"minutes":2}',
      'decisions.refreshMinutes = 5',
      'techdocs.builder = "local"',
      'runwayTemplates.publish.provider: missing',
    ]) {
      expect(found).toContainEqual(expect.stringContaining(expected));
    }
  });

  it('fails on a production that also loads app-config.development.yaml, naming what leaks', async () => {
    const { config } = await loadConfig([
      'app-config.yaml',
      'app-config.development.yaml',
      'app-config.production.yaml',
    ]);
    const found = describeFindings(developmentValues(config));
    for (const expected of [
      'auth.providers.guest = {"userEntityRef":"user:default/guest"}',
      'backend.database.connection.directory = "../../.runway/sqlite"',
      'awsCost.sources.sample.enabled = true',
      'runway.permissions.roles.ops[1] = "user:default/guest"',
      'techdocs.generator = ',
      'techdocs.publisher.local.publishDirectory = "../../.runway/techdocs"',
    ]) {
      expect(found).toContainEqual(expect.stringContaining(expected));
    }
  });
});
