import { staticTokenSource, TokenSource } from '../cache/KubeClient';
import { ClusterConfig } from '../config';
import { AwsCredentialSource } from './awsCredentials';
import { clusterCredentials, EksTokenProvider } from './eksToken';

type AwsAuth = Extract<ClusterConfig['auth'], { type: 'aws' }>;

/**
 * The bearer token source of each cluster: the service-account token (inline
 * or re-read from its file) or an EKS token signed with the account's
 * credentials or a role assumed with them, cached and renewed by an
 * {@link EksTokenProvider}.
 *
 * @public
 */
export class ClusterTokenProvider {
  constructor(
    private readonly options: {
      /** the `aws.accounts` credentials that sign EKS tokens */
      awsCredentials: AwsCredentialSource;
    },
  ) {}

  /** The token source of one cluster; AWS credentials are fetched on its first token. */
  tokenFor(cluster: ClusterConfig): TokenSource {
    if (cluster.auth.type === 'serviceAccount') {
      return staticTokenSource(cluster.auth);
    }
    return this.eksTokenSource(cluster, cluster.auth);
  }

  private eksTokenSource(cluster: ClusterConfig, auth: AwsAuth): TokenSource {
    let provider: EksTokenProvider | undefined;
    return async () => {
      if (!provider) {
        const credentials = clusterCredentials({
          base: await this.options.awsCredentials(auth.accountId),
          region: cluster.region!,
          assumeRole: auth.assumeRole,
          externalId: auth.externalId,
        });
        provider = new EksTokenProvider({
          clusterName: cluster.name,
          region: cluster.region!,
          credentials,
        });
      }
      return provider.getToken();
    };
  }
}
