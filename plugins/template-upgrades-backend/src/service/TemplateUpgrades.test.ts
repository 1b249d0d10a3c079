import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ArchivedTemplate, UpgradeStore } from './UpgradeStore';
import { FileTree } from './merge';
import { Rendered, TemplateRenderer } from './render';
import { RepositoryGit } from './repositories';
import { TemplateUpgrades } from './TemplateUpgrades';

jest.setTimeout(60_000);

const TEMPLATE = 'template:default/svc-template';

/**
 * Renders as a template would: every file of the archived folder with
 * `{{name}}` replaced by the answer, plus the answers file naming the
 * version.
 */
class FakeRenderer implements TemplateRenderer {
  calls: string[] = [];
  async render(
    template: ArchivedTemplate,
    answers: Record<string, unknown>,
  ): Promise<Rendered> {
    this.calls.push(template.version);
    const files: FileTree = new Map();
    for (const [p, content] of template.files) {
      if (p === 'template.yaml') continue;
      files.set(
        p.replace(/^skeleton\//, ''),
        Buffer.from(
          content.toString('utf8').replace(/\{\{name\}\}/g, String(answers.name)),
        ),
      );
    }
    files.set(
      '.runway-answers.yaml',
      Buffer.from(
        `template: ${TEMPLATE}\nversion: "${template.version}"\nanswers:\n  name: ${answers.name}\n`,
      ),
    );
    return { files, executable: new Set() };
  }
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@t',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@t',
    },
  })
    .toString()
    .trim();

function writeTree(dir: string, files: Record<string, string>) {
  for (const [p, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), c);
  }
}

const V1 = {
  'skeleton/Dockerfile': 'FROM node:22\nCMD ["node", "{{name}}.js"]\n',
  'skeleton/k8s/deployment.yaml': 'name: {{name}}\nreplicas: 2\nport: 8080\n',
  'skeleton/ci.yaml': 'steps:\n  - lint\n  - test\n',
  'skeleton/README.md': '# {{name}}\n\nLine two.\n',
};
const V2 = {
  ...V1,
  'skeleton/Dockerfile': 'FROM node:22-slim\nCMD ["node", "{{name}}.js"]\n',
  'skeleton/k8s/deployment.yaml': 'name: {{name}}\nreplicas: 3\nport: 8080\n',
  'skeleton/ci.yaml': 'steps:\n  - lint\n  - test\n  - scan\n',
};

describe('TemplateUpgrades', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let root: string;
  let repos: string;
  let templateDir: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrades-test-'));
    repos = path.join(root, 'repos');
    templateDir = path.join(root, 'template');
    fs.mkdirSync(repos);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const templateEntity = (version: string): Entity => ({
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: 'svc-template',
      namespace: 'default',
      annotations: {
        'runway.io/template-version': version,
        'backstage.io/managed-by-location': `file:${templateDir}/template.yaml`,
        'backstage.io/managed-by-origin-location': `file:${templateDir}/template.yaml`,
      },
    },
    spec: { type: 'service', steps: [] },
  });

  const service = (name: string, version = '1.0.0'): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/source-template': TEMPLATE,
        'runway.io/template-version': version,
        'backstage.io/managed-by-location': `file:${repos}/${name}/catalog-info.yaml`,
      },
    },
    spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
  });

  /** A bare repository holding what v1 renders, and its checkout folder. */
  async function createService(renderer: FakeRenderer, store: UpgradeStore, name: string) {
    const v1 = (await store.read(TEMPLATE, '1.0.0'))!;
    const rendered = await renderer.render(v1, { name });
    const work = path.join(root, `work-${name}`);
    fs.mkdirSync(work);
    git(work, 'init', '-q', '-b', 'main');
    for (const [p, c] of rendered.files) writeTree(work, { [p]: c.toString() });
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'created');
    git(root, 'clone', '-q', '--bare', work, path.join(repos, `${name}.git`));
    fs.mkdirSync(path.join(repos, name));
    return work;
  }

  async function setUp(entities: Entity[]) {
    const knex = await databases.init('SQLITE_3');
    const store = await UpgradeStore.create({
      database: mockServices.database({ knex }),
    });
    const renderer = new FakeRenderer();
    const catalog = catalogServiceMock({ entities });
    const upgrades = new TemplateUpgrades({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      store,
      renderer,
      git: new RepositoryGit(ScmIntegrations.fromConfig(mockServices.rootConfig())),
      trustedOrigins: [`file:${templateDir}/template.yaml`],
      integrations: ScmIntegrations.fromConfig(mockServices.rootConfig()),
      localDirectory: repos,
    });
    return { store, renderer, upgrades };
  }

  async function publishVersion(
    upgrades: TemplateUpgrades,
    files: Record<string, string>,
  ) {
    fs.rmSync(templateDir, { recursive: true, force: true });
    writeTree(templateDir, { ...files, 'template.yaml': 'kind: Template\n' });
    return upgrades.archiveTemplates();
  }

  it('archives versions, computes drift and opens clean and conflicting upgrades once', async () => {
    const entities = [templateEntity('1.0.0'), service('clean-svc'), service('changed-svc')];
    const { store, upgrades } = await setUp(entities);
    expect(await publishVersion(upgrades, V1)).toEqual(
      new Map([['template:default/svc-template', '1.0.0']]),
    );
    const renderer = new FakeRenderer();
    await createService(renderer, store, 'clean-svc');
    const changed = await createService(renderer, store, 'changed-svc');
    // the team changed the Dockerfile's first line and the replicas
    writeTree(changed, {
      Dockerfile: 'FROM node:22-alpine\nCMD ["node", "changed-svc.js"]\n',
      'k8s/deployment.yaml': 'name: changed-svc\nreplicas: 5\nport: 8080\n',
      'extra.txt': 'ours\n',
    });
    git(changed, 'commit', '-q', '-am', 'local change');
    git(changed, 'add', 'extra.txt');
    git(changed, 'commit', '-q', '-m', 'extra');
    git(changed, 'push', '-q', path.join(repos, 'changed-svc.git'), 'main');

    await upgrades.checkDrift(service('clean-svc'));
    await upgrades.checkDrift(service('changed-svc'));
    let fleet = await upgrades.fleet(mockCredentials.user());
    expect(fleet).toHaveLength(1);
    expect(fleet[0].latestVersion).toBe('1.0.0');
    const [changedStatus, cleanStatus] = fleet[0].services;
    expect(cleanStatus.entityRef).toBe('component:default/clean-svc');
    expect(cleanStatus.behind).toBe(false);
    expect(cleanStatus.drift?.changedFiles).toEqual([]);
    expect(changedStatus.drift?.changedFiles).toEqual([
      { path: 'Dockerfile', change: 'modified' },
      { path: 'extra.txt', change: 'added' },
      { path: 'k8s/deployment.yaml', change: 'modified' },
    ]);
    await expect(upgrades.upgrade(service('clean-svc'), 'user:default/a')).rejects.toThrow(
      /the newest version/,
    );

    // the template moves to 1.1.0: Dockerfile, a manifest and the pipeline
    const current = await publishVersion(upgrades, V2);
    expect(current.get(TEMPLATE)).toBe('1.0.0'); // the entity still says 1.0.0
    const bumped = await setUpAgain(entities, '1.1.0');
    expect(await publishVersion(bumped, V2)).toEqual(new Map([[TEMPLATE, '1.1.0']]));
    fleet = await bumped.fleet(mockCredentials.user());
    expect(fleet[0].archivedVersions).toEqual(['1.1.0', '1.0.0']);
    expect(fleet[0].services.every(s => s.behind)).toBe(true);

    const clean = await bumped.upgrade(service('clean-svc'), 'user:default/a');
    expect(clean.created).toBe(true);
    expect(clean.request).toMatchObject({
      provider: 'local',
      branch: 'runway/upgrade-svc-template-1.1.0',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: [],
    });
    const cleanBare = path.join(repos, 'clean-svc.git');
    const show = (bare: string, ref: string, file: string) =>
      git(bare, 'show', `${ref}:${file}`);
    expect(show(cleanBare, clean.request.branch, 'Dockerfile')).toBe(
      'FROM node:22-slim\nCMD ["node", "clean-svc.js"]',
    );
    expect(show(cleanBare, clean.request.branch, '.runway-answers.yaml')).toContain(
      'version: "1.1.0"',
    );
    // nothing on the default branch
    expect(show(cleanBare, 'main', 'Dockerfile')).toContain('FROM node:22\n');

    const conflicting = await bumped.upgrade(service('changed-svc'), 'user:default/a');
    expect(conflicting.request.conflicts).toEqual([
      { path: 'Dockerfile', reason: 'both-changed' },
      { path: 'k8s/deployment.yaml', reason: 'both-changed' },
    ]);
    const changedBare = path.join(repos, 'changed-svc.git');
    expect(show(changedBare, conflicting.request.branch, 'Dockerfile')).toContain(
      '<<<<<<< service\nFROM node:22-alpine\n=======\nFROM node:22-slim\n>>>>>>> template:default/svc-template 1.1.0',
    );
    // the pipeline merged cleanly, the team's own file is kept
    expect(show(changedBare, conflicting.request.branch, 'ci.yaml')).toContain('- scan');
    expect(show(changedBare, conflicting.request.branch, 'extra.txt')).toBe('ours');

    // asked again: the same request, no second branch or commit
    const head = git(changedBare, 'rev-parse', conflicting.request.branch);
    const again = await bumped.upgrade(service('changed-svc'), 'sweep');
    expect(again.created).toBe(false);
    expect(again.request).toEqual(conflicting.request);
    expect(git(changedBare, 'rev-parse', conflicting.request.branch)).toBe(head);

    async function setUpAgain(all: Entity[], version: string) {
      const catalog = catalogServiceMock({
        entities: [templateEntity(version), ...all.slice(1)],
      });
      return new TemplateUpgrades({
        catalog,
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        store,
        renderer: new FakeRenderer(),
        git: new RepositoryGit(ScmIntegrations.fromConfig(mockServices.rootConfig())),
        trustedOrigins: [`file:${templateDir}/template.yaml`],
        integrations: ScmIntegrations.fromConfig(mockServices.rootConfig()),
        localDirectory: repos,
      });
    }
  });

  it('says why a service cannot be compared', async () => {
    const outside: Entity = {
      ...service('elsewhere'),
      metadata: {
        ...service('elsewhere').metadata,
        annotations: {
          ...service('elsewhere').metadata.annotations,
          'backstage.io/managed-by-location': 'url:https://unknown.example.com/a/b/blob/main/catalog-info.yaml',
        },
      },
    };
    const { upgrades } = await setUp([templateEntity('1.0.0'), outside]);
    await publishVersion(upgrades, V1);
    await upgrades.checkDrift(outside);
    const status = await upgrades.status(outside);
    expect(status?.problem).toMatch(
      /no GitHub or GitLab integration is configured for unknown.example.com/,
    );
  });
});
