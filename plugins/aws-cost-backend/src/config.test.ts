import { ConfigReader } from '@backstage/config';
import { resolve } from 'node:path';
import { readAwsCostConfig } from './config';

const read = (data: object) => readAwsCostConfig(new ConfigReader(data));

describe('readAwsCostConfig', () => {
  it('defaults the notifications: on, hourly, 5 minutes after start-up, to finance', () => {
    expect(read({}).notifications).toEqual({
      enabled: true,
      frequencyMinutes: 60,
      initialDelaySeconds: 300,
      managers: ['group:default/finance'],
    });
  });

  it('reads the notifications and the manager groups of the permission roles', () => {
    expect(
      read({
        awsCost: {
          notifications: {
            enabled: false,
            frequencyMinutes: 1,
            initialDelaySeconds: 0,
          },
        },
        runway: {
          permissions: {
            roles: { manager: ['Finance-Leads', 'user:default/boss'] },
          },
        },
      }).notifications,
    ).toEqual({
      enabled: false,
      frequencyMinutes: 1,
      initialDelaySeconds: 0,
      managers: ['group:default/finance-leads', 'user:default/boss'],
    });
  });

  it.each([
    [
      { awsCost: { notifications: { frequencyMinutes: 0 } } },
      "Invalid config awsCost.notifications.frequencyMinutes: '0' is not > 0",
    ],
    [
      { awsCost: { notifications: { initialDelaySeconds: -1 } } },
      "Invalid config awsCost.notifications.initialDelaySeconds: '-1' is not >= 0",
    ],
    [
      { runway: { permissions: { roles: { manager: ['group:'] } } } },
      "Invalid config runway.permissions.roles.manager[0]: 'group:'",
    ],
  ])('names the bad key: %j', (data, message) => {
    expect(() => read(data)).toThrow(message);
  });

  it('trusts the catalog.locations as the catalog writes their origin', () => {
    expect(
      read({
        catalog: {
          locations: [
            { type: 'file', target: '../../catalog/org.yaml' },
            { type: 'url', target: 'https://git.example.com/org/catalog.yaml' },
          ],
        },
      }).trustedLocations,
    ).toEqual([
      `file:${resolve('../../catalog/org.yaml')}`,
      'url:https://git.example.com/org/catalog.yaml',
    ]);
  });
});
