import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';
import { emailSignInResolver } from './emailSignInResolver';

/**
 * The `oidc` sign-in provider (AWS Cognito in production) with Runway's
 * email resolver. Configured under `auth.providers.oidc.<env>`.
 *
 * @public
 */
export default createBackendModule({
  pluginId: 'auth',
  moduleId: 'runway-oidc',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticator,
            signInResolver: emailSignInResolver,
          }),
        });
      },
    });
  },
});
