import { AuthService } from '@backstage/backend-plugin-api';
import { ServiceUnavailableError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AwsCostConfig } from '../config';
import { OrgIndex, trustedLocationCheck } from './OrgIndex';

/** How long an org index is reused before the catalog is asked again. */
export const ORG_INDEX_TTL_MS = 60_000;

/**
 * Loads the org index (Groups and Components) from the catalog with the
 * plugin's own credentials and reuses it for a minute; concurrent callers
 * share one catalog request. A catalog failure is a
 * `ServiceUnavailableError` (503) and is not kept: the next call asks again.
 */
export class OrgIndexLoader {
  /** Builds the loader from the `awsCost` config read at start-up. */
  static fromConfig(
    config: Pick<AwsCostConfig, 'tagKeys' | 'sharedServices'> &
      Partial<Pick<AwsCostConfig, 'trustedLocations'>>,
    deps: { catalog: CatalogService; auth: AuthService },
  ): OrgIndexLoader {
    return new OrgIndexLoader({ ...deps, config });
  }

  private entry: { at: number; index: Promise<OrgIndex> } | undefined;
  private readonly now: () => number;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      config: Pick<AwsCostConfig, 'tagKeys' | 'sharedServices'> &
        Partial<Pick<AwsCostConfig, 'trustedLocations'>>;
      now?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /** The current org index (cached for `ORG_INDEX_TTL_MS`). */
  get(): Promise<OrgIndex> {
    if (!this.entry || this.now() - this.entry.at > ORG_INDEX_TTL_MS) {
      const index = this.load();
      this.entry = { at: this.now(), index };
    }
    return this.entry.index;
  }

  private async load(): Promise<OrgIndex> {
    const { catalog, auth, config } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    try {
      const { items } = await catalog.getEntities(
        { filter: [{ kind: 'Group' }, { kind: 'Component' }] },
        { credentials },
      );
      return new OrgIndex(items, config.tagKeys, config.sharedServices, {
        isTrusted: trustedLocationCheck(config.trustedLocations ?? []),
      });
    } catch (e) {
      this.entry = undefined;
      throw new ServiceUnavailableError(
        'The catalog did not answer',
        e as Error,
      );
    }
  }
}
