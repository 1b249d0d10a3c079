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
import { isAdrAvailable } from '@runway/plugin-decisions-common';
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

/**
 * ADR tab on entities that have ADRs: the community ADR plugin's
 * `backstage.io/adr-location` annotation (e.g. `docs/adr`).
 */
const entityAdrContent = EntityContentBlueprint.make({
  name: 'adrs',
  params: {
    path: 'adrs',
    title: 'ADRs',
    group: 'documentation',
    filter: isAdrAvailable,
    loader: () =>
      import('./components/EntityAdrContent').then(m => <m.EntityAdrContent />),
  },
});

/**
 * Runway Decisions: every ADR in the organisation with filters by status,
 * owner and date, an ADR tab on entities with `backstage.io/adr-location`,
 * and a docs health view.
 *
 * @public
 */
export const decisionsPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'decisions',
  routes: { root: rootRouteRef },
  extensions: [decisionsApi, decisionsPage, entityAdrContent],
});
