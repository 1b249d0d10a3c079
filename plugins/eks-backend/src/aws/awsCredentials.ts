import { Config } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

/**
 * The SDK credentials of an AWS account from `aws.accounts` (the main
 * account when no id is given).
 *
 * @public
 */
export type AwsCredentialSource = (
  accountId?: string,
) => Promise<AwsCredentialIdentityProvider>;

/**
 * Credentials through `DefaultAwsCredentialsManager.fromConfig`, created on
 * first use so that a backend without AWS clusters never reads `aws.*`.
 */
export function awsCredentialSourceFromConfig(
  config: Config,
): AwsCredentialSource {
  let manager: DefaultAwsCredentialsManager | undefined;
  return async accountId => {
    manager ??= DefaultAwsCredentialsManager.fromConfig(config);
    return (await manager.getCredentialProvider({ accountId }))
      .sdkCredentialProvider;
  };
}
