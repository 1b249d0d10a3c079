import { LoggerService } from '@backstage/backend-plugin-api';
import { TokenSource } from '../cache/KubeClient';
import { ClusterConfig, EksConfig } from '../config';
import { sampleEksClusters } from '../sample/sampleEks';
import { ClusterRegistry } from './ClusterRegistry';

/**
 * Start-up: watches every cluster of `eks.clusters` and, when
 * `eks.sampleEksData` is set, answers the EKS-only data from the sample EKS
 * data source (labelled "sample data" on screen).
 */
export async function registerConfiguredClusters(options: {
  config: Pick<EksConfig, 'clusters' | 'sampleEksData'>;
  clusters: ClusterRegistry;
  tokens: { tokenFor(cluster: ClusterConfig): TokenSource };
  logger: LoggerService;
  now?: () => Date;
}): Promise<void> {
  const { config, clusters, tokens, logger } = options;
  for (const c of config.clusters) {
    await clusters.addCluster(c, tokens.tokenFor(c));
  }
  logger.info(
    `Watching ${config.clusters.length} configured cluster(s): ${config.clusters
      .map(c => c.name)
      .join(', ')}`,
  );
  if (config.sampleEksData) {
    clusters.setEksInfo(
      sampleEksClusters(options.now?.() ?? new Date()),
      'sample',
    );
    logger.info(
      'EKS node groups, insights and add-ons come from the sample EKS data source (sample data)',
    );
  }
}
