import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';

/** Passes the credentials of a user or a service; refuses anyone else. */
export type CallerCheck = (
  credentials: BackstageCredentials,
) => BackstageCredentials;

/**
 * The routes take `user` and `service` credentials only (`httpAuth` with
 * `allow: ['user', 'service']`, 401 otherwise); the actions take the same.
 */
export function callerCheck(auth: AuthService): CallerCheck {
  return credentials => {
    if (
      auth.isPrincipal(credentials, 'user') ||
      auth.isPrincipal(credentials, 'service')
    ) {
      return credentials;
    }
    throw new AuthenticationError('Missing credentials');
  };
}
