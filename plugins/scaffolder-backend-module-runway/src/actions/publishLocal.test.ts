import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';

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

  it('refuses paths outside the workspace', async () => {
    const { action, ctx } = setup({ ingests: true });
    ctx.input.catalogInfoPath = '../../etc/passwd';
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });
});
