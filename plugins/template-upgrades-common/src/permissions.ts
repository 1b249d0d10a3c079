import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Permission to read the template fleet: which template and version each
 * service is on and what it changed. Each service is shown only when the
 * caller may also read its entity in the catalog.
 *
 * @public
 */
export const templateUpgradesReadPermission = createPermission({
  name: 'template-upgrades.read',
  attributes: { action: 'read' },
});

/**
 * Permission to open an upgrade pull request for one service (a resource
 * permission on its catalog entity: ops, and the service's owners).
 *
 * @public
 */
export const templateUpgradesCreatePermission = createPermission({
  name: 'template-upgrades.upgrade.create',
  attributes: { action: 'create' },
  resourceType: 'catalog-entity',
});

/**
 * Every permission of the template upgrades plugin.
 *
 * @public
 */
export const templateUpgradesPermissions = [
  templateUpgradesReadPermission,
  templateUpgradesCreatePermission,
];
