import { IdentityProviders } from '@backstage/core-components';
import { oidcAuthApiRef } from './oidcAuthApi';

/** The sign-in methods Runway knows, by the name used in `runway.signIn.providers`. */
const KNOWN: Record<string, IdentityProviders[number]> = {
  guest: 'guest',
  oidc: {
    id: 'oidc-auth-provider',
    title: 'Company account',
    message: 'Sign in with your company account (AWS Cognito)',
    apiRef: oidcAuthApiRef,
  },
};

/**
 * Maps `runway.signIn.providers` to the sign-in page's providers. Unknown
 * names are reported rather than ignored, so a typo cannot lock users out
 * silently.
 */
export function signInProviders(
  names: string[] | undefined,
): IdentityProviders {
  const list = names && names.length > 0 ? names : ['guest'];
  return list.map(name => {
    const provider = KNOWN[name];
    if (!provider) {
      throw new Error(
        `Unknown sign-in provider '${name}' in runway.signIn.providers; use one of: ${Object.keys(
          KNOWN,
        ).join(', ')}`,
      );
    }
    return provider;
  });
}
