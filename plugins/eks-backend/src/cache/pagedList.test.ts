import { mockServices } from '@backstage/backend-test-utils';
import { startFakeApiserver } from '../__testUtils__/fakeApiserver';
import { KubeClient } from './KubeClient';
import { pagedList } from './pagedList';

const pods = Array.from({ length: 12 }, (_, i) => ({
  metadata: {
    name: `pod-${i}`,
    namespace: 'staging',
    managedFields: [{ manager: 'kubectl' }],
  },
}));

describe('pagedList', () => {
  let api: Awaited<ReturnType<typeof startFakeApiserver>>;
  let client: KubeClient;
  const logger = mockServices.logger.mock();
  beforeEach(async () => {
    api = await startFakeApiserver({ pods });
    client = new KubeClient(
      {
        name: 'stg',
        url: api.url,
        skipTLSVerify: false,
        timeoutMs: 2000,
        auth: { type: 'serviceAccount', token: 't' },
      },
      async () => 't',
    );
  });
  afterEach(() => api.close());
  const listRequests = () =>
    api.requests.filter(r => r.path === '/api/v1/pods').map(r => r.query);

  it('follows continue tokens page by page, with limit on every request', async () => {
    const list = await pagedList(client, '/api/v1/pods', {
      resource: 'pods',
      pageSize: 5,
      logger,
    });
    expect(list.items.map(p => p.metadata!.name)).toEqual(
      pods.map(p => p.metadata.name),
    );
    expect(list.metadata?.resourceVersion).toBe('100');
    expect(listRequests()).toEqual([
      { limit: '5' },
      { limit: '5', continue: '5' },
      { limit: '5', continue: '10' },
    ]);
  });

  it('transforms each object as it arrives', async () => {
    const list = await pagedList(client, '/api/v1/pods', {
      resource: 'pods',
      pageSize: 500,
      logger,
      transform: o => {
        delete (o.metadata as any).managedFields;
        return o;
      },
    });
    expect(list.items).toHaveLength(12);
    expect(list.items[0].metadata).toEqual({
      name: 'pod-0',
      namespace: 'staging',
    });
    expect(listRequests()).toEqual([{ limit: '500' }]);
  });

  it('restarts from the first page when a continue token expired (410)', async () => {
    api.state.expireContinueTokens = 1;
    const list = await pagedList(client, '/api/v1/pods', {
      resource: 'pods',
      pageSize: 5,
      logger,
    });
    expect(list.items).toHaveLength(12);
    expect(new Set(list.items.map(p => p.metadata!.name)).size).toBe(12);
    expect(listRequests()).toEqual([
      { limit: '5' },
      { limit: '5', continue: '5' },
      { limit: '5' },
      { limit: '5', continue: '5' },
      { limit: '5', continue: '10' },
    ]);
  });

  it('gives up after three restarts, with the 410', async () => {
    api.state.expireContinueTokens = 10;
    await expect(
      pagedList(client, '/api/v1/pods', {
        resource: 'pods',
        pageSize: 5,
        logger,
      }),
    ).rejects.toMatchObject({ statusCode: 410 });
    expect(listRequests()).toHaveLength(8);
  });
});
