/*
 * The members of a Runway role as the permission policy reads them
 * (`runway.permissions.roles.<role>`), for plugins that address a role
 * (the managers who hear of every cost event).
 */
import { RootConfigService as Config } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * The refs of config key `key` (or `defaults` when unset), each as
 * `kind:namespace/name` in lower case (kind `group` and namespace `default`
 * when left out), so matching is exact. A malformed ref throws an error
 * naming the key and its index.
 */
export function readEntityRefs(
  config: Config,
  key: string,
  defaults: readonly string[],
  /** The error for a malformed ref (default: names the key, index and ref). */
  invalid: (ref: string, index: number, error: Error) => Error = (
    ref,
    index,
    error,
  ) =>
    new Error(
      `Invalid entity ref '${ref}' in config key ${key}[${index}]: ${error.message}`,
    ),
): string[] {
  return (config.getOptionalStringArray(key) ?? defaults).map((ref, index) => {
    try {
      return stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch (error) {
      throw invalid(ref, index, error as Error);
    }
  });
}
