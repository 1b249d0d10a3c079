import {
  ActionsRegistryService,
  actionsRegistryServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { templateUpgradesPlugin } from '../plugin';

/** A service made from the golden path, in a repository Runway cannot reach. */
export const SERVICE: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    namespace: 'default',
    annotations: {
      'backstage.io/source-template': 'template:default/microservice',
      'runway.io/template-version': '1.0.0',
      'backstage.io/managed-by-location':
        'url:https://unknown.example.com/acme/orders-api/blob/main/catalog-info.yaml',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team-a',
    lifecycle: 'production',
  },
};

/**
 * The plugin on a test backend: permissions decided per name (anything
 * unnamed allowed), the catalog holding `entities`, notifications and
 * scheduled tasks stubbed, and the actions in `registry` when given.
 */
export async function startPlugin(options: {
  decisions?: Record<string, AuthorizeResult>;
  entities: Entity[];
  registry?: ActionsRegistryService;
}) {
  const decisions = options.decisions ?? {};
  const { server } = await startTestBackend({
    features: [
      templateUpgradesPlugin,
      mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(
            r =>
              ({
                result: decisions[r.permission.name] ?? AuthorizeResult.ALLOW,
              } as PolicyDecision),
          ) as any,
      }).factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: jest.fn() }),
      }),
      ...(options.registry
        ? [
            createServiceFactory({
              service: actionsRegistryServiceRef,
              deps: {},
              factory: () => options.registry!,
            }),
          ]
        : []),
      mockServices.rootConfig.factory({ data: {} }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
      catalogServiceMock.factory({ entities: options.entities }),
    ],
  });
  return server;
}
