import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { SignInPage } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { oidcAuthApi } from './oidcAuthApi';
import { signInProviders } from './providers';

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => {
      const configApi = useApi(configApiRef);
      const providers = signInProviders(
        configApi.getOptionalStringArray('runway.signIn.providers'),
      );
      return (
        <SignInPage
          {...props}
          // a reload or a shared link keeps the session: the provider's
          // refresh signs the user in again without a click
          auto
          title="Sign in to Runway"
          providers={providers}
        />
      );
    },
  },
});

/** Sign-in: guest in development, OIDC (AWS Cognito) in production. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi],
});
