import { createPermission } from '@backstage/plugin-permission-common';

/** The catalog's resource type (so owners can be checked by the catalog). */
const RESOURCE_TYPE_CATALOG_ENTITY = 'catalog-entity';

/**
 * Read organisation-wide cost reports (summary, breakdowns, movers,
 * anomalies, budgets, export). Granted to managers and ops.
 *
 * @public
 */
export const awsCostReportReadPermission = createPermission({
  name: 'aws-cost.report.read',
  attributes: { action: 'read' },
});

/**
 * Read the cost of one catalog entity (a Component or a Group). Managers and
 * ops may read any; owners may read the entities they own (a conditional
 * decision evaluated by the catalog).
 *
 * @public
 */
export const awsCostEntityReadPermission = createPermission({
  name: 'aws-cost.entity.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Re-run the configured cost file imports (admin route). Ops only.
 *
 * @public
 */
export const awsCostImportPermission = createPermission({
  name: 'aws-cost.import.create',
  attributes: { action: 'create' },
});

/** Every AWS cost permission, for the permissions registry. @public */
export const awsCostPermissions = [
  awsCostReportReadPermission,
  awsCostEntityReadPermission,
  awsCostImportPermission,
];
