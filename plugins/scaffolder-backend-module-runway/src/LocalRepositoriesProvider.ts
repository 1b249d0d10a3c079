import fs from 'node:fs/promises';
import path from 'node:path';
import {
  EntityProvider,
  EntityProviderConnection,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';

/**
 * Development only: puts the checkouts of the local repositories that
 * `runway:publish:local` creates (`<directory>/<name>/catalog-info.yaml`)
 * into the catalog as `file` locations. The catalog's API accepts only `url`
 * locations from users; this provider is the one place that adds files, and
 * only from the configured folder.
 *
 * @public
 */
export class LocalRepositoriesProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(private readonly directory: string) {}

  /** The provider's name, also the location key of every entity it adds. */
  getProviderName() {
    return 'runway-local-repositories';
  }

  /**
   * Called by the catalog once at start-up: keeps the connection and adds
   * the folder's current catalog files.
   */
  async connect(connection: EntityProviderConnection) {
    this.connection = connection;
    await this.refresh();
  }

  /** The catalog files of every checkout in the folder. */
  async catalogFiles(): Promise<string[]> {
    const entries = await fs
      .readdir(this.directory, { withFileTypes: true })
      .catch(() => []);
    const files: string[] = [];
    for (const entry of entries) {
      if (!entry.isDirectory() || entry.name.endsWith('.git')) continue;
      const file = path.join(this.directory, entry.name, 'catalog-info.yaml');
      if (
        await fs.stat(file).then(
          s => s.isFile(),
          () => false,
        )
      ) {
        files.push(file);
      }
    }
    return files.sort();
  }

  /** Re-reads the folder and replaces this provider's locations. */
  async refresh() {
    if (!this.connection) return;
    const files = await this.catalogFiles();
    await this.connection.applyMutation({
      type: 'full',
      entities: files.map(target => ({
        entity: locationSpecToLocationEntity({
          location: { type: 'file', target, presence: 'required' },
        }),
        locationKey: this.getProviderName(),
      })),
    });
  }
}
