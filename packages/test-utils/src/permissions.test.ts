import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { asUser, rolePermissions, USERS } from '.';

describe('rolePermissions', () => {
  const permissions: any = rolePermissions(
    q => q.user === USERS.ops || q.resourceRef === 'component:default/mine',
  );

  it('answers each question with the rule', async () => {
    const decisions = await permissions.authorize(
      [
        { permission: { name: 'eks.cluster.read' } },
        {
          permission: { name: 'eks.workload.read' },
          resourceRef: 'component:default/mine',
        },
      ],
      { credentials: mockCredentials.user(USERS.payments) },
    );
    expect(decisions.map((d: any) => d.result)).toEqual([
      AuthorizeResult.DENY,
      AuthorizeResult.ALLOW,
    ]);
    const ops = await permissions.authorize(
      [{ permission: { name: 'eks.cluster.read' } }],
      { credentials: mockCredentials.user(USERS.ops) },
    );
    expect(ops[0].result).toBe(AuthorizeResult.ALLOW);
  });

  it('denies every conditional decision', async () => {
    const decisions = await permissions.authorizeConditional(
      [{ permission: { name: 'catalog.entity.read' } }],
      { credentials: mockCredentials.user(USERS.ops) },
    );
    expect(decisions).toEqual([{ result: AuthorizeResult.DENY }]);
  });

  it('makes the header of a user request', () => {
    expect(asUser(USERS.ops).Authorization).toBe(
      mockCredentials.user.header(USERS.ops),
    );
  });
});
