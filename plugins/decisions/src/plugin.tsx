import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  FrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import GavelIcon from '@material-ui/icons/Gavel';
import { DecisionsClient, decisionsApiRef } from './api';

const decisionsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: decisionsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DecisionsClient({ discoveryApi, fetchApi }),
    }),
});

/** The organisation-wide Decisions page, with the docs health view. */
/** The page's route: it also puts the page in the sidebar. */
const rootRouteRef = createRouteRef();

const decisionsPage = PageBlueprint.make({
  params: {
    routeRef: rootRouteRef,
    path: '/decisions',
    title: 'Decisions',
    icon: <GavelIcon />,
    loader: () =>
      import('./components/DecisionsPage').then(m => <m.DecisionsPage />),
  },
});

/** ADR tab on every entity with TechDocs. */
const entityAdrContent = EntityContentBlueprint.make({
  name: 'adrs',
  params: {
    path: 'adrs',
    title: 'ADRs',
    group: 'documentation',
    filter: entity =>
      Boolean(entity.metadata.annotations?.['backstage.io/techdocs-ref']),
    loader: () =>
      import('./components/EntityAdrContent').then(m => <m.EntityAdrContent />),
  },
});

/**
 * Runway Decisions: every ADR in the organisation with filters by status,
 * owner and date, an ADR tab on entities with docs, and a docs health view.
 *
 * @public
 */
export const decisionsPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'decisions',
  routes: { root: rootRouteRef },
  extensions: [decisionsApi, decisionsPage, entityAdrContent],
});
