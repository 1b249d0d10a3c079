import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { EksClusterInfo } from '@runway/plugin-eks-common';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;

const TABLE = 'eks_discovered_cluster';

/**
 * A cluster found by EKS discovery, as stored: where it is and what EKS
 * says about it (never credentials).
 *
 * @public
 */
export type StoredCluster = {
  name: string;
  region: string;
  /** API server endpoint */
  url: string;
  /** PEM CA bundle of the API server */
  caData?: string;
  /** node groups, insights, add-ons; absent when the sample EKS data source answers */
  eksInfo?: EksClusterInfo;
};

/**
 * The discovered clusters in the plugin's database: the discovery task
 * (one replica per run) replaces them, every replica reads them.
 *
 * @public
 */
export class DiscoveredClusterStore {
  /** Opens the store on the plugin database, running its migrations unless skipped. */
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DiscoveredClusterStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({
        directory: resolvePackagePath(
          '@runway/plugin-eks-backend',
          'migrations',
        ),
        tableName: 'eks_knex_migrations',
      });
    }
    return new DiscoveredClusterStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  /**
   * Makes the stored set exactly `clusters`, in one transaction: new ones
   * are inserted, known ones updated (keeping when they were first found),
   * the others deleted.
   */
  async replace(clusters: StoredCluster[], now: Date): Promise<void> {
    const at = now.toISOString();
    await this.knex.transaction(async trx => {
      await trx(TABLE)
        .whereNotIn(
          'name',
          clusters.map(c => c.name),
        )
        .delete();
      for (const c of clusters) {
        await trx(TABLE)
          .insert({
            name: c.name,
            region: c.region,
            url: c.url,
            ca_data: c.caData ?? null,
            eks_info: c.eksInfo ? JSON.stringify(c.eksInfo) : null,
            discovered_at: at,
            updated_at: at,
          })
          .onConflict('name')
          .merge(['region', 'url', 'ca_data', 'eks_info', 'updated_at']);
      }
    });
  }

  /** The stored clusters, by name. */
  async list(): Promise<StoredCluster[]> {
    const rows = await this.knex(TABLE).select().orderBy('name');
    return rows.map(r => ({
      name: r.name,
      region: r.region,
      url: r.url,
      caData: r.ca_data ?? undefined,
      eksInfo: r.eks_info ? JSON.parse(r.eks_info) : undefined,
    }));
  }
}
