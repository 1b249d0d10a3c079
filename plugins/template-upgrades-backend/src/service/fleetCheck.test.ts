import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EventNotifier } from '@runway/backend-common';
import { Fixture, V1, V2 } from '../__testUtils__/fixture';
import { checkFleet } from './fleetCheck';

jest.setTimeout(60_000);

describe('checkFleet', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let fx: Fixture;
  beforeEach(() => {
    fx = new Fixture(databases);
  });
  afterEach(() => fx.cleanUp());

  it('tells owners once per version and, with the sweep, opens each upgrade once', async () => {
    const services = [fx.service('a-svc'), fx.service('b-svc')];
    const current = await fx.upgrades('1.0.0', services);
    await fx.publish(current, V1);
    await fx.createService('a-svc');
    await fx.createService('b-svc');
    const notifications = { send: jest.fn() };
    const events = await EventNotifier.create({
      database: mockServices.database({
        knex: await databases.init('SQLITE_3'),
      }),
      notifications,
      logger: mockServices.logger.mock(),
    });
    const run = async (version: string, sweepEnabled: boolean) =>
      checkFleet({
        upgrades: await fx.upgrades(version, services),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        events,
        sweepEnabled,
      });

    expect(await run('1.0.0', true)).toEqual({
      services: 2,
      behind: 0,
      opened: 0,
    });
    expect(notifications.send).not.toHaveBeenCalled();

    // 1.1.0 is published: both behind, owners told once each, nothing opened
    await fx.publish(await fx.upgrades('1.1.0', services), V2);
    expect(await run('1.1.0', false)).toEqual({
      services: 2,
      behind: 2,
      opened: 0,
    });
    expect(notifications.send).toHaveBeenCalledTimes(2);
    expect(notifications.send.mock.calls[0][0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'group:default/team-a' },
      payload: {
        title: 'a-svc is behind template:default/svc-template 1.1.0',
        link: '/catalog/default/component/a-svc',
        topic: 'template-upgrade',
      },
    });

    // the sweep opens both, then nothing more; owners are not told again
    expect(await run('1.1.0', true)).toEqual({
      services: 2,
      behind: 2,
      opened: 2,
    });
    expect(await run('1.1.0', true)).toEqual({
      services: 2,
      behind: 2,
      opened: 0,
    });
    expect(notifications.send).toHaveBeenCalledTimes(2);
    const fleet = await (
      await fx.upgrades('1.1.0', services)
    ).fleet(await mockServices.auth().getOwnServiceCredentials());
    expect(fleet[0].services.map(s => s.upgrade?.createdBy)).toEqual([
      'sweep',
      'sweep',
    ]);
  });
});
