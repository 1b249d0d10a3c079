import { LoggerService } from '@backstage/backend-plugin-api';
import { EKSClient } from '@aws-sdk/client-eks';
import { AwsCredentialSource } from '../aws/awsCredentials';
import { describeEksCluster, discoverClusters } from '../aws/EksDiscovery';
import { clusterCredentials } from '../aws/eksToken';
import { ClusterConfig, EksConfig } from '../config';
import {
  DiscoveredClusterStore,
  StoredCluster,
} from '../store/DiscoveredClusterStore';

/**
 * One discovery run per schedule tick (the global `eks-discovery` task: one
 * replica per run): lists the EKS clusters of every configured region,
 * describes them (node groups, insights, add-ons) and stores the result in
 * the plugin's database, where every replica's DiscoveryReconciler picks it
 * up. A region that fails fails the run and leaves the stored set as it was.
 *
 * @public
 */
export class ClusterDiscovery {
  constructor(
    private readonly options: {
      discovery: NonNullable<EksConfig['discovery']>;
      /** false when the sample EKS data source answers instead */
      publishEksInfo: boolean;
      store: Pick<DiscoveredClusterStore, 'replace'>;
      awsCredentials: AwsCredentialSource;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Discovers every region in turn, then stores every cluster found. */
  async refresh(): Promise<void> {
    const found: StoredCluster[] = [];
    for (const region of this.options.discovery.regions) {
      found.push(...(await this.refreshRegion(region)));
    }
    try {
      await this.options.store.replace(found, this.now());
    } catch (e) {
      throw new Error(
        `EKS discovery could not store the ${
          found.length
        } cluster(s) it found: ${(e as Error).message}`,
        { cause: e },
      );
    }
    this.options.logger.info(
      `EKS discovery found ${found.length} cluster(s): ${found
        .map(c => c.name)
        .join(', ')}`,
    );
  }

  private async refreshRegion(region: string): Promise<StoredCluster[]> {
    const client = await this.eksClient(region);
    const out: StoredCluster[] = [];
    for (const found of await discoverClusters(client, region)) {
      const info = this.options.publishEksInfo
        ? await describeEksCluster(client, found.name, region, this.now())
        : undefined;
      for (const part of info?.unavailable ?? []) {
        this.options.logger.warn(
          `EKS discovery of ${found.name} (${region}) could not read ${part}`,
        );
      }
      let caData = found.caData;
      if (
        caData !== undefined &&
        !caData.includes('-----BEGIN CERTIFICATE-----')
      ) {
        this.options.logger.warn(
          `EKS discovery of ${found.name} (${region}): the certificate authority DescribeCluster gave is not a PEM certificate; the cluster's TLS certificate is checked against the system's CAs instead`,
        );
        caData = undefined;
      }
      out.push({
        name: found.name,
        region,
        url: found.endpoint,
        caData,
        eksInfo: info,
      });
    }
    return out;
  }

  /** An EKS client of the region with the discovery account's (or role's) credentials. */
  private async eksClient(region: string): Promise<EKSClient> {
    const { accountId, assumeRole, externalId } = this.options.discovery;
    const credentials = clusterCredentials({
      base: await this.options.awsCredentials(accountId),
      region,
      assumeRole,
      externalId,
    });
    return new EKSClient({ region, credentials, maxAttempts: 3 });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

/**
 * A discovered cluster as if configured, signed in with the discovery
 * account (or role) of this replica's `eks.discovery` config.
 *
 * @public
 */
export function discoveredClusterConfig(
  found: StoredCluster,
  options: {
    discovery: NonNullable<EksConfig['discovery']>;
    /** timeout of requests to discovered clusters (`eks.requestTimeoutMs`) */
    requestTimeoutMs: number;
  },
): ClusterConfig {
  const { accountId, assumeRole, externalId } = options.discovery;
  return {
    name: found.name,
    url: found.url,
    region: found.region,
    caData: found.caData,
    skipTLSVerify: false,
    timeoutMs: options.requestTimeoutMs,
    auth: { type: 'aws', accountId, assumeRole, externalId },
  };
}
