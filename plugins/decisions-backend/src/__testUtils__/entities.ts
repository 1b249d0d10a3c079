import path from 'node:path';
import { Entity } from '@backstage/catalog-model';

/** The repository's root, whose catalog/samples the test entities point at. */
export const ROOT = path.resolve(__dirname, '../../../..');

const servicesFile = path.join(ROOT, 'catalog', 'samples', 'services.yaml');

/**
 * A Component registered from catalog/samples/services.yaml, so `dir:`
 * annotations resolve to the sample services' folders.
 */
export const component = (
  name: string,
  owner: string,
  techdocsRef?: string,
  adrLocation?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `file:${servicesFile}`,
      ...(techdocsRef ? { 'backstage.io/techdocs-ref': techdocsRef } : {}),
      ...(adrLocation ? { 'backstage.io/adr-location': adrLocation } : {}),
    },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});

/** The sample services, and the edge cases the index must survive. */
export const entities = [
  component(
    'checkout-api',
    'team-checkout',
    'dir:./checkout-api',
    'checkout-api/docs/adr',
  ),
  component(
    'billing-worker',
    'team-payments',
    'dir:./billing-worker',
    './billing-worker/docs/adr',
  ),
  // docs with ADRs in docs/adr, but no adr-location: no decisions listed
  component('storefront-web', 'team-checkout', 'dir:./storefront-web'),
  // ADRs without TechDocs: listed without a docs page, not in docs health
  component(
    'inventory-api',
    'team-checkout',
    undefined,
    'inventory-api/docs/adr',
  ),
  // docs without a runbook, and a folder that does not exist
  component('no-runbook', 'team-payments', 'dir:./checkout-api/docs/adr'),
  component('no-docs', 'team-payments'),
];
