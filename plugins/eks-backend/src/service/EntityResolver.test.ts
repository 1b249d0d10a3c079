import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import path from 'node:path';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { trustedOriginsFromConfig } from '@runway/backend-common';
import { catalogEntityResolver, servedClaimant } from './EntityResolver';

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

  it('with claims: a kubernetes-id claimed twice is served only to the claimant from a configured location', async () => {
    const claimed = (name: string, origin: string) =>
      component(name, {
        'backstage.io/kubernetes-id': 'shared',
        'backstage.io/managed-by-origin-location': origin,
      });
    const auth = mockServices.auth();
    const resolve = (entities: Entity[]) =>
      catalogEntityResolver(catalogServiceMock({ entities }), {
        auth,
        configuredLocations: trustedOriginsFromConfig(
          new ConfigReader({
            catalog: {
              locations: [{ type: 'url', target: 'https://git/runway.yaml' }],
            },
          }),
        ),
      });
    const trusted = claimed('trusted', 'url:https://git/runway.yaml');
    const other = claimed('other', 'url:https://git/other.yaml');
    const third = claimed('third', 'url:https://git/third.yaml');
    await expect(
      resolve([trusted, other])('component:default/trusted', credentials),
    ).resolves.toEqual({ id: 'shared', namespace: undefined });
    await expect(
      resolve([trusted, other])('component:default/other', credentials),
    ).rejects.toThrow(ConflictError);
    // no claimant from the app config: none is served
    await expect(
      resolve([other, third])('component:default/other', credentials),
    ).rejects.toThrow(
      "backstage.io/kubernetes-id 'shared' is claimed by component:default/other, component:default/third, and not by exactly one entity registered from the app config's catalog.locations",
    );
    // a single claimant is served wherever it was registered from
    await expect(
      resolve([other])('component:default/other', credentials),
    ).resolves.toEqual({ id: 'shared', namespace: undefined });
  });

  it('recognises a claimant registered from a file location of the app config (resolved against the working directory, as the catalog records it)', async () => {
    const fromFile = component('trusted', {
      'backstage.io/kubernetes-id': 'shared',
      'backstage.io/managed-by-origin-location': `file:${path.resolve(
        'a/b.yaml',
      )}`,
    });
    const other = component('other', {
      'backstage.io/kubernetes-id': 'shared',
      'backstage.io/managed-by-origin-location': 'url:https://git/other.yaml',
    });
    const resolve = catalogEntityResolver(
      catalogServiceMock({ entities: [fromFile, other] }),
      {
        auth: mockServices.auth(),
        configuredLocations: trustedOriginsFromConfig(
          new ConfigReader({
            catalog: { locations: [{ type: 'file', target: 'a/b.yaml' }] },
          }),
        ),
      },
    );
    await expect(
      resolve('component:default/trusted', credentials),
    ).resolves.toEqual({ id: 'shared', namespace: undefined });
    await expect(
      resolve('component:default/other', credentials),
    ).rejects.toThrow(ConflictError);
  });
});

describe('servedClaimant', () => {
  it('serves the only claimant, else the one from the app config, else none', () => {
    expect(servedClaimant(['component:default/a'], [])).toBe(
      'component:default/a',
    );
    expect(
      servedClaimant(
        ['component:default/a', 'component:default/b'],
        ['component:default/b'],
      ),
    ).toBe('component:default/b');
    expect(
      servedClaimant(['component:default/a', 'component:default/b'], []),
    ).toBeUndefined();
    expect(
      servedClaimant(
        ['component:default/a', 'component:default/b'],
        ['component:default/a', 'component:default/b'],
      ),
    ).toBeUndefined();
  });
});
