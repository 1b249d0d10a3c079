import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { repositoryOf, trustedOriginsFromConfig } from './locations';

describe('repositoryOf', () => {
  it('names the repository of each git host', () => {
    expect(
      repositoryOf('https://github.com/Acme/Orders/blob/main/slo.yaml'),
    ).toBe('https://github.com/acme/orders');
    expect(
      repositoryOf('https://gitlab.com/acme/team/orders/-/blob/main/slo.yaml'),
    ).toBe('https://gitlab.com/acme/team/orders');
    expect(
      repositoryOf(
        'https://dev.azure.com/acme/shop/_git/orders?path=/slo.yaml',
      ),
    ).toBe('https://dev.azure.com/acme/shop/_git/orders');
    expect(
      repositoryOf(
        'https://git.acme.test/projects/SHOP/repos/orders/browse/slo.yaml',
      ),
    ).toBe('https://git.acme.test/projects/shop/repos/orders');
  });

  it('resolves dot segments before naming the repository', () => {
    expect(
      repositoryOf('https://github.com/acme/orders/../../other/secret/x.yaml'),
    ).toBe('https://github.com/other/secret');
    expect(
      repositoryOf('https://github.com/acme/orders/%2e%2e/%2e%2e/other/x/y'),
    ).toBe('https://github.com/other/x');
  });

  it('names nothing for a URL without a whole repository path', () => {
    expect(repositoryOf('https://github.com/acme')).toBeUndefined();
    expect(repositoryOf('https://github.com/acme//orders')).toBeUndefined();
    expect(repositoryOf('file:///etc/passwd')).toBeUndefined();
    expect(repositoryOf('not a url')).toBeUndefined();
  });
});

describe('trustedOriginsFromConfig', () => {
  it('names each catalog location as the catalog writes its origin, file targets resolved', () => {
    const config = mockServices.rootConfig({
      data: {
        catalog: {
          locations: [
            { type: 'file', target: './catalog/org.yaml' },
            {
              type: 'url',
              target: 'https://github.com/acme/platform/blob/main/all.yaml',
            },
          ],
        },
      },
    });
    expect(trustedOriginsFromConfig(config)).toEqual([
      `file:${path.resolve('catalog/org.yaml')}`,
      'url:https://github.com/acme/platform/blob/main/all.yaml',
    ]);
    expect(trustedOriginsFromConfig(mockServices.rootConfig())).toEqual([]);
  });
});
