import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { templateUpgradesPlugin } from '../plugin';

const SERVICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    namespace: 'default',
    annotations: {
      'backstage.io/source-template': 'template:default/microservice',
      'runway.io/template-version': '1.0.0',
    },
  },
  spec: { type: 'service', owner: 'group:default/team-a', lifecycle: 'production' },
};

async function start(decisions: Record<string, AuthorizeResult> = {}) {
  const registry = actionsRegistryServiceMock();
  const { server } = await startTestBackend({
    features: [
      templateUpgradesPlugin,
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(
            r =>
              ({
                result: decisions[r.permission.name] ?? AuthorizeResult.ALLOW,
              }) as PolicyDecision,
          ) as any,
      }).factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn() }),
      }),
      createServiceFactory({
        service: actionsRegistryServiceRef,
        deps: {},
        factory: () => registry,
      }),
      mockServices.rootConfig.factory({ data: {} }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({ entities: [SERVICE] }),
    ],
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
    const noRead = await start({ 'template-upgrades.read': AuthorizeResult.DENY });
    await expect(
      noRead.invoke('template-status', { entityRef: 'orders-api' }, 'user:default/dev'),
    ).rejects.toThrow(/may not see template upgrades/);
    const noUpgrade = await start({
      'template-upgrades.upgrade.create': AuthorizeResult.DENY,
    });
    await expect(
      noUpgrade.invoke('upgrade-service', { entityRef: 'orders-api' }, 'user:default/dev'),
    ).rejects.toThrow(/ops and its owners may/);
    await expect(
      noUpgrade.invoke('upgrade-service', { entityRef: 'orders-api' }),
    ).rejects.toThrow();
  });

  it('upgrade-service says why a service that is not behind is not upgraded', async () => {
    const { invoke } = await start();
    await expect(
      invoke('upgrade-service', { entityRef: 'component:default/orders-api' }, 'user:default/dev'),
    ).rejects.toThrow(/has no archived version/);
    await expect(
      invoke('template-status', { entityRef: 'not a ref::' }, 'user:default/dev'),
    ).rejects.toThrow();
  });
});
