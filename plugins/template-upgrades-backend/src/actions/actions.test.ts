import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { SERVICE, startPlugin } from '../__testUtils__/backend';

async function start(decisions: Record<string, AuthorizeResult> = {}) {
  const registry = actionsRegistryServiceMock();
  const server = await startPlugin({
    decisions,
    entities: [SERVICE],
    registry,
  });
  const invoke = (name: string, input: object, user?: string) =>
    registry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: user
        ? mockCredentials.user(user)
        : (mockCredentials.none() as BackstageCredentials),
    });
  return { server, invoke };
}

describe('template upgrades actions', () => {
  it('template-status answers as GET /entity answers the same user', async () => {
    const { server, invoke } = await start();
    const route = await request(server)
      .get('/api/template-upgrades/entity/component/default/orders-api')
      .set('Authorization', mockCredentials.user.header('user:default/dev'));
    const { output } = await invoke(
      'template-status',
      { entityRef: 'orders-api' },
      'user:default/dev',
    );
    expect(output).toEqual({
      status: {
        templateRef: route.body.status.templateRef,
        version: route.body.status.version,
        behind: route.body.status.behind,
      },
      canUpgrade: route.body.canUpgrade,
    });
  });

  it('refuses as the routes do: no read, no upgrade, no user', async () => {
    const noRead = await start({
      'template-upgrades.read': AuthorizeResult.DENY,
    });
    await expect(
      noRead.invoke(
        'template-status',
        { entityRef: 'orders-api' },
        'user:default/dev',
      ),
    ).rejects.toThrow(/may not see template upgrades/);
    const noUpgrade = await start({
      'template-upgrades.upgrade.create': AuthorizeResult.DENY,
    });
    await expect(
      noUpgrade.invoke(
        'upgrade-service',
        { entityRef: 'orders-api' },
        'user:default/dev',
      ),
    ).rejects.toThrow(/ops and its owners may/);
    await expect(
      noUpgrade.invoke('upgrade-service', { entityRef: 'orders-api' }),
    ).rejects.toThrow();
  });

  it('upgrade-service says why a service that is not behind is not upgraded', async () => {
    const { invoke } = await start();
    await expect(
      invoke(
        'upgrade-service',
        { entityRef: 'component:default/orders-api' },
        'user:default/dev',
      ),
    ).rejects.toThrow(/has no archived version/);
    await expect(
      invoke(
        'template-status',
        { entityRef: 'not a ref::' },
        'user:default/dev',
      ),
    ).rejects.toThrow();
  });
});
