import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';
import {
  outsideRepo,
  outsideWorld,
  plainGit,
  publishedTree,
} from './__testUtils__/hostile';

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-api', namespace: 'default' },
};

/**
 * A catalog that "ingests" the checkout when refreshed (as the
 * LocalRepositoriesProvider makes the real catalog do), or never does.
 */
function setup(options: { ingests: boolean }) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-repos-'));
  let ingested = false;
  const catalog = catalogServiceMock.mock({
    getEntityByRef: jest.fn(async () =>
      ingested ? component : undefined,
    ) as any,
  });
  const catalogRefresh = jest.fn(async () => {
    ingested =
      options.ingests &&
      fs.existsSync(path.join(directory, 'orders-api', 'catalog-info.yaml'));
  });
  const action = createPublishLocalAction({
    catalog,
    auth: mockServices.auth(),
    directory,
    catalogRefresh,
    registrationTimeoutMs: 1500,
  });
  const context = mockContext(exampleSteps(examples)[0].input);
  fs.writeFileSync(
    path.join(context.workspacePath, 'catalog-info.yaml'),
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders-api\n',
  );
  fs.writeFileSync(
    path.join(context.workspacePath, 'README.md'),
    '# orders-api\n',
  );
  return { action, directory, catalog, catalogRefresh, ...context };
}

describe('runway:publish:local', () => {
  it('commits the workspace to a bare repository and registers the checkout (the example)', async () => {
    const { action, ctx, outputs, directory, catalogRefresh } = setup({
      ingests: true,
    });
    await action.handler(ctx);
    const bare = path.join(directory, 'orders-api.git');
    const files = execFileSync('git', ['ls-tree', '--name-only', 'main'], {
      cwd: bare,
      encoding: 'utf8',
    });
    expect(files.split('\n').filter(Boolean)).toEqual([
      'README.md',
      'catalog-info.yaml',
    ]);
    expect(catalogRefresh).toHaveBeenCalledTimes(1);
    expect(
      fs.existsSync(path.join(directory, 'orders-api', 'catalog-info.yaml')),
    ).toBe(true);
    expect(outputs).toMatchObject({
      remoteUrl: `file://${bare}`,
      checkoutPath: path.join(directory, 'orders-api'),
      entityRef: 'component:default/orders-api',
    });
    expect(outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses a repository that already exists', async () => {
    const { action, ctx, directory } = setup({ ingests: true });
    fs.mkdirSync(path.join(directory, 'orders-api.git'));
    await expect(action.handler(ctx)).rejects.toThrow(
      'name: a repository named "orders-api" already exists',
    );
  });

  it('leaves nothing published or registered when the catalog does not ingest it', async () => {
    const { action, ctx, directory, catalogRefresh } = setup({
      ingests: false,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      'component:default/orders-api did not appear in the catalog within 2 s',
    );
    expect(fs.readdirSync(directory)).toEqual([]);
    // the provider re-read the emptied folder: no location is left behind
    expect(catalogRefresh).toHaveBeenCalledTimes(2);
  });

  it('refuses a symbolic link that leaves the workspace', async () => {
    const { action, ctx, workspacePath, directory } = setup({ ingests: true });
    fs.symlinkSync('/etc/passwd', path.join(workspacePath, 'passwd'));
    await expect(action.handler(ctx)).rejects.toThrow(
      'passwd: symbolic link points outside the workspace',
    );
    expect(fs.readdirSync(directory)).toEqual([]);
  });

  it('keeps a relative link inside the workspace as a link; refuses an absolute one and one into .git', async () => {
    const ok = setup({ ingests: true });
    fs.symlinkSync('README.md', path.join(ok.workspacePath, 'README-link.md'));
    await ok.action.handler(ok.ctx);
    expect(publishedTree(path.join(ok.directory, 'orders-api.git'))).toEqual([
      '120000 README-link.md',
      '100644 README.md',
      '100644 catalog-info.yaml',
    ]);
    const absolute = setup({ ingests: true });
    fs.symlinkSync(
      path.join(absolute.workspacePath, 'README.md'),
      path.join(absolute.workspacePath, 'README-link.md'),
    );
    await expect(absolute.action.handler(absolute.ctx)).rejects.toThrow(
      'README-link.md: symbolic link has an absolute target',
    );
    const intoGit = setup({ ingests: true });
    fs.symlinkSync('.git/config', path.join(intoGit.workspacePath, 'config'));
    await expect(intoGit.action.handler(intoGit.ctx)).rejects.toThrow(
      'config: symbolic link points into a .git folder',
    );
    expect(fs.readdirSync(intoGit.directory)).toEqual([]);
  });

  it('refuses paths outside the workspace', async () => {
    const { action, ctx } = setup({ ingests: true });
    ctx.input.catalogInfoPath = '../../etc/passwd';
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });
});

describe('runway:publish:local with a workspace that carries its own .git', () => {
  /**
   * Publishes a workspace that `prepare` made hostile; returns what the
   * published repository and the world outside look like afterwards.
   */
  async function publishHostile(
    prepare: (
      workspace: string,
      outside: ReturnType<typeof outsideWorld>,
      other: ReturnType<typeof outsideRepo>,
    ) => void,
  ) {
    const { action, ctx, workspacePath, directory } = setup({ ingests: true });
    const outside = outsideWorld();
    fs.writeFileSync(path.join(outside.root, 'stolen.txt'), 'secret\n');
    const other = outsideRepo(outside.root);
    const otherHead = other.head();
    prepare(workspacePath, outside, other);
    await action.handler(ctx);
    const bare = path.join(directory, 'orders-api.git');
    const checkout = path.join(directory, 'orders-api');
    return {
      markers: fs.readdirSync(outside.markers),
      tree: publishedTree(bare),
      commits: plainGit(['rev-list', '--count', 'main'], bare),
      otherMoved: other.head() !== otherHead,
      configs: [
        fs.readFileSync(path.join(bare, 'config'), 'utf8'),
        fs.readFileSync(path.join(checkout, '.git', 'config'), 'utf8'),
      ].join('\n'),
      outsideRoot: outside.root,
    };
  }

  const plainFiles = ['100644 README.md', '100644 catalog-info.yaml'];

  it("publishes none of a .git folder's history, config or hooks, and runs none of its commands", async () => {
    const result = await publishHostile((workspace, outside) => {
      plainGit(['init', '--quiet', '--initial-branch=main'], workspace);
      // a forged history the published repository must not inherit
      fs.writeFileSync(path.join(workspace, 'forged.txt'), 'forged\n');
      plainGit(['add', 'forged.txt'], workspace);
      plainGit(['commit', '--quiet', '-m', 'forged'], workspace);
      fs.rmSync(path.join(workspace, 'forged.txt'));
      const included = path.join(outside.root, 'included.config');
      fs.writeFileSync(
        included,
        `[core]\n\tfsmonitor = ${outside.script('included-fsmonitor')}\n`,
      );
      const set = (key: string, value: string) =>
        plainGit(['config', key, value], workspace);
      set('core.fsmonitor', outside.script('fsmonitor'));
      set('core.sshCommand', outside.script('ssh'));
      set('include.path', included);
      // git add --all would take the files of this folder instead
      set('core.worktree', outside.root);
      for (const hook of ['pre-commit', 'post-commit', 'pre-push']) {
        const file = path.join(workspace, '.git', 'hooks', hook);
        fs.copyFileSync(outside.script(hook), file);
        fs.chmodSync(file, 0o755);
      }
    });
    expect(result.markers).toEqual([]);
    expect(result.tree).toEqual(plainFiles);
    expect(result.commits).toBe('1');
    expect(result.configs).not.toContain(result.outsideRoot);
  });

  it('publishes only the workspace when its .git is a file naming another repository', async () => {
    const result = await publishHostile((workspace, _outside, other) => {
      fs.writeFileSync(
        path.join(workspace, '.git'),
        `gitdir: ${path.join(other.repo, '.git')}\n`,
      );
    });
    expect(result.otherMoved).toBe(false);
    expect(result.tree).toEqual(plainFiles);
    expect(result.commits).toBe('1');
    expect(result.configs).not.toContain(result.outsideRoot);
  });

  it('publishes only the workspace when its .git is a symbolic link to another repository', async () => {
    const result = await publishHostile((workspace, _outside, other) => {
      fs.symlinkSync(
        path.join(other.repo, '.git'),
        path.join(workspace, '.git'),
      );
    });
    expect(result.otherMoved).toBe(false);
    expect(result.tree).toEqual(plainFiles);
    expect(result.commits).toBe('1');
  });

  it('publishes a nested repository as plain files: no gitlink, no submodule', async () => {
    const result = await publishHostile((workspace, outside, other) => {
      const vendored = path.join(workspace, 'lib', 'vendored');
      fs.mkdirSync(vendored, { recursive: true });
      plainGit(['init', '--quiet', '--initial-branch=main'], vendored);
      fs.writeFileSync(path.join(vendored, 'vendored.txt'), 'v\n');
      plainGit(['add', '--all'], vendored);
      plainGit(['commit', '--quiet', '-m', 'vendored'], vendored);
      plainGit(
        ['config', 'core.fsmonitor', outside.script('nested-fsmonitor')],
        vendored,
      );
      fs.writeFileSync(
        path.join(workspace, '.gitmodules'),
        `[submodule "vendored"]\n\tpath = lib/vendored\n\turl = ${other.repo}\n`,
      );
    });
    expect(result.markers).toEqual([]);
    expect(result.tree).toEqual([
      '100644 .gitmodules',
      ...plainFiles,
      '100644 lib/vendored/vendored.txt',
    ]);
    expect(result.otherMoved).toBe(false);
  });
});
