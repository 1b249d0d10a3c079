import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { decisionsPlugin } from './plugin';

const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', annotations },
});

describe('ADRs tab', () => {
  it('shows only on entities with backstage.io/adr-location, not on every entity with docs', () => {
    // the extension as the app installs it
    const entityAdrContent = (decisionsPlugin as any).getExtension(
      'entity-content:decisions/adrs',
    );
    const filter = createExtensionTester(entityAdrContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    ) as ((entity: Entity) => boolean) | undefined;
    expect(filter).toBeDefined();
    expect(
      filter!(
        entity({
          'backstage.io/techdocs-ref': 'dir:.',
          'backstage.io/adr-location': 'docs/adr',
        }),
      ),
    ).toBe(true);
    expect(filter!(entity({ 'backstage.io/techdocs-ref': 'dir:.' }))).toBe(
      false,
    );
    expect(filter!(entity({}))).toBe(false);
  });
});
