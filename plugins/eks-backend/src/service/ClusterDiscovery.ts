import { LoggerService } from '@backstage/backend-plugin-api';
import { EKSClient } from '@aws-sdk/client-eks';
import { EksClusterInfo } from '@runway/plugin-eks-common';
import { AwsCredentialSource } from '../aws/awsCredentials';
import {
  describeEksCluster,
  discoverClusters,
  DiscoveredCluster,
} from '../aws/EksDiscovery';
import { clusterCredentials } from '../aws/eksToken';
import { TokenSource } from '../cache/KubeClient';
import { ClusterConfig, EksConfig } from '../config';
import { ClusterRegistry } from './ClusterRegistry';

/**
 * One discovery run per schedule tick: lists the EKS clusters of every
 * configured region, starts watching the ones not yet known and refreshes
 * what only EKS knows (node groups, insights, add-ons) of all of them.
 *
 * @public
 */
export class ClusterDiscovery {
  constructor(
    private readonly options: {
      discovery: NonNullable<EksConfig['discovery']>;
      /** timeout of requests to discovered clusters (`eks.requestTimeoutMs`) */
      requestTimeoutMs: number;
      /** false when the sample EKS data source answers instead */
      publishEksInfo: boolean;
      clusters: ClusterRegistry;
      tokens: { tokenFor(cluster: ClusterConfig): TokenSource };
      awsCredentials: AwsCredentialSource;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Discovers every region in turn, then publishes the EKS data of all clusters found. */
  async refresh(): Promise<void> {
    const infos: EksClusterInfo[] = [];
    for (const region of this.options.discovery.regions) {
      infos.push(...(await this.refreshRegion(region)));
    }
    if (this.options.publishEksInfo) {
      this.options.clusters.setEksInfo(infos, 'eks');
    }
  }

  private async refreshRegion(region: string): Promise<EksClusterInfo[]> {
    const client = await this.eksClient(region);
    const infos: EksClusterInfo[] = [];
    for (const found of await discoverClusters(client, region)) {
      await this.watchIfNew(found, region);
      infos.push(
        await describeEksCluster(client, found.name, region, this.now()),
      );
    }
    return infos;
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

  private async watchIfNew(
    found: DiscoveredCluster,
    region: string,
  ): Promise<void> {
    if (this.options.clusters.hasCluster(found.name)) return;
    const cluster = this.clusterConfig(found, region);
    await this.options.clusters.addCluster(
      cluster,
      this.options.tokens.tokenFor(cluster),
    );
    this.options.logger.info(
      `Discovered EKS cluster ${found.name} in ${region}`,
    );
  }

  /** A discovered cluster as if configured, signed in with the discovery account. */
  private clusterConfig(
    found: DiscoveredCluster,
    region: string,
  ): ClusterConfig {
    const { accountId, assumeRole, externalId } = this.options.discovery;
    return {
      name: found.name,
      url: found.endpoint,
      region,
      caData: found.caData,
      skipTLSVerify: false,
      timeoutMs: this.options.requestTimeoutMs,
      auth: { type: 'aws', accountId, assumeRole, externalId },
    };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
