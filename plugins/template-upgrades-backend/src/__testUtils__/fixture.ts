/*
 * A template, its versions and services in local git repositories, for the
 * tests of the upgrades engine: a rendering stand-in replaces the
 * scaffolder, everything else (the store, git, the merge) is real.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ArchivedTemplate, UpgradeStore } from '../service/UpgradeStore';
import { FileTree } from '../service/merge';
import { Rendered, TemplateRenderer } from '../service/render';
import { RepositoryGit } from '../service/repositories';
import { TemplateUpgrades } from '../service/TemplateUpgrades';

export const TEMPLATE = 'template:default/svc-template';

/**
 * Renders as a template would: every file of the archived folder with
 * `{{name}}` replaced by the answer, plus the answers file naming the
 * version.
 */
export class FakeRenderer implements TemplateRenderer {
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
          content
            .toString('utf8')
            .replace(/\{\{name\}\}/g, String(answers.name)),
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

export const git = (cwd: string, ...args: string[]) =>
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

export function writeTree(dir: string, files: Record<string, string>) {
  for (const [p, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), c);
  }
}

export const V1 = {
  'skeleton/Dockerfile': 'FROM node:22\nCMD ["node", "{{name}}.js"]\n',
  'skeleton/k8s/deployment.yaml': 'name: {{name}}\nreplicas: 2\nport: 8080\n',
  'skeleton/ci.yaml': 'steps:\n  - lint\n  - test\n',
  'skeleton/README.md': '# {{name}}\n\nLine two.\n',
};
export const V2 = {
  ...V1,
  'skeleton/Dockerfile': 'FROM node:22-slim\nCMD ["node", "{{name}}.js"]\n',
  'skeleton/k8s/deployment.yaml': 'name: {{name}}\nreplicas: 3\nport: 8080\n',
  'skeleton/ci.yaml': 'steps:\n  - lint\n  - test\n  - scan\n',
};

/** Folders, entities and engines of one test. */
export class Fixture {
  readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrades-test-'));
  readonly repos = path.join(this.root, 'repos');
  readonly templateDir = path.join(this.root, 'template');
  private store?: UpgradeStore;

  constructor(private readonly databases: TestDatabases) {
    fs.mkdirSync(this.repos);
  }

  cleanUp() {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  templateEntity(version: string): Entity {
    const file = `file:${this.templateDir}/template.yaml`;
    return {
      apiVersion: 'scaffolder.backstage.io/v1beta3',
      kind: 'Template',
      metadata: {
        name: 'svc-template',
        namespace: 'default',
        annotations: {
          'runway.io/template-version': version,
          'backstage.io/managed-by-location': file,
          'backstage.io/managed-by-origin-location': file,
        },
      },
      spec: { type: 'service', steps: [] },
    };
  }

  service(name: string, version = '1.0.0'): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'backstage.io/source-template': TEMPLATE,
          'runway.io/template-version': version,
          'backstage.io/managed-by-location': `file:${this.repos}/${name}/catalog-info.yaml`,
        },
      },
      spec: {
        type: 'service',
        owner: 'group:default/team-a',
        lifecycle: 'production',
      },
    };
  }

  /** The engine over one shared store, seeing the template at `version`. */
  async upgrades(version: string, services: Entity[]) {
    if (!this.store) {
      const knex = await this.databases.init('SQLITE_3');
      this.store = await UpgradeStore.create({
        database: mockServices.database({ knex }),
      });
    }
    const integrations = ScmIntegrations.fromConfig(mockServices.rootConfig());
    return new TemplateUpgrades({
      catalog: catalogServiceMock({
        entities: [this.templateEntity(version), ...services],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      store: this.store,
      renderer: new FakeRenderer(),
      git: new RepositoryGit(integrations),
      trustedOrigins: [`file:${this.templateDir}/template.yaml`],
      integrations,
      localDirectory: this.repos,
    });
  }

  /** Writes the template folder and archives what the catalog shows. */
  async publish(upgrades: TemplateUpgrades, files: Record<string, string>) {
    fs.rmSync(this.templateDir, { recursive: true, force: true });
    writeTree(this.templateDir, {
      ...files,
      'template.yaml': 'kind: Template\n',
    });
    return upgrades.archiveTemplates();
  }

  /** A bare repository holding what 1.0.0 renders, and its work tree. */
  async createService(name: string): Promise<string> {
    const v1 = (await this.store!.read(TEMPLATE, '1.0.0'))!;
    const rendered = await new FakeRenderer().render(v1, { name });
    const work = path.join(this.root, `work-${name}`);
    fs.mkdirSync(work);
    git(work, 'init', '-q', '-b', 'main');
    for (const [p, c] of rendered.files) writeTree(work, { [p]: c.toString() });
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '-m', 'created');
    git(
      this.root,
      'clone',
      '-q',
      '--bare',
      work,
      path.join(this.repos, `${name}.git`),
    );
    fs.mkdirSync(path.join(this.repos, name));
    return work;
  }
}
