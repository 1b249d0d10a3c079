import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { addDays, addMonths } from '@runway/plugin-aws-cost-common';

import {
  permissionsByRole,
  sampleOrganisation,
  USERS,
} from '@runway/test-utils';
import { awsCostPlugin } from '../plugin';
import { allocatedByService } from './entities';
import { sampleDirectory } from './store';

/** The sample data ends yesterday; M2 is the month before last (complete). */
export const M2 = addMonths(
  addDays(new Date().toISOString().slice(0, 10), -1),
  -2,
).slice(0, 7);
/** A finance manager: reads every report. */
export const MANAGER = USERS.manager;
/** A member of team-payments: reads only what team-payments owns. */
export const DEVELOPER = USERS.payments;

/** The sample organisation's catalog (Components carry `ownedBy`). */
export const ENTITIES: Entity[] = sampleOrganisation(allocatedByService);

/**
 * Stands in for Runway's policy: managers read everything; erin (a member
 * of team-payments) reads only the entities team-payments owns.
 */
export const permissionsFactory = permissionsByRole(
  ({ user, permission, resourceRef }) => {
    if (user === MANAGER) return true;
    if (user !== DEVELOPER || permission !== 'aws-cost.entity.read') {
      return false;
    }
    const entity = ENTITIES.find(
      e => `${e.kind}:default/${e.metadata.name}`.toLowerCase() === resourceRef,
    );
    // the catalog's owner rule: ownedBy relations only (Groups have none)
    return (
      entity?.relations?.find(r => r.type === 'ownedBy')?.targetRef ===
      'group:default/team-payments'
    );
  },
);

/** Sample data and two budgets, one given as a decimal string. */
export const config = {
  awsCost: {
    sources: { sample: { enabled: true, directory: sampleDirectory() } },
    budgets: [
      { entityRef: 'group:default/team-payments', monthly: 9000 },
      { entityRef: 'group:default/runway-org', monthly: '30000.50' },
    ],
  },
};

/**
 * Stands in for the notifications backend: `send` records what the plugin
 * sends; `factory` provides it as the plugin's notification service.
 */
export function notificationsMock() {
  const send = jest.fn(async (_options: NotificationSendOptions) => {});
  return {
    send,
    factory: createServiceFactory({
      service: notificationService,
      deps: {},
      factory: () => ({ send }),
    }),
  };
}

/** Starts the plugin with the sample data set and the stand-in policy. */
export async function start(
  catalog = catalogServiceMock.factory({ entities: ENTITIES }),
  {
    startupTasks = true,
    features = [],
  }: {
    startupTasks?: boolean;
    /** more features (e.g. an actions registry to call the actions on) */
    features?: Parameters<typeof startTestBackend>[0]['features'];
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      ...(features ?? []),
      awsCostPlugin,
      mockServices.rootConfig.factory({ data: config }),
      notificationsMock().factory,
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
