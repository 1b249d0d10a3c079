import { ConfigReader } from '@backstage/config';
import { DEFAULT_ROLE_BINDINGS, readRoleBindings, rolesFor } from './roles';
import { users } from './__testUtils__/policyHarness';

describe('roles', () => {
  it('derives roles from group membership with the default bindings', () => {
    expect([
      ...rolesFor(users['user:default/dev'], DEFAULT_ROLE_BINDINGS),
    ]).toEqual(['developer']);
    expect([
      ...rolesFor(users['user:default/ops'], DEFAULT_ROLE_BINDINGS),
    ]).toEqual(['ops']);
    expect([
      ...rolesFor(users['user:default/boss'], DEFAULT_ROLE_BINDINGS),
    ]).toEqual(['manager']);
    expect(
      rolesFor(users['user:default/nobody'], DEFAULT_ROLE_BINDINGS).size,
    ).toBe(0);
  });

  it('reads bindings from config, defaulting kind to group and namespace to default', () => {
    const bindings = readRoleBindings(
      new ConfigReader({
        runway: {
          permissions: {
            roles: { manager: ['Finance-Leads', 'user:default/Boss'] },
          },
        },
      }),
    );
    expect(bindings.manager).toEqual([
      'group:default/finance-leads',
      'user:default/boss',
    ]);
    expect(bindings.ops).toEqual(DEFAULT_ROLE_BINDINGS.ops);
    expect([...rolesFor(['User:Default/BOSS'], bindings)]).toEqual(['manager']);
  });

  it('fails start-up on a malformed ref, naming the config key', () => {
    expect(() =>
      readRoleBindings(
        new ConfigReader({
          runway: { permissions: { roles: { ops: ['group:'] } } },
        }),
      ),
    ).toThrow(/runway\.permissions\.roles\.ops\[0\]/);
  });
});
