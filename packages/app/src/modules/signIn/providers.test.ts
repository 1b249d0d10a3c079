import { signInProviders } from './providers';

describe('signInProviders', () => {
  it('defaults to guest', () => {
    expect(signInProviders(undefined)).toEqual(['guest']);
    expect(signInProviders([])).toEqual(['guest']);
  });

  it('maps oidc to the company account provider', () => {
    const [provider] = signInProviders(['oidc']);
    expect(provider).toMatchObject({
      id: 'oidc-auth-provider',
      title: 'Company account',
    });
  });

  it('names the config key when a provider is unknown', () => {
    expect(() => signInProviders(['okta'])).toThrow(
      "Unknown sign-in provider 'okta' in runway.signIn.providers; use one of: guest, oidc",
    );
  });
});
