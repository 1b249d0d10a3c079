/*
 * Which templates `create-service-dry-run` runs, and their files: only
 * Templates from the organisation's own `catalog.locations`, read from the
 * folder of their `file:` location (docs/security.md, "Trust"). A template a
 * user registered from their repository is refused: Runway reads no files
 * and runs no steps for it.
 */
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

export {
  DEFAULT_DIRECTORY_LIMITS,
  type DirectoryLimits,
  readTemplateDirectory,
  type TemplateFile,
  trustedTemplateDirectory,
} from '@runway/backend-common';

/** The golden path as the catalog registers it (templates/microservice). */
export const DEFAULT_TEMPLATE_REF = 'template:default/microservice';

/**
 * The Template entity `ref` (kind template and namespace default when
 * omitted) as the caller may read it from the catalog.
 */
export async function readTemplateEntity(options: {
  catalog: CatalogService;
  credentials: BackstageCredentials;
  ref: string;
}): Promise<{ entity: Entity; ref: string }> {
  let ref: string;
  try {
    const parsed = parseEntityRef(options.ref, {
      defaultKind: 'template',
      defaultNamespace: 'default',
    });
    ref = stringifyEntityRef(parsed);
    if (parsed.kind.toLocaleLowerCase('en-US') !== 'template') {
      throw new InputError(`template: ${ref} is not a Template`);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `template: "${options.ref}" is not an entity ref (template:default/microservice)`,
    );
  }
  const entity = await options.catalog.getEntityByRef(ref, {
    credentials: options.credentials,
  });
  if (!entity) {
    throw new NotFoundError(`template: ${ref} is not in the catalog`);
  }
  return { entity, ref };
}
