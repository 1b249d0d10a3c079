import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createPublishLocalAction } from './publishLocal';
import { examples } from './publishLocal.examples';
import { exampleSteps, mockContext } from './__testUtils__/context';

function setup(addLocation: jest.Mock) {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'runway-repos-'));
  const catalog = catalogServiceMock.mock({ addLocation });
  const action = createPublishLocalAction({
    catalog,
    auth: mockServices.auth(),
    directory,
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
  return { action, directory, catalog, ...context };
}

const registered = jest.fn(async () => ({
  location: { id: '1', type: 'file', target: 'x' },
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders-api', namespace: 'default' },
    },
  ],
}));

describe('runway:publish:local', () => {
  it('commits the workspace to a bare repository and registers the checkout (the example)', async () => {
    const { action, ctx, outputs, directory } = setup(registered);
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
    expect(registered).toHaveBeenCalledWith(
      {
        type: 'file',
        target: path.join(directory, 'orders-api', 'catalog-info.yaml'),
      },
      expect.anything(),
    );
    expect(outputs).toMatchObject({
      remoteUrl: `file://${bare}`,
      checkoutPath: path.join(directory, 'orders-api'),
      entityRef: 'component:default/orders-api',
    });
    expect(outputs.commitHash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('refuses a repository that already exists', async () => {
    const { action, ctx, directory } = setup(registered);
    fs.mkdirSync(path.join(directory, 'orders-api.git'));
    await expect(action.handler(ctx)).rejects.toThrow(
      'name: a repository named "orders-api" already exists',
    );
  });

  it('leaves nothing published when registration fails', async () => {
    const failing = jest.fn(async () => {
      throw new Error('catalog unavailable');
    });
    const { action, ctx, directory } = setup(failing);
    await expect(action.handler(ctx)).rejects.toThrow('catalog unavailable');
    expect(fs.readdirSync(directory)).toEqual([]);
  });

  it('refuses a symbolic link that leaves the workspace', async () => {
    const { action, ctx, workspacePath, directory } = setup(registered);
    fs.symlinkSync('/etc/passwd', path.join(workspacePath, 'passwd'));
    await expect(action.handler(ctx)).rejects.toThrow(
      'passwd: symbolic link points outside the workspace',
    );
    expect(fs.readdirSync(directory)).toEqual([]);
  });

  it('refuses paths outside the workspace', async () => {
    const { action, ctx } = setup(registered);
    ctx.input.catalogInfoPath = '../../etc/passwd';
    await expect(action.handler(ctx)).rejects.toThrow(/outside/);
  });
});
