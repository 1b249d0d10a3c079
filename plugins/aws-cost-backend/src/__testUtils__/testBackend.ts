import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { addDays, addMonths } from '@runway/plugin-aws-cost-common';
import { awsCostPlugin } from '../plugin';
import { component, group } from './entities';

/** The sample data ends yesterday; M2 is the month before last (complete). */
export const M2 = addMonths(
  addDays(new Date().toISOString().slice(0, 10), -1),
  -2,
).slice(0, 7);
/** A finance manager: reads every report. */
export const MANAGER = 'user:default/carol.finance';
/** A member of team-payments: reads only what team-payments owns. */
export const DEVELOPER = 'user:default/erin.payments';

/** The sample organisation's catalog (Components carry `ownedBy`). */
export const ENTITIES: Entity[] = [
  group('runway-org', undefined, [
    'platform-ops',
    'finance',
    'team-payments',
    'team-checkout',
  ]),
  group('platform-ops', 'runway-org'),
  group('finance', 'runway-org'),
  group('team-payments', 'runway-org'),
  group('team-checkout', 'runway-org'),
  ...[
    ['storefront-web', 'team-checkout'],
    ['checkout-api', 'team-checkout'],
    ['inventory-api', 'team-checkout'],
    ['payments-api', 'team-payments'],
    ['billing-worker', 'team-payments'],
    ['runway', 'platform-ops'],
  ].map(([name, owner]) => component(name, owner, { ownedBy: true })),
];

/**
 * Stands in for Runway's policy: managers read everything; erin (a member
 * of team-payments) reads only the entities team-payments owns.
 */
export const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const decide = (credentials: any, name: string, resourceRef?: string) => {
      const user = credentials?.principal?.userEntityRef;
      if (user === MANAGER) return AuthorizeResult.ALLOW;
      if (
        user === DEVELOPER &&
        name === 'aws-cost.entity.read' &&
        resourceRef
      ) {
        const entity = ENTITIES.find(
          e =>
            `${e.kind}:default/${e.metadata.name}`.toLowerCase() ===
            resourceRef,
        );
        const owner = entity?.relations?.find(
          r => r.type === 'ownedBy',
        )?.targetRef;
        // the catalog's owner rule: ownedBy relations only (Groups have none)
        return owner === 'group:default/team-payments'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY;
      }
      return AuthorizeResult.DENY;
    };
    return {
      authorize: async (requests: any[], options: any) =>
        requests.map(r => ({
          result: decide(options.credentials, r.permission.name, r.resourceRef),
        })),
      authorizeConditional: async (requests: any[]) =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    } as unknown as PermissionsService;
  },
});

/** Sample data and two budgets, one given as a decimal string. */
export const config = {
  awsCost: {
    sources: { sample: { enabled: true } },
    budgets: [
      { entityRef: 'group:default/team-payments', monthly: 9000 },
      { entityRef: 'group:default/runway-org', monthly: '30000.50' },
    ],
  },
};

/** Starts the plugin with the sample data set and the stand-in policy. */
export async function start(
  catalog = catalogServiceMock.factory({ entities: ENTITIES }),
  { startupTasks = true }: { startupTasks?: boolean } = {},
) {
  const { server } = await startTestBackend({
    features: [
      awsCostPlugin,
      mockServices.rootConfig.factory({ data: config }),
      mockServices.userInfo.mock({
        getUserInfo: async (credentials: any) => {
          const ref = credentials.principal.userEntityRef;
          return {
            userEntityRef: ref,
            ownershipEntityRefs:
              ref === DEVELOPER ? [ref, 'group:default/team-payments'] : [ref],
          };
        },
      }).factory,
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: startupTasks,
      }),
      permissionsFactory,
      catalog,
    ],
  });
  return server;
}

/** Request headers of a signed-in user. */
export const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
