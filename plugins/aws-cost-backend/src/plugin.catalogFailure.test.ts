import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { as, MANAGER, start } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('aws-cost router when the catalog fails', () => {
  it('503 (not 500, not 400) for an upstream failure', async () => {
    const failing = catalogServiceMock.mock({
      getEntities: async () => {
        throw new Error('connect ECONNREFUSED');
      },
      getEntityByRef: async () => {
        throw new Error('connect ECONNREFUSED');
      },
    });
    const server = await start(
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => failing,
      }) as any,
      // the catalog is asked before the store: no sample import needed, and
      // none competing for the CPU while the requests wait
      { startupTasks: false },
    );
    const breakdown = await request(server)
      .get('/api/aws-cost/breakdown')
      .set(as(MANAGER));
    expect(breakdown.status).toBe(503);
    expect(breakdown.body.error.name).toBe('ServiceUnavailableError');
    const entity = await request(server)
      .get('/api/aws-cost/entity/component/default/billing-worker')
      .set(as(MANAGER));
    expect(entity.status).toBe(503);
  });
});
