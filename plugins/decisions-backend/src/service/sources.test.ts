import { Entity } from '@backstage/catalog-model';
import { adrDocsFolderOf, adrSourceOf, docsSourceOf } from './sources';

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders-api', annotations },
});

describe('ADR location', () => {
  const onGitHub = entity({
    'backstage.io/managed-by-location':
      'url:https://github.com/acme/orders-api/blob/main/catalog-info.yaml',
    'backstage.io/source-location':
      'url:https://github.com/acme/orders-api/tree/main/',
    'backstage.io/techdocs-ref': 'dir:.',
    'backstage.io/adr-location': 'docs/adr',
  });

  it('resolves against the source location, and maps into the built docs', () => {
    const adrs = adrSourceOf(onGitHub)!;
    expect(adrs).toEqual({
      type: 'url',
      url: 'https://github.com/acme/orders-api/tree/main/docs/adr',
    });
    expect(adrDocsFolderOf(docsSourceOf(onGitHub)!, adrs)).toBe('adr');
  });

  it('resolves against the catalog file folder for file locations', () => {
    const sample = entity({
      'backstage.io/managed-by-location':
        'file:/repo/catalog/samples/services.yaml',
      'backstage.io/techdocs-ref': 'dir:./checkout-api',
      'backstage.io/adr-location': 'checkout-api/docs/decisions',
    });
    const adrs = adrSourceOf(sample)!;
    expect(adrs).toEqual({
      type: 'dir',
      path: '/repo/catalog/samples/checkout-api/docs/decisions',
    });
    expect(adrDocsFolderOf(docsSourceOf(sample)!, adrs)).toBe('decisions');
  });

  it('has no docs page for ADRs outside the docs folder, and no source without the annotation', () => {
    const outside = entity({
      ...onGitHub.metadata.annotations,
      'backstage.io/adr-location': 'adr',
    });
    expect(
      adrDocsFolderOf(docsSourceOf(outside)!, adrSourceOf(outside)!),
    ).toBeUndefined();
    const { ['backstage.io/adr-location']: _, ...rest } =
      onGitHub.metadata.annotations!;
    expect(adrSourceOf(entity(rest))).toBeUndefined();
  });
});
