import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { templateUpgradesPlugin } from './plugin';

const entity = (kind: string, annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'checkout-api', annotations },
});

describe('Template card', () => {
  it('shows only on Components with backstage.io/source-template', () => {
    // the extension as the app installs it
    const card = (templateUpgradesPlugin as any).getExtension(
      'entity-card:template-upgrades/template',
    );
    const filter = createExtensionTester(card).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    ) as ((entity: Entity) => boolean) | undefined;
    expect(filter).toBeDefined();
    const template = {
      'backstage.io/source-template': 'template:default/microservice',
    };
    expect(filter!(entity('Component', template))).toBe(true);
    expect(filter!(entity('Component', {}))).toBe(false);
    expect(filter!(entity('System', template))).toBe(false);
  });

  it('puts the Templates page at /templates', () => {
    const page = (templateUpgradesPlugin as any).getExtension(
      'page:template-upgrades',
    );
    expect(createExtensionTester(page).get(coreExtensionData.routePath)).toBe(
      '/templates',
    );
  });
});
