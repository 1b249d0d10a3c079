import path from 'node:path';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  Fixture,
  git,
  TEMPLATE,
  V1,
  V2,
  writeTree,
} from '../__testUtils__/fixture';

jest.setTimeout(60_000);

describe('TemplateUpgrades', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let fx: Fixture;
  beforeEach(() => {
    fx = new Fixture(databases);
  });
  afterEach(() => fx.cleanUp());

  it('archives versions, computes drift and opens clean and conflicting upgrades once', async () => {
    const services = [fx.service('clean-svc'), fx.service('changed-svc')];
    const upgrades = await fx.upgrades('1.0.0', services);
    expect(await fx.publish(upgrades, V1)).toEqual(
      new Map([[TEMPLATE, '1.0.0']]),
    );
    await fx.createService('clean-svc');
    const changed = await fx.createService('changed-svc');
    // the team changed the Dockerfile's first line and the replicas
    writeTree(changed, {
      Dockerfile: 'FROM node:22-alpine\nCMD ["node", "changed-svc.js"]\n',
      'k8s/deployment.yaml': 'name: changed-svc\nreplicas: 5\nport: 8080\n',
      'extra.txt': 'ours\n',
    });
    git(changed, 'add', '-A');
    git(changed, 'commit', '-q', '-m', 'local change');
    git(changed, 'push', '-q', path.join(fx.repos, 'changed-svc.git'), 'main');

    for (const s of services) await upgrades.checkDrift(s);
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
    await expect(
      upgrades.upgrade(services[0], 'user:default/a'),
    ).rejects.toThrow(/the newest version/);

    // the folder changes but the Template still says 1.0.0: nothing archived
    expect((await fx.publish(upgrades, V2)).get(TEMPLATE)).toBe('1.0.0');
    // the template moves to 1.1.0: Dockerfile, a manifest and the pipeline
    const bumped = await fx.upgrades('1.1.0', services);
    expect(await fx.publish(bumped, V2)).toEqual(
      new Map([[TEMPLATE, '1.1.0']]),
    );
    fleet = await bumped.fleet(mockCredentials.user());
    expect(fleet[0].archivedVersions).toEqual(['1.1.0', '1.0.0']);
    expect(fleet[0].services.every(s => s.behind)).toBe(true);

    const clean = await bumped.upgrade(services[0], 'user:default/a');
    expect(clean.created).toBe(true);
    expect(clean.request).toMatchObject({
      provider: 'local',
      branch: 'runway/upgrade-svc-template-1.1.0',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      conflicts: [],
    });
    const show = (name: string, ref: string, file: string) =>
      git(path.join(fx.repos, `${name}.git`), 'show', `${ref}:${file}`);
    expect(show('clean-svc', clean.request.branch, 'Dockerfile')).toBe(
      'FROM node:22-slim\nCMD ["node", "clean-svc.js"]',
    );
    expect(
      show('clean-svc', clean.request.branch, '.runway-answers.yaml'),
    ).toContain('version: "1.1.0"');
    // nothing on the default branch
    expect(show('clean-svc', 'main', 'Dockerfile')).toContain('FROM node:22\n');

    const conflicting = await bumped.upgrade(services[1], 'user:default/a');
    expect(conflicting.request.conflicts).toEqual([
      { path: 'Dockerfile', reason: 'both-changed' },
      { path: 'k8s/deployment.yaml', reason: 'both-changed' },
    ]);
    const branch = conflicting.request.branch;
    expect(show('changed-svc', branch, 'Dockerfile')).toContain(
      '<<<<<<< service\nFROM node:22-alpine\n=======\nFROM node:22-slim\n>>>>>>> template:default/svc-template 1.1.0',
    );
    // the pipeline merged cleanly, the team's own file is kept
    expect(show('changed-svc', branch, 'ci.yaml')).toContain('- scan');
    expect(show('changed-svc', branch, 'extra.txt')).toBe('ours');

    // asked again: the same request, no second branch or commit
    const bare = path.join(fx.repos, 'changed-svc.git');
    const head = git(bare, 'rev-parse', branch);
    const again = await bumped.upgrade(services[1], 'sweep');
    expect(again.created).toBe(false);
    expect(again.request).toEqual(conflicting.request);
    expect(git(bare, 'rev-parse', branch)).toBe(head);
  });

  it('says why a service cannot be compared', async () => {
    const base = fx.service('elsewhere');
    const outside: Entity = {
      ...base,
      metadata: {
        ...base.metadata,
        annotations: {
          ...base.metadata.annotations,
          'backstage.io/managed-by-location':
            'url:https://unknown.example.com/a/b/blob/main/catalog-info.yaml',
        },
      },
    };
    const upgrades = await fx.upgrades('1.0.0', [outside]);
    await fx.publish(upgrades, V1);
    await upgrades.checkDrift(outside);
    const status = await upgrades.status(outside);
    expect(status?.problem).toMatch(
      /no GitHub or GitLab integration is configured for unknown.example.com/,
    );
  });

  it('clones a service again only when its default branch moved (or a day passed)', async () => {
    const service = fx.service('steady-svc');
    const upgrades = await fx.upgrades('1.0.0', [service]);
    await fx.publish(upgrades, V1);
    const work = await fx.createService('steady-svc');
    const { RepositoryGit } = jest.requireActual('./repositories');
    const checkout = jest.spyOn(RepositoryGit.prototype, 'checkout');
    try {
      await upgrades.checkDrift(service);
      await upgrades.checkDrift(service);
      // the second check asked the remote for its HEAD, and it had not moved
      expect(checkout).toHaveBeenCalledTimes(1);
      expect((await upgrades.status(service))?.drift?.changedFiles).toEqual([]);

      writeTree(work, { 'NOTES.md': 'a local file\n' });
      git(work, 'add', '-A');
      git(work, 'commit', '-q', '-m', 'a local file');
      git(work, 'push', '-q', path.join(fx.repos, 'steady-svc.git'), 'main');
      await upgrades.checkDrift(service);
      expect(checkout).toHaveBeenCalledTimes(2);
      expect((await upgrades.status(service))?.drift?.changedFiles).toEqual([
        { path: 'NOTES.md', change: 'added' },
      ]);

      // a day later the same commit is compared again
      const now = Date.now();
      jest.spyOn(Date, 'now').mockReturnValue(now + 25 * 60 * 60 * 1000);
      await upgrades.checkDrift(service);
      expect(checkout).toHaveBeenCalledTimes(3);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
