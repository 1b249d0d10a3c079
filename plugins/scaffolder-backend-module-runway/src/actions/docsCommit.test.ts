import fs from 'node:fs';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createDocsCheckoutAction } from './docsCheckout';
import { createDocsCommitAction } from './docsCommit';
import { mockContext } from './__testUtils__/context';
import { outsideRepo, outsideWorld, plainGit } from './__testUtils__/hostile';
import { localService } from './__testUtils__/serviceRepo';

/**
 * A service checked out by runway:docs:checkout, with a new page written
 * into the clone, a bare repository outside the local repositories folder
 * that an attack would push to, and the commit step to run.
 */
async function prepared() {
  const service = localService();
  const { workspacePath, outputs } = await service.checkedOut();
  const clone = path.join(workspacePath, 'repo');
  fs.writeFileSync(path.join(clone, 'docs', 'new.md'), '# New page\n');
  const outside = outsideWorld();
  const outsideBare = path.join(outside.root, 'outside.git');
  plainGit(['init', '--quiet', '--bare', outsideBare], outside.root);
  const tip = () => plainGit(['rev-parse', 'main'], service.bare);
  const before = tip();
  const commit = (input: Record<string, unknown> = {}) =>
    createDocsCommitAction({ directory: service.repos }).handler(
      mockContext({ message: 'Add a page', ...input }, { workspacePath }).ctx,
    );
  return {
    ...service,
    clone,
    outside,
    outsideBare,
    checkoutOutputs: outputs,
    commit,
    /** Commits reachable from any ref of the outside repository. */
    pushedOutside: () =>
      plainGit(['for-each-ref', '--format=%(refname)'], outsideBare),
    bareMoved: () => tip() !== before,
    setConfig: (key: string, value: string) =>
      plainGit(['config', key, value], clone),
  };
}

describe('runway:docs:commit with a tampered clone', () => {
  it('commits to the bare repository the checkout made (the plain case)', async () => {
    const p = await prepared();
    await p.commit({ bareRepo: p.checkoutOutputs.bareRepo });
    expect(plainGit(['log', '-1', '--format=%s', 'main'], p.bare)).toBe(
      'Add a page',
    );
    expect(plainGit(['show', 'main:docs/new.md'], p.bare)).toBe('# New page');
    expect(
      fs.existsSync(path.join(p.repos, 'orders-api', 'docs', 'new.md')),
    ).toBe(true);
  });

  it('refuses a push URL that leads outside, naming the key', async () => {
    const p = await prepared();
    p.setConfig('remote.origin.pushurl', p.outsideBare);
    await expect(p.commit()).rejects.toThrow(
      /^path: repo\/\.git\/config sets remote\.origin\.pushurl/,
    );
    expect(p.pushedOutside()).toBe('');
    expect(p.bareMoved()).toBe(false);
  });

  it('refuses url.<outside>.pushInsteadOf, naming the key', async () => {
    const p = await prepared();
    p.setConfig(`url.${p.outsideBare}.pushInsteadOf`, p.bare);
    await expect(p.commit()).rejects.toThrow(
      `path: repo/.git/config sets url.${p.outsideBare}.pushinsteadof`,
    );
    expect(p.pushedOutside()).toBe('');
  });

  it('refuses core.fsmonitor and hooks-related config, running nothing', async () => {
    const p = await prepared();
    p.setConfig('core.fsmonitor', p.outside.script('fsmonitor'));
    p.setConfig('core.hooksPath', path.join(p.outside.root, 'hooks'));
    await expect(p.commit()).rejects.toThrow(
      'path: repo/.git/config sets core.fsmonitor, core.hookspath',
    );
    expect(fs.readdirSync(p.outside.markers)).toEqual([]);
    expect(p.bareMoved()).toBe(false);
  });

  it('refuses an origin that is a symbolic link under the folder to a repository outside', async () => {
    const p = await prepared();
    fs.symlinkSync(p.outsideBare, path.join(p.repos, 'evil.git'));
    p.setConfig('remote.origin.url', path.join(p.repos, 'evil.git'));
    await expect(p.commit()).rejects.toThrow(
      /^path: repo is not a clone of a local repository under /,
    );
    await expect(
      p.commit({ bareRepo: path.join(p.repos, 'evil.git') }),
    ).rejects.toThrow(/^bareRepo: .*evil\.git is not a bare repository under /);
    expect(p.pushedOutside()).toBe('');
  });

  it('refuses a .git that is a link to, or a gitdir: file naming, another repository', async () => {
    const p = await prepared();
    const other = outsideRepo(p.outside.root);
    const otherHead = other.head();
    // the other repository points at the service's bare repository
    plainGit(['remote', 'add', 'origin', p.bare], other.repo);
    fs.rmSync(path.join(p.clone, '.git'), { recursive: true });
    fs.symlinkSync(path.join(other.repo, '.git'), path.join(p.clone, '.git'));
    await expect(p.commit()).rejects.toThrow(
      'path: repo/.git is not the folder runway:docs:checkout made',
    );
    fs.rmSync(path.join(p.clone, '.git'));
    fs.writeFileSync(
      path.join(p.clone, '.git'),
      `gitdir: ${path.join(other.repo, '.git')}\n`,
    );
    await expect(p.commit()).rejects.toThrow(
      'path: repo/.git is not the folder runway:docs:checkout made',
    );
    expect(other.head()).toBe(otherHead);
    expect(p.bareMoved()).toBe(false);
    // the other repository's file never reaches the service's repository
    expect(() => plainGit(['show', 'main:outside.txt'], p.bare)).toThrow();
  });

  it('refuses a bareRepo other than the clone origin', async () => {
    const p = await prepared();
    plainGit(
      ['clone', '--quiet', '--bare', p.bare, path.join(p.repos, 'other.git')],
      p.repos,
    );
    await expect(
      p.commit({ bareRepo: path.join(p.repos, 'other.git') }),
    ).rejects.toThrow(/^bareRepo: .* is not the origin of repo /);
  });

  it('refuses to overwrite changes pushed since the checkout', async () => {
    const p = await prepared();
    const elsewhere = path.join(p.outside.root, 'elsewhere');
    plainGit(['clone', '--quiet', p.bare, elsewhere], p.outside.root);
    fs.writeFileSync(path.join(elsewhere, 'CHANGELOG.md'), '# Changes\n');
    plainGit(['add', '--all'], elsewhere);
    plainGit(['commit', '--quiet', '-m', 'meanwhile'], elsewhere);
    plainGit(['push', '--quiet', 'origin', 'main'], elsewhere);
    await expect(p.commit()).rejects.toThrow(/git push .* failed/);
    expect(plainGit(['log', '-1', '--format=%s', 'main'], p.bare)).toBe(
      'meanwhile',
    );
  });
});

describe('runway:docs:checkout with a tampered local repositories folder', () => {
  it('refuses a bare repository that is a link leading outside the folder', async () => {
    const { repos, bare } = localService();
    const outside = outsideWorld();
    const moved = path.join(outside.root, 'evil.git');
    fs.renameSync(bare, moved);
    fs.symlinkSync(moved, path.join(repos, 'evil.git'));
    fs.mkdirSync(path.join(repos, 'evil'));
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'evil',
        namespace: 'default',
        annotations: {
          'backstage.io/managed-by-location': `file:${path.join(
            repos,
            'evil',
            'catalog-info.yaml',
          )}`,
        },
      },
      spec: {},
    };
    const checkout = createDocsCheckoutAction({
      catalog: catalogServiceMock({ entities: [entity] }),
      auth: mockServices.auth(),
      directory: repos,
    });
    const { ctx, workspacePath } = mockContext({
      entityRef: 'component:default/evil',
    });
    await expect(checkout.handler(ctx)).rejects.toThrow(
      `entityRef: ${path.join(
        repos,
        'evil.git',
      )} is not a bare repository under`,
    );
    expect(fs.existsSync(path.join(workspacePath, 'repo', '.git'))).toBe(false);
  });

  it('refuses to clone into a workspace folder that is a link leading outside', async () => {
    const { checkout } = localService();
    const outside = outsideWorld();
    const { ctx, workspacePath } = mockContext({
      entityRef: 'component:default/orders-api',
    });
    fs.symlinkSync(outside.root, path.join(workspacePath, 'repo'));
    await expect(checkout.handler(ctx)).rejects.toThrow(
      'path: repo leads outside the workspace',
    );
  });
});
