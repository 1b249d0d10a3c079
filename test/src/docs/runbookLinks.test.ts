/*
 * Every alert's runbook_url lands on an existing TechDocs page and section:
 * Runway's own PrometheusRules and rule files in the repository, and the SLO
 * alerts that the SLO plugin generates from each slo.yaml. The docs are built
 * for real with the TechDocs venv's mkdocs and the anchors read from the HTML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { ROOT, runDir } from '../harness/processes';
import {
  checkRunbookLinks,
  docsSites,
  DocsBuilder,
  formatProblems,
  htmlIds,
  parseRunbookUrl,
  RunbookLink,
  runbookLinksInRepo,
  runbookLinksInYaml,
  yamlFiles,
} from './runbookLinks';

jest.setTimeout(180_000);

const BASE_URL = 'https://runway.example.com';
const workDir = runDir('docs-runbook-links');
const builder = new DocsBuilder({ outDir: path.join(workDir, 'sites') });

/** Template skeletons hold unrendered `${{ values.x }}` placeholders. */
const isSkeleton = (dir: string) =>
  /[\\/]templates[\\/][^\\/]+[\\/]skeleton$/.test(dir);

/** The catalog files the development config registers (with docs). */
const catalogFiles = yamlFiles(path.join(ROOT, 'catalog')).concat(
  path.join(ROOT, 'catalog-info.yaml'),
);
const sites = docsSites(catalogFiles);

type SloCommon = {
  generateRules(text: string, options: { runbookBaseUrl: string; entity: string }): unknown;
  runbookBaseUrl(appBaseUrl: string, entity: string): string;
};

/** The SLO plugin's rule generator (plugins/slo-common), when present. */
function sloCommon(): SloCommon | undefined {
  const dir = path.join(ROOT, 'plugins', 'slo-common', 'src', 'index.ts');
  if (!fs.existsSync(dir)) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(dir) as SloCommon;
}

/** Every string value named runbook_url, with its alert, in a generated object. */
function linksIn(value: unknown, source: string): RunbookLink[] {
  const out: RunbookLink[] = [];
  const walk = (v: any) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      if (v.alert && typeof v.annotations?.runbook_url === 'string') {
        out.push({ alert: v.alert, url: v.annotations.runbook_url, source });
      }
      Object.values(v).forEach(walk);
    }
  };
  walk(value);
  return out;
}

/** Entities with an SLO file: `runway.io/slo-ref` resolved against their catalog file. */
function sloFiles(): { entity: string; file: string }[] {
  const out: { entity: string; file: string }[] = [];
  for (const file of catalogFiles) {
    const text = fs.readFileSync(file, 'utf8');
    for (const doc of text.split(/^---$/m)) {
      const name = /^\s*name:\s*(\S+)/m.exec(doc)?.[1];
      const ref = /runway\.io\/slo-ref:\s*(\S+)/.exec(doc)?.[1];
      if (name && ref && !ref.includes('://')) {
        out.push({ entity: name, file: path.resolve(path.dirname(file), ref) });
      }
    }
  }
  const own = path.join(ROOT, 'slo.yaml');
  if (!out.some(s => s.entity === 'runway') && fs.existsSync(own)) {
    out.push({ entity: 'runway', file: own });
  }
  return out.filter(s => fs.existsSync(s.file));
}

describe('runbook links', () => {
  it('every runbook_url in the PrometheusRules and rule files of the repository resolves to a TechDocs page and anchor', () => {
    const links = runbookLinksInRepo(ROOT, isSkeleton);
    // Runway's platform alerts at least (k8s/base/prometheusrule-runway.yaml)
    const platform = links.filter(l =>
      l.source.endsWith('prometheusrule-runway.yaml'),
    );
    expect(platform.map(l => l.alert).sort()).toEqual([
      'RunwayBackendDown',
      'RunwayClusterUnreachable',
      'RunwayCostAnomalyDetected',
      'RunwayCostSyncFailing',
      'RunwayNodeGroupAtMax',
      'RunwayPodCrashLooping',
      'RunwaySloPrometheusDown',
    ]);
    const problems = checkRunbookLinks(links, sites, builder);
    expect(formatProblems(problems)).toBe('');
  });

  const slo = sloCommon();
  const sloSources = slo ? sloFiles() : [];
  // Runs once the SLO plugin's generator and at least one slo.yaml exist.
  const itWithSlos = sloSources.length > 0 ? it : it.skip;
  itWithSlos(
    'the SLO alerts generated from every slo.yaml (sample services and Runway) resolve to their runbook sections',
    () => {
      const links: RunbookLink[] = [];
      for (const { entity, file } of sloSources) {
        const generated = slo!.generateRules(fs.readFileSync(file, 'utf8'), {
          runbookBaseUrl: slo!.runbookBaseUrl(BASE_URL, entity),
          entity,
        });
        links.push(...linksIn(generated, path.relative(ROOT, file)));
      }
      // availability and latency, fast and slow burn, per SLO file
      // eslint-disable-next-line jest/no-standalone-expect
      expect(links.length).toBeGreaterThanOrEqual(sloSources.length * 4);
      const problems = checkRunbookLinks(links, sites, builder);
      // eslint-disable-next-line jest/no-standalone-expect
      expect(formatProblems(problems)).toBe('');
    },
  );

  it("every sample service's runbook has a section for each SLO alert: availability and latency, fast and slow burn", () => {
    const services = [...sites.keys()].filter(
      key => key !== 'default/component/runway',
    );
    expect(services).toHaveLength(5);
    const pascal = (s: string) =>
      s
        .split('-')
        .map(p => p.charAt(0).toUpperCase() + p.slice(1))
        .join('');
    const links: RunbookLink[] = services.flatMap(key => {
      const name = key.split('/')[2];
      return ['availability', 'latency'].flatMap(kind =>
        ['Fast', 'Slow'].map(speed => {
          const alert = `${pascal(`${name}-${kind}`)}ErrorBudget${speed}Burn`;
          return {
            alert,
            url: `${BASE_URL}/docs/${key}/runbook/#${alert.toLowerCase()}`,
            source: `contract for ${name}`,
          };
        }),
      );
    });
    expect(links).toHaveLength(20);
    expect(formatProblems(checkRunbookLinks(links, sites, builder))).toBe('');
  });

  it('reports a missing anchor, a missing page, an unknown entity and a non-TechDocs URL', () => {
    const rules = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'broken' },
      spec: {
        groups: [
          {
            name: 'broken',
            rules: [
              { record: 'x:y', expr: '1' },
              ...[
                ['MissingAnchor', '/docs/default/component/runway/runbooks/alerts/#nosuchalert'],
                ['MissingPage', '/docs/default/component/runway/runbooks/nosuchpage/#runwaybackenddown'],
                ['UnknownEntity', '/docs/default/component/nosuchservice/runbook/#x'],
                ['NotTechDocs', '/catalog/default/component/runway#x'],
                ['NoAnchor', '/docs/default/component/runway/runbooks/alerts/'],
                ['Fine', '/docs/default/component/runway/runbooks/alerts/#runwaybackenddown'],
              ].map(([alert, url]) => ({
                alert,
                expr: 'vector(1)',
                annotations: { runbook_url: `${BASE_URL}${url}` },
              })),
            ],
          },
        ],
      },
    };
    const links = runbookLinksInYaml(stringify(rules), 'broken.yaml');
    expect(links).toHaveLength(6);
    const problems = checkRunbookLinks(links, sites, builder);
    expect(
      Object.fromEntries(problems.map(p => [p.alert, p.problem])),
    ).toEqual({
      MissingAnchor: 'page runbooks/alerts of default/component/runway has no anchor #nosuchalert',
      MissingPage:
        'page runbooks/nosuchpage does not exist in the docs of default/component/runway',
      UnknownEntity:
        'no catalog entity default/component/nosuchservice with TechDocs (backstage.io/techdocs-ref dir:)',
      NotTechDocs: 'not a TechDocs URL (/docs/<namespace>/<kind>/<name>/...)',
      NoAnchor: 'no #anchor',
    });
  });

  it('a renamed runbook heading breaks the link to it', () => {
    // A copy of checkout-api's docs with one alert heading renamed.
    const copy = path.join(workDir, 'renamed', 'checkout-api');
    fs.cpSync(path.join(ROOT, 'catalog', 'samples', 'checkout-api'), copy, {
      recursive: true,
    });
    const runbook = path.join(copy, 'docs', 'runbook.md');
    fs.writeFileSync(
      runbook,
      fs
        .readFileSync(runbook, 'utf8')
        .replace(
          '## CheckoutApiAvailabilityErrorBudgetFastBurn',
          '## Checkout availability fast burn',
        ),
    );
    const copySites = new Map([['default/component/checkout-api', copy]]);
    const url = `${BASE_URL}/docs/default/component/checkout-api/runbook/#checkoutapiavailabilityerrorbudgetfastburn`;
    const problems = checkRunbookLinks(
      [{ alert: 'CheckoutApiAvailabilityErrorBudgetFastBurn', url, source: 'test' }],
      copySites,
      new DocsBuilder({ outDir: path.join(workDir, 'renamed-sites') }),
    );
    expect(problems.map(p => p.problem)).toEqual([
      'page runbook of default/component/checkout-api has no anchor #checkoutapiavailabilityerrorbudgetfastburn',
    ]);
  });

  it('reads rule files in plain Prometheus form and ignores other YAML', () => {
    const text = [
      stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: { groups: 'x' } }),
      stringify({
        groups: [
          {
            name: 'g',
            rules: [
              { alert: 'A', expr: '1', annotations: { runbook_url: 'https://x/docs/a/b/c/#a' } },
              { alert: 'NoLink', expr: '1' },
            ],
          },
        ],
      }),
    ].join('---\n');
    expect(runbookLinksInYaml(text, 'rules.yml')).toEqual([
      { alert: 'A', url: 'https://x/docs/a/b/c/#a', source: 'rules.yml' },
    ]);
  });

  it('parses TechDocs URLs and HTML ids', () => {
    expect(
      parseRunbookUrl(
        'https://runway.example.com/docs/default/Component/checkout-api/runbook/#checkoutapilatencyerrorbudgetslowburn',
      ),
    ).toEqual({
      entity: 'default/component/checkout-api',
      page: 'runbook',
      anchor: 'checkoutapilatencyerrorbudgetslowburn',
    });
    expect(
      [...htmlIds(`<h2 id="a">x</h2><div class="y" id='b'></div><p data-id="c">`)],
    ).toEqual(['a', 'b']);
  });
});
