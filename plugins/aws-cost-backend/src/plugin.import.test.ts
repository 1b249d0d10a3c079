import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { as, ENTITIES, MANAGER } from './__testUtils__/testBackend';
import { awsCostPlugin } from './plugin';

jest.setTimeout(120_000);

describe('aws-cost import route', () => {
  it('re-runs the configured file imports for ops only', async () => {
    const OPS = 'user:default/alice.ops';
    const opsPermissions = createServiceFactory({
      service: coreServices.permissions,
      deps: {},
      factory(): PermissionsService {
        return {
          authorize: async (requests: any[], options: any) =>
            requests.map(r => ({
              result:
                options.credentials?.principal?.userEntityRef === OPS ||
                r.permission.name !== 'aws-cost.import.create'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            })),
          authorizeConditional: async (requests: any[]) =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
        } as unknown as PermissionsService;
      },
    });
    const { server } = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            awsCost: {
              sources: {
                files: [
                  {
                    id: 'focus',
                    path: require.resolve(
                      './import/__fixtures__/focus-1.2.csv',
                    ),
                  },
                ],
              },
            },
          },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        opsPermissions,
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    const refused = await request(server)
      .post('/api/aws-cost/import')
      .set(as(MANAGER));
    expect(refused.status).toBe(403);
    const res = await request(server).post('/api/aws-cost/import').set(as(OPS));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        id: 'focus',
        format: 'focus',
        rows: 8,
        errorCount: 0,
      }),
    ]);
    const status = await request(server)
      .get('/api/aws-cost/status')
      .set(as(OPS));
    expect(status.body.sources).toEqual([
      expect.objectContaining({
        source: 'focus',
        type: 'focus',
        sample: false,
        lastError: null,
      }),
    ]);
    expect(status.body.sample).toBe(false);
  });
});
