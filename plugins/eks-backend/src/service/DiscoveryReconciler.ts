import { LoggerService } from '@backstage/backend-plugin-api';
import { TokenSource } from '../cache/KubeClient';
import { ClusterConfig } from '../config';
import {
  DiscoveredClusterStore,
  StoredCluster,
} from '../store/DiscoveredClusterStore';
import { ClusterRegistry } from './ClusterRegistry';

/**
 * Brings this replica's cluster registry in line with the discovered
 * clusters stored in the database (a local task: every replica runs it at
 * start and every `eks.discovery.reconcileSeconds`): watches new ones,
 * re-watches one whose endpoint or CA changed, stops watching one discovery
 * no longer finds, and publishes their EKS data. Clusters configured in
 * `eks.clusters` are never replaced or removed.
 *
 * @public
 */
export class DiscoveryReconciler {
  /** discovered clusters this reconciler added: name to endpoint fingerprint */
  private readonly added = new Map<string, string>();
  private publishedInfo?: string;

  constructor(
    private readonly options: {
      store: Pick<DiscoveredClusterStore, 'list'>;
      clusters: ClusterRegistry;
      /** the stored cluster as a cluster config (auth from this replica's config) */
      toConfig: (cluster: StoredCluster) => ClusterConfig;
      tokens: { tokenFor(cluster: ClusterConfig): TokenSource };
      /** false when the sample EKS data source answers instead */
      publishEksInfo: boolean;
      logger: LoggerService;
    },
  ) {}

  /** One pass: reads the stored clusters and applies the difference. */
  async reconcile(): Promise<void> {
    const { clusters, logger } = this.options;
    const stored = await this.options.store.list();
    const names = new Set(stored.map(c => c.name));
    for (const found of stored) {
      const fingerprint = JSON.stringify([found.url, found.caData]);
      const previous = this.added.get(found.name);
      if (previous === fingerprint) continue;
      // a configured cluster of the same name wins
      if (previous === undefined && clusters.hasCluster(found.name)) continue;
      const config = this.options.toConfig(found);
      await clusters.addCluster(config, this.options.tokens.tokenFor(config));
      this.added.set(found.name, fingerprint);
      logger.info(
        previous === undefined
          ? `Watching discovered EKS cluster ${found.name} (${found.region})`
          : `Discovered EKS cluster ${found.name} changed endpoint or CA; watching it again`,
      );
    }
    for (const name of [...this.added.keys()]) {
      if (names.has(name)) continue;
      await clusters.removeCluster(name);
      this.added.delete(name);
      logger.info(`EKS discovery no longer finds ${name}; stopped watching it`);
    }
    if (this.options.publishEksInfo) {
      const infos = stored.flatMap(c => (c.eksInfo ? [c.eksInfo] : []));
      const key = JSON.stringify(infos);
      if (key !== this.publishedInfo && (infos.length || this.publishedInfo)) {
        clusters.setEksInfo(infos, 'eks');
        this.publishedInfo = key;
      }
    }
  }
}
