import {
  coreServices,
  createServiceFactory,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdtempSync,
  openSync,
  readFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { as, ENTITIES, MANAGER } from './__testUtils__/testBackend';
import { awsCostPlugin } from './plugin';

jest.setTimeout(120_000);

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

describe('aws-cost import route', () => {
  it('re-runs the configured file imports for ops only', async () => {
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

  it('says in /status which rows of a file it left out (another provider)', async () => {
    const path = require.resolve(
      './import/__fixtures__/focus-1.2-aws-azure.csv',
    );
    const { server } = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: { awsCost: { sources: { files: [{ id: 'mixed', path }] } } },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        opsPermissions,
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    const message = `${path}: 5 rows of provider Microsoft not imported (Runway reports AWS spend only), cost 3.043333 USD`;
    const res = await request(server).post('/api/aws-cost/import').set(as(OPS));
    expect(res.status).toBe(200);
    expect(res.body[0].excluded.map((e: any) => e.message)).toEqual([message]);
    const status = await request(server)
      .get('/api/aws-cost/status')
      .set(as(MANAGER));
    expect(status.body.currency).toBe('USD');
    expect(status.body.sources).toEqual([
      expect.objectContaining({
        source: 'mixed',
        lastError: null,
        notices: [message],
      }),
    ]);
  });

  it('409 for a second import while one runs; the guard is released after it', async () => {
    // a named pipe as the configured file: the import runs until the test
    // writes the file's content into it
    const fifo = join(mkdtempSync(join(tmpdir(), 'cost-import-')), 'focus.csv');
    execFileSync('mkfifo', [fifo]);
    const { server } = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            awsCost: { sources: { files: [{ id: 'focus', path: fifo }] } },
          },
        }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        opsPermissions,
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    });
    const content = readFileSync(
      require.resolve('./import/__fixtures__/focus-1.2.csv'),
    );
    /** Waits until the running import has the pipe open, then feeds it. */
    async function feed() {
      for (;;) {
        try {
          const fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
          return () => {
            writeSync(fd, content);
            closeSync(fd);
          };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
          await new Promise(r => setTimeout(r, 20));
        }
      }
    }

    for (let round = 0; round < 2; round++) {
      const first = request(server)
        .post('/api/aws-cost/import')
        .set(as(OPS))
        .then(r => r);
      const finish = await feed();
      // a client timeout keeps a second import that would wait on the pipe
      // from blocking the test
      const second = await request(server)
        .post('/api/aws-cost/import')
        .set(as(OPS))
        .timeout(10_000)
        .catch(e => e);
      finish();
      expect(second.status).toBe(409);
      expect(second.body.error).toMatchObject({
        name: 'ConflictError',
        message:
          'A cost import is already running; try again when it has finished',
      });
      const done = await first;
      expect(done.status).toBe(200);
      expect(done.body).toEqual([
        expect.objectContaining({ id: 'focus', rows: 8, errorCount: 0 }),
      ]);
    }
  });
});
