/*
 * The archive of template versions (ADR 0023): the current version of every
 * Template of the organisation's own catalog.locations, read from its folder
 * on disk, stored once per (template, version).
 */
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  readTemplateDirectory,
  trustedTemplateDirectory,
} from '@runway/backend-common';
import { TEMPLATE_VERSION_ANNOTATION } from '@runway/plugin-template-upgrades-common';
import { FileTree } from './merge';
import { archivedEntity } from './status';
import { UpgradeStore } from './UpgradeStore';

/**
 * Archives the current version of every trusted Template that records
 * one. Returns the templates' current versions by ref.
 */
export async function archiveTemplates(options: {
  catalog: CatalogService;
  auth: AuthService;
  store: UpgradeStore;
  logger: LoggerService;
  trustedOrigins: readonly string[];
}): Promise<Map<string, string>> {
  const { catalog, auth, store, logger, trustedOrigins } = options;
  const credentials = await auth.getOwnServiceCredentials();
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Template',
        [`metadata.annotations.${TEMPLATE_VERSION_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
    },
    { credentials },
  );
  const current = new Map<string, string>();
  for (const entity of items) {
    const ref = stringifyEntityRef(entity);
    const version =
      entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION] ?? '';
    try {
      const dir = trustedTemplateDirectory(entity, trustedOrigins);
      const files: FileTree = new Map(
        (await readTemplateDirectory(dir)).map(f => [
          f.path,
          Buffer.from(f.base64Content, 'base64'),
        ]),
      );
      const outcome = await store.archive({
        templateRef: ref,
        version,
        entity: archivedEntity(entity),
        files,
      });
      current.set(ref, version);
      if (outcome === 'archived') logger.info(`Archived ${ref} ${version}`);
      if (outcome === 'changed') {
        logger.warn(
          `${ref} changed without a new ${TEMPLATE_VERSION_ANNOTATION} (still ${version}): upgrades render the first archived content of ${version}; bump the version`,
        );
      }
    } catch (error) {
      // a template registered by a user, or one not on disk: not archived
      logger.debug(`${ref} is not archived: ${(error as Error).message}`);
    }
  }
  return current;
}
