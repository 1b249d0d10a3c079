import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  FrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import UpdateIcon from '@material-ui/icons/Update';
import { SOURCE_TEMPLATE_ANNOTATION } from '@runway/plugin-template-upgrades-common';
import { TemplateUpgradesClient, templateUpgradesApiRef } from './api';

const templateUpgradesApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: templateUpgradesApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new TemplateUpgradesClient({ discoveryApi, fetchApi }),
    }),
});

/** The page's route: it also puts the page in the sidebar. */
const rootRouteRef = createRouteRef();

/** Every template with the services made from it and their versions. */
const templatesPage = PageBlueprint.make({
  params: {
    routeRef: rootRouteRef,
    path: '/templates',
    title: 'Templates',
    icon: <UpdateIcon />,
    loader: () =>
      import('./components/TemplatesPage').then(m => <m.TemplatesPage />),
  },
});

/** Components that name the template they were made from. */
const isFromTemplate = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'component' &&
  Boolean(entity.metadata.annotations?.[SOURCE_TEMPLATE_ANNOTATION]);

/** Template card on the overview of Components made from a template. */
const entityTemplateCard = EntityCardBlueprint.make({
  name: 'template',
  params: {
    filter: isFromTemplate,
    loader: () =>
      import('./components/EntityTemplateCard').then(m => (
        <m.EntityTemplateCard />
      )),
  },
});

/**
 * Runway template upgrades: the Templates page at /templates (which template
 * version each service is on and what it changed since) and the Template
 * card on services made from a template, with its Upgrade button.
 *
 * @public
 */
export const templateUpgradesPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'template-upgrades',
  routes: { root: rootRouteRef },
  extensions: [templateUpgradesApi, templatesPage, entityTemplateCard],
});
