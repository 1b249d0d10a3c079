import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';

const personasWidget = HomePageWidgetBlueprint.make({
  name: 'runway-personas',
  params: {
    name: 'RunwayPersonas',
    title: 'Welcome to Runway',
    description: 'Where to start, for developers, ops and managers',
    components: async () => {
      const { PersonaCards } = await import('./PersonaCards');
      return { Content: PersonaCards };
    },
  },
});

/** Runway's home page widgets. */
export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [personasWidget],
});
