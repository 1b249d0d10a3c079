import { NotFoundError } from '@backstage/errors';
import { emailSignInResolver } from './emailSignInResolver';

type Info = Parameters<typeof emailSignInResolver>[0];
type Ctx = Parameters<typeof emailSignInResolver>[1];

function info(userinfo: Record<string, unknown>, profileEmail?: string): Info {
  return {
    profile: { email: profileEmail },
    result: {
      fullProfile: { userinfo, tokenset: {} },
      session: {},
    },
  } as unknown as Info;
}

function ctx(known: Record<string, string>) {
  const signInWithCatalogUser = jest.fn(
    async (query: { filter: Record<string, string> }) => {
      const email =
        query.filter['spec.profile.email'].toLocaleLowerCase('en-US');
      const name = known[email];
      if (!name) {
        throw new NotFoundError(`no user with email ${email}`);
      }
      return { token: `token-for-${name}` };
    },
  );
  return {
    signInWithCatalogUser,
    ctx: { signInWithCatalogUser } as unknown as Ctx,
  };
}

describe('emailSignInResolver', () => {
  const users = { 'ada@runway.example.com': 'ada' };

  it('signs a verified catalog user in by email', async () => {
    const { ctx: c, signInWithCatalogUser } = ctx(users);
    await expect(
      emailSignInResolver(
        info({ email: 'ada@runway.example.com', email_verified: true }),
        c,
      ),
    ).resolves.toEqual({ token: 'token-for-ada' });
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      filter: { 'spec.profile.email': 'ada@runway.example.com' },
    });
  });

  it('accepts AWS Cognito\'s string "true" for email_verified', async () => {
    const { ctx: c } = ctx(users);
    await expect(
      emailSignInResolver(
        info({ email: ' ada@runway.example.com ', email_verified: 'true' }),
        c,
      ),
    ).resolves.toEqual({ token: 'token-for-ada' });
  });

  it('rejects unverified addresses without looking them up', async () => {
    for (const verified of [false, 'false', undefined]) {
      const { ctx: c, signInWithCatalogUser } = ctx(users);
      await expect(
        emailSignInResolver(
          info({ email: 'ada@runway.example.com', email_verified: verified }),
          c,
        ),
      ).rejects.toThrow(
        'Sign-in failed: the email address ada@runway.example.com is not verified with the identity provider.',
      );
      expect(signInWithCatalogUser).not.toHaveBeenCalled();
    }
  });

  it('rejects an account without an email, naming the missing scope', async () => {
    const { ctx: c } = ctx(users);
    await expect(emailSignInResolver(info({}), c)).rejects.toMatchObject({
      name: 'NotAllowedError',
      message: expect.stringContaining('"email" scope'),
    });
  });

  it('rejects people who are not in the catalog, saying what to do', async () => {
    const { ctx: c } = ctx(users);
    await expect(
      emailSignInResolver(
        info({ email: 'eve@elsewhere.example.org', email_verified: true }),
        c,
      ),
    ).rejects.toMatchObject({
      name: 'NotAllowedError',
      message:
        'Sign-in failed: eve@elsewhere.example.org is not a registered Runway user. ' +
        'Ask platform-ops to add a User entity with this email to the catalog.',
    });
  });

  it('passes other catalog failures through unchanged', async () => {
    const failure = new Error('catalog unavailable');
    const c = {
      signInWithCatalogUser: jest.fn().mockRejectedValue(failure),
    } as unknown as Ctx;
    await expect(
      emailSignInResolver(
        info({ email: 'ada@runway.example.com', email_verified: true }),
        c,
      ),
    ).rejects.toBe(failure);
  });
});
