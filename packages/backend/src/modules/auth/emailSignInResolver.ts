import { isError, NotAllowedError } from '@backstage/errors';
import {
  OAuthAuthenticatorResult,
  SignInResolver,
} from '@backstage/plugin-auth-node';
import { OidcAuthResult } from '@backstage/plugin-auth-backend-module-oidc-provider';

/**
 * Signs a user in as the catalog User whose `spec.profile.email` matches the
 * verified email address from the identity provider. There is no fallback:
 * people who are not in the catalog are turned away with a message saying
 * what to do.
 *
 * The email is read from the OIDC userinfo claims rather than the default
 * profile, because AWS Cognito sends `email_verified` as the string "true",
 * which the default profile treats as unverified.
 *
 * @public
 */
export const emailSignInResolver: SignInResolver<
  OAuthAuthenticatorResult<OidcAuthResult>
> = async (info, ctx) => {
  const userinfo: Record<string, unknown> =
    info.result.fullProfile?.userinfo ?? {};
  const claimed =
    typeof userinfo.email === 'string' ? userinfo.email : info.profile.email;
  const email = claimed?.trim();
  if (!email) {
    throw new NotAllowedError(
      'Sign-in failed: the identity provider returned no email address. ' +
        'The OIDC client must be allowed the "email" scope.',
    );
  }
  const verified = userinfo.email_verified;
  if (verified !== true && verified !== 'true') {
    throw new NotAllowedError(
      `Sign-in failed: the email address ${email} is not verified with the identity provider.`,
    );
  }
  try {
    return await ctx.signInWithCatalogUser({
      filter: { 'spec.profile.email': email },
    });
  } catch (error) {
    if (isError(error) && error.name === 'NotFoundError') {
      throw new NotAllowedError(
        `Sign-in failed: ${email} is not a registered Runway user. ` +
          'Ask platform-ops to add a User entity with this email to the catalog.',
      );
    }
    throw error;
  }
};
