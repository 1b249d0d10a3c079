/*
 * A service generated from the microservice template: every runbook_url in
 * its rule files resolves to a page and anchor of its own docs, built with
 * the TechDocs venv's mkdocs. The service is rendered through the real
 * backend's scaffolder dry-run API (the template suite's helpers).
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  Backend,
  guestToken,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { freePort, runDir } from '../harness/processes';
import { COMBINATIONS, formValues } from '../template/combinations';
import { dryRun, TEMPLATE_DIR, writeFiles } from '../template/dryRun';
import {
  checkRunbookLinks,
  DocsBuilder,
  formatProblems,
  runbookLinksInRepo,
} from './runbookLinks';

jest.setTimeout(300_000);

const workDir = runDir('docs-generated-service');
let backend: Backend | undefined;

afterAll(async () => {
  await backend?.stop();
});

const hasTemplate = fs.existsSync(path.join(TEMPLATE_DIR, 'template.yaml'));

(hasTemplate ? describe : describe.skip)('a service generated from the microservice template', () => {
  it("links every alert to a section of its own runbook", async () => {
    backend = await startBackend({
      port: await freePort(),
      dir: path.join(workDir, 'backend'),
    });
    await waitForEntities(backend.baseUrl, 'kind=template', { count: 1 });
    await waitForEntities(backend.baseUrl, 'kind=group', { count: 3 });
    await waitForEntities(backend.baseUrl, 'kind=system', { count: 3 });
    const token = await guestToken(backend.baseUrl);
    const combination = { ...COMBINATIONS[0], name: 'docs-linkcheck-api' };
    const { status, result, text } = await dryRun(
      backend.baseUrl,
      token,
      formValues(combination),
    );
    expect({ status, text: status === 200 ? '' : text }).toEqual({
      status: 200,
      text: '',
    });
    const repo = path.join(workDir, 'repo');
    writeFiles(result, repo);
    expect(fs.existsSync(path.join(repo, 'mkdocs.yml'))).toBe(true);

    const links = runbookLinksInRepo(repo);
    // availability and latency SLOs, fast and slow burn
    expect(links.map(l => l.alert).sort()).toEqual([
      'DocsLinkcheckApiAvailabilityErrorBudgetFastBurn',
      'DocsLinkcheckApiAvailabilityErrorBudgetSlowBurn',
      'DocsLinkcheckApiLatencyErrorBudgetFastBurn',
      'DocsLinkcheckApiLatencyErrorBudgetSlowBurn',
    ]);
    const problems = checkRunbookLinks(
      links,
      new Map([[`default/component/${combination.name}`, repo]]),
      new DocsBuilder({ outDir: path.join(workDir, 'sites') }),
    );
    expect(formatProblems(problems)).toBe('');

    // the site its CI builds loads nothing from outside the organisation
    const sites = path.join(workDir, 'sites');
    const pages = fs
      .readdirSync(sites, { recursive: true, withFileTypes: true })
      .filter(e => e.isFile() && e.name.endsWith('.html'))
      .map(e => path.join(e.parentPath, e.name));
    expect(pages.length).toBeGreaterThan(0);
    const external = pages.filter(file =>
      /fonts\.(googleapis|gstatic)\.com/.test(fs.readFileSync(file, 'utf8')),
    );
    expect(external.map(file => path.relative(sites, file))).toEqual([]);
  });
});
