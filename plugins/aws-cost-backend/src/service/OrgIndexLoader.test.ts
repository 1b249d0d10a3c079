import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { SMALL_ORG, smallOrgConfig } from '../__testUtils__/smallOrg';
import { ORG_INDEX_TTL_MS, OrgIndexLoader } from './OrgIndexLoader';

function setup(getEntities: () => Promise<{ items: typeof SMALL_ORG }>) {
  let now = 1_000_000;
  const catalog = catalogServiceMock.mock({
    getEntities: jest.fn(getEntities),
  });
  const auth = mockServices.auth.mock({
    getOwnServiceCredentials: async () =>
      mockCredentials.service('plugin:aws-cost'),
  });
  const loader = new OrgIndexLoader({
    catalog,
    auth,
    config: smallOrgConfig(),
    now: () => now,
  });
  return {
    loader,
    catalog,
    auth,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('OrgIndexLoader', () => {
  it("reads Groups and Components with the plugin's own credentials", async () => {
    const { loader, catalog } = setup(async () => ({ items: SMALL_ORG }));
    const index = await loader.get();
    expect(index.groups.get('group:default/team-a')?.parent).toBe(
      'group:default/org',
    );
    expect(index.components.get('component:default/svc-b')?.owner).toBe(
      'group:default/team-b',
    );
    expect(catalog.getEntities).toHaveBeenCalledWith(
      { filter: [{ kind: 'Group' }, { kind: 'Component' }] },
      { credentials: mockCredentials.service('plugin:aws-cost') },
    );
  });

  it('shares one catalog request between callers for a minute', async () => {
    const { loader, catalog, advance } = setup(async () => ({
      items: SMALL_ORG,
    }));
    const [a, b] = await Promise.all([loader.get(), loader.get()]);
    expect(a).toBe(b);
    advance(ORG_INDEX_TTL_MS);
    expect(await loader.get()).toBe(a);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    advance(1);
    expect(await loader.get()).not.toBe(a);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });

  it('reports a catalog failure as unavailable and asks again next time', async () => {
    let fail = true;
    const { loader, catalog } = setup(async () => {
      if (fail) throw new Error('connect ECONNREFUSED');
      return { items: SMALL_ORG };
    });
    const error = await loader.get().catch(e => e);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.message).toMatch(/^The catalog did not answer/);
    expect(error.cause.message).toBe('connect ECONNREFUSED');
    fail = false;
    expect((await loader.get()).groups.size).toBe(3);
    expect(catalog.getEntities).toHaveBeenCalledTimes(2);
  });
});
