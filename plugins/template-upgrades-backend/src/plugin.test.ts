import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { SERVICE, startPlugin } from './__testUtils__/backend';

const PLAIN: Entity = {
  ...SERVICE,
  metadata: { name: 'plain', namespace: 'default' },
};

const start = (decisions: Record<string, AuthorizeResult> = {}) =>
  startPlugin({ decisions, entities: [SERVICE, PLAIN] });

const user = mockCredentials.user('user:default/dev');
const auth = (credentials = user) => ({
  Authorization: mockCredentials.user.header(
    credentials.principal.userEntityRef,
  ),
});

describe('template upgrades routes', () => {
  it('lists the fleet and one service, with whether the caller may upgrade', async () => {
    const server = await start();
    const fleet = await request(server)
      .get('/api/template-upgrades/fleet')
      .set(auth());
    expect(fleet.status).toBe(200);
    expect(fleet.body).toEqual({
      sweepEnabled: false,
      templates: [
        {
          templateRef: 'template:default/microservice',
          archivedVersions: [],
          services: [
            {
              entityRef: 'component:default/orders-api',
              owner: 'group:default/team-a',
              templateRef: 'template:default/microservice',
              version: '1.0.0',
              behind: false,
            },
          ],
        },
      ],
    });
    const one = await request(server)
      .get('/api/template-upgrades/entity/component/default/orders-api')
      .set(auth());
    expect(one.status).toBe(200);
    expect(one.body.canUpgrade).toBe(true);
    expect(one.body.status.version).toBe('1.0.0');
    const plain = await request(server)
      .get('/api/template-upgrades/entity/component/default/plain')
      .set(auth());
    expect(plain.body).toEqual({ canUpgrade: false });
  });

  it('refuses without template-upgrades.read, and anonymous callers', async () => {
    const server = await start({
      'template-upgrades.read': AuthorizeResult.DENY,
    });
    for (const path of [
      '/api/template-upgrades/fleet',
      '/api/template-upgrades/entity/component/default/orders-api',
    ]) {
      expect((await request(server).get(path).set(auth())).status).toBe(403);
      expect(
        (
          await request(server)
            .get(path)
            .set('Authorization', mockCredentials.none.header())
        ).status,
      ).toBe(401);
    }
  });

  it('refuses an upgrade to a caller who is neither ops nor an owner', async () => {
    const server = await start({
      'template-upgrades.upgrade.create': AuthorizeResult.DENY,
    });
    const one = await request(server)
      .get('/api/template-upgrades/entity/component/default/orders-api')
      .set(auth());
    expect(one.body.canUpgrade).toBe(false);
    const res = await request(server)
      .post(
        '/api/template-upgrades/entity/component/default/orders-api/upgrade',
      )
      .set(auth());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/ops and its owners may/);
  });

  it('answers 409 for a service that is not behind, 404 for an unknown one, 400 for a bad name', async () => {
    const server = await start();
    const current = await request(server)
      .post(
        '/api/template-upgrades/entity/component/default/orders-api/upgrade',
      )
      .set(auth());
    expect(current.status).toBe(409);
    expect(current.body.error.message).toMatch(/has no archived version/);
    const unknown = await request(server)
      .post('/api/template-upgrades/entity/component/default/nope/upgrade')
      .set(auth());
    expect(unknown.status).toBe(404);
    const bad = await request(server)
      .get('/api/template-upgrades/entity/component/default/a%20b')
      .set(auth());
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^name: /);
  });
});
