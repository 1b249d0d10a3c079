import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Catalog annotation pointing at an entity's SLO file (OpenSLO v1 or Sloth
 * prometheus/v1), relative to the entity's location (`./slo.yaml`) or an
 * absolute URL. Local files are read only for entities from the locations in
 * `catalog.locations` (see the SLO backend's README).
 *
 * @public
 */
export const SLO_REF_ANNOTATION = 'runway.io/slo-ref';

/**
 * Component label holding the service tier (`'1' | '2' | '3'`).
 *
 * @public
 */
export const TIER_LABEL = 'runway.io/tier';

/**
 * Permission to read SLOs, error budgets, the team roll-up and the deploy
 * gate. Checked on every request, including answers served from the cache.
 *
 * @public
 */
export const sloReadPermission = createPermission({
  name: 'slo.read',
  attributes: { action: 'read' },
});

/**
 * Every permission of the SLO plugin.
 *
 * @public
 */
export const sloPermissions = [sloReadPermission];

/**
 * Name of the Prometheus gauge the backend exports per configured
 * Prometheus source (1 when its last query succeeded, else 0).
 *
 * @public
 */
export const SLO_PROMETHEUS_UP_METRIC = 'runway_slo_prometheus_up';
