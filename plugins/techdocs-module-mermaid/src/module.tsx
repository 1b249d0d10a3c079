import { lazy, Suspense } from 'react';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { AddonBlueprint } from '@backstage/plugin-techdocs-react/alpha';

const LazyDiagrams = lazy(() =>
  import('./MermaidDiagrams').then(m => ({ default: m.MermaidDiagrams })),
);

const mermaidAddon = AddonBlueprint.make({
  name: 'mermaid',
  params: {
    name: 'Mermaid',
    location: 'Content',
    component: () => (
      <Suspense fallback={null}>
        <LazyDiagrams />
      </Suspense>
    ),
  },
});

/**
 * Draws the `mermaid` code blocks of TechDocs pages with the Mermaid copy in
 * the app bundle (a separate chunk, loaded on the first page with a diagram).
 *
 * @public
 */
export const techdocsModuleMermaid = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [mermaidAddon],
});
