/**
 * Template upgrades end to end, on the real backend: two services created
 * from a copy of the golden path (real scaffolder tasks, published to local
 * repositories), one of them changed by its team; a fixture version of the
 * template that changes the Dockerfile, a manifest and the pipeline; the
 * upgrades opened through the API. The clean upgrade's branch still passes
 * the service's own `make lint test build`, kustomize with the schema check
 * and actionlint; the conflicting one lists exactly the files both sides
 * changed; nothing reaches the default branch; asking twice opens nothing
 * new. Writes upgrade timings for the benchmark (bench/templates.sh).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  FleetResponse,
  UpgradeResponse,
} from '@runway/plugin-template-upgrades-common';
import {
  api,
  Backend,
  guestToken,
  runScheduledTask,
  startBackend,
  waitForEntities,
} from '../harness/backend';
import { freePort, runDir } from '../harness/processes';
import { expectCompleted, runTask } from '../docs/tasks';
import { COMBINATIONS, formValues } from './combinations';
import {
  FIXTURE_DOCKERFILE_LINE,
  FIXTURE_VERSION,
  publishFixtureVersion,
  refreshTemplate,
} from './fixtureVersion';
import { TEMPLATE_DIR } from './dryRun';
import { outDir } from './paths';
import { GOLANGCI_LINT_BIN, ok, run, tool } from './tools';

jest.setTimeout(600_000);

const CHECK = 'template-upgrades-check';
const GO = COMBINATIONS.find(
  c => c.language === 'go' && c.ci === 'github-actions',
)!;
const CLEAN = 'upgrade-clean';
const CHANGED = 'upgrade-local';
const BRANCH = 'runway/upgrade-microservice-1.1.0';

let backend: Backend;
let token: string;
let dir: string;
let repos: string;
let templateCopy: string;

const git = (cwd: string, ...args: string[]) =>
  ok(
    'git',
    ['-c', 'user.name=Team', '-c', 'user.email=team@example.com', ...args],
    {
      cwd,
    },
  ).then(r => r.stdout.trim());

/** The commit `ref` names in each service's bare repository. */
const heads = (ref: string) =>
  Promise.all(
    [CLEAN, CHANGED].map(n =>
      git(dir, '--git-dir', path.join(repos, `${n}.git`), 'rev-parse', ref),
    ),
  );

const fleet = () =>
  api<FleetResponse>(backend.baseUrl, token, '/api/template-upgrades/fleet');

const serviceOf = (body: FleetResponse, name: string) => {
  const template = body.templates.find(
    t => t.templateRef === 'template:default/microservice',
  )!;
  return template.services.find(
    s => s.entityRef === `component:default/${name}`,
  )!;
};

const upgrade = (name: string) =>
  fetch(
    `${backend.baseUrl}/api/template-upgrades/entity/component/default/${name}/upgrade`,
    { method: 'POST', headers: { authorization: `Bearer ${token}` } },
  );

beforeAll(async () => {
  dir = runDir('template-upgrade');
  repos = path.join(dir, 'repos');
  templateCopy = path.join(dir, 'templates', 'microservice');
  fs.cpSync(TEMPLATE_DIR, templateCopy, { recursive: true });
  backend = await startBackend({
    port: await freePort(),
    dir,
    replaceLocations: {
      'templates/microservice/template.yaml': path.join(
        templateCopy,
        'template.yaml',
      ),
    },
    config: {
      runwayTemplates: {
        publish: { provider: 'local', local: { directory: repos } },
      },
      // the test runs the check itself
      templateUpgrades: { checkMinutes: 1440 },
    },
  });
  await waitForEntities(backend.baseUrl, 'kind=template', { count: 1 });
  await waitForEntities(backend.baseUrl, 'kind=group', { count: 3 });
  await waitForEntities(backend.baseUrl, 'kind=system', { count: 3 });
  token = await guestToken(backend.baseUrl);
});

afterAll(async () => {
  await backend?.stop();
});

describe('template upgrades', () => {
  it('creates two services at 1.0.0, each identical to what 1.0.0 renders', async () => {
    for (const name of [CLEAN, CHANGED]) {
      expectCompleted(
        await runTask(backend, token, 'microservice', {
          ...formValues({ ...GO, name }),
        }),
      );
    }
    await waitForEntities(
      backend.baseUrl,
      'kind=component,metadata.annotations.backstage.io/source-template',
      { count: 2 },
    );
    await runScheduledTask(backend.baseUrl, token, 'template-upgrades', CHECK);
    const body = await fleet();
    for (const name of [CLEAN, CHANGED]) {
      const s = serviceOf(body, name);
      expect(s).toMatchObject({
        version: '1.0.0',
        latestVersion: '1.0.0',
        behind: false,
      });
      expect(s.problem).toBeUndefined();
      expect(s.drift?.changedFiles).toEqual([]);
    }
  });

  it("shows the team's own changes and, once 1.1.0 is out, both services behind", async () => {
    // the team of upgrade-local adds a label and a README line
    const work = path.join(dir, 'work-local');
    await git(dir, 'clone', '-q', path.join(repos, `${CHANGED}.git`), work);
    fs.appendFileSync(path.join(work, 'Dockerfile'), 'LABEL team="checkout"\n');
    fs.writeFileSync(path.join(work, 'docs', 'notes.md'), '# Team notes\n');
    await git(work, 'add', '--all');
    await git(work, 'commit', '-q', '-m', 'Team label and notes');
    await git(work, 'push', '-q', 'origin', 'HEAD');

    // the fixture version: Dockerfile, a manifest and the pipeline
    publishFixtureVersion(templateCopy);
    await refreshTemplate(backend.baseUrl, token, FIXTURE_VERSION);
    await runScheduledTask(backend.baseUrl, token, 'template-upgrades', CHECK);

    const body = await fleet();
    const template = body.templates.find(
      t => t.templateRef === 'template:default/microservice',
    )!;
    expect(template.archivedVersions).toEqual(['1.1.0', '1.0.0']);
    expect(serviceOf(body, CLEAN)).toMatchObject({
      behind: true,
      latestVersion: '1.1.0',
    });
    expect(serviceOf(body, CLEAN).drift?.changedFiles).toEqual([]);
    expect(serviceOf(body, CHANGED).drift?.changedFiles).toEqual([
      { path: 'Dockerfile', change: 'modified' },
      { path: 'docs/notes.md', change: 'added' },
    ]);
  });

  let cleanBranchDir: string;

  it('opens a clean upgrade and a conflicting one, each once, never on the default branch', async () => {
    const mainBefore = await heads('main');
    const started = Date.now();
    const cleanRes = await upgrade(CLEAN);
    const upgradeMs = Date.now() - started;
    expect(cleanRes.status).toBe(201);
    const clean = (await cleanRes.json()) as UpgradeResponse;
    expect(clean.request).toMatchObject({
      provider: 'local',
      branch: BRANCH,
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: [],
    });
    // the fixture's three files, and the version the service records
    expect(clean.request.changedFiles.map(f => f.path)).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yaml',
        '.runway-answers.yaml',
        'Dockerfile',
        'catalog-info.yaml',
        'k8s/base/deployment.yaml',
      ]),
    );

    const changedRes = await upgrade(CHANGED);
    expect(changedRes.status).toBe(201);
    const changed = (await changedRes.json()) as UpgradeResponse;
    // the files changed on both sides: the template's and the team's
    const templateSide = clean.request.changedFiles.map(f => f.path);
    const teamSide = ['Dockerfile', 'docs/notes.md'];
    const bothSides = templateSide.filter(p => teamSide.includes(p));
    expect(changed.request.conflicts).toEqual(
      bothSides.map(p => ({ path: p, reason: 'both-changed' })),
    );

    // asked again: the same requests, the branches untouched
    const branchHeads = await heads(BRANCH);
    const again = await upgrade(CHANGED);
    expect(again.status).toBe(200);
    expect(((await again.json()) as UpgradeResponse).request).toEqual(
      changed.request,
    );
    expect(await heads(BRANCH)).toEqual(branchHeads);
    expect(await heads('main')).toEqual(mainBefore);

    // the conflicting branch holds the markers, the merged manifest and the team's notes
    const show = (file: string) =>
      git(
        dir,
        '--git-dir',
        path.join(repos, `${CHANGED}.git`),
        'show',
        `${BRANCH}:${file}`,
      );
    expect(await show('Dockerfile')).toContain(
      `<<<<<<< service\nLABEL team="checkout"\n=======\n${FIXTURE_DOCKERFILE_LINE}\n>>>>>>> template:default/microservice 1.1.0`,
    );
    expect(await show('docs/notes.md')).toBe('# Team notes');
    expect(await show('k8s/base/deployment.yaml')).toContain(
      'revisionHistoryLimit: 10',
    );

    fs.mkdirSync(outDir(), { recursive: true });
    fs.writeFileSync(
      path.join(outDir(), 'upgrade.json'),
      JSON.stringify(
        {
          upgrade_ms: upgradeMs,
          upgrade_conflict_files: changed.request.conflicts.length,
          files_changed_on_both_sides: bothSides.length,
        },
        null,
        2,
      ),
    );

    cleanBranchDir = path.join(dir, 'clean-branch');
    await git(
      dir,
      'clone',
      '-q',
      '--branch',
      BRANCH,
      path.join(repos, `${CLEAN}.git`),
      cleanBranchDir,
    );
  });

  it("the clean upgrade's service passes its own make lint test build", async () => {
    const res = await ok('make', ['lint', 'test', 'build'], {
      cwd: cleanBranchDir,
      // the Go Makefile takes golangci-lint from PATH (the bootstrap's build)
      env: { CI: 'true', PATH: `${GOLANGCI_LINT_BIN}:${process.env.PATH}` },
    });
    expect(res.stdout).toMatch(/ok\s+\S+\/internal\/app/);
  });

  it("the clean upgrade's manifests and pipeline pass the validators", async () => {
    for (const env of ['staging', 'production']) {
      const { stdout } = await ok(
        tool.kustomize,
        ['build', `k8s/overlays/${env}`],
        {
          cwd: cleanBranchDir,
        },
      );
      const deployment = parseAllDocuments(stdout)
        .map(d => d.toJS())
        .find(o => o.kind === 'Deployment');
      expect(deployment.spec.revisionHistoryLimit).toBe(10);
      const manifest = path.join(dir, `${env}.yaml`);
      fs.writeFileSync(manifest, stdout);
      const schemas = await run(process.execPath, [
        path.join(__dirname, 'validate-objects.mjs'),
        manifest,
      ]);
      expect(schemas.stdout).toMatch(/^\d+ objects, 0 invalid$/m);
    }
    await ok(tool.actionlint, ['-shellcheck', tool.shellcheck], {
      cwd: cleanBranchDir,
    });
  });

  it('the fleet shows the opened requests and the recorded version after merge', async () => {
    const body = await fleet();
    expect(serviceOf(body, CLEAN).upgrade).toMatchObject({
      branch: BRANCH,
      conflicts: [],
    });
    expect(serviceOf(body, CHANGED).upgrade?.conflicts).toHaveLength(1);
  });
});
