import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogEntityResolver } from './EntityResolver';

const component = (
  name: string,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', annotations },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
});

describe('catalogEntityResolver', () => {
  const credentials = mockCredentials.user('user:default/erin.payments');

  it('answers the kubernetes-id and the namespace override', async () => {
    const resolve = catalogEntityResolver(
      catalogServiceMock({
        entities: [
          component('payments-api', {
            'backstage.io/kubernetes-id': 'payments-api',
          }),
          component('billing', {
            'backstage.io/kubernetes-id': 'billing-worker',
            'backstage.io/kubernetes-namespace': 'billing',
          }),
        ],
      }),
    );
    await expect(
      resolve('component:default/payments-api', credentials),
    ).resolves.toEqual({ id: 'payments-api', namespace: undefined });
    await expect(
      resolve('component:default/billing', credentials),
    ).resolves.toEqual({ id: 'billing-worker', namespace: 'billing' });
  });

  it('reads the catalog as the caller', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn(async () =>
        component('payments-api', {
          'backstage.io/kubernetes-id': 'payments-api',
        }),
      ),
    });
    await catalogEntityResolver(catalog)(
      'component:default/payments-api',
      credentials,
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledWith(
      'component:default/payments-api',
      { credentials },
    );
  });

  it('is 404 for an entity the caller cannot see and 400 without kubernetes-id', async () => {
    const resolve = catalogEntityResolver(
      catalogServiceMock({ entities: [component('no-k8s')] }),
    );
    await expect(
      resolve('component:default/missing', credentials),
    ).rejects.toThrow(NotFoundError);
    const noId = resolve('component:default/no-k8s', credentials);
    await expect(noId).rejects.toThrow(InputError);
    await expect(noId).rejects.toThrow(
      'component:default/no-k8s has no backstage.io/kubernetes-id annotation',
    );
  });
});
