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
import TrackChangesIcon from '@material-ui/icons/TrackChanges';
import { SLO_REF_ANNOTATION } from '@runway/plugin-slo-common';
import { SloClient, sloApiRef } from './api';

const sloApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: sloApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SloClient({ discoveryApi, fetchApi }),
    }),
});

/** Every SLO, lowest remaining budget first, with team compliance. */
/** The page's route: it also puts the page in the sidebar. */
const rootRouteRef = createRouteRef();

const sloOverviewPage = PageBlueprint.make({
  params: {
    routeRef: rootRouteRef,
    path: '/slos',
    title: 'SLOs',
    icon: <TrackChangesIcon />,
    loader: () =>
      import('./components/SloOverviewPage').then(m => <m.SloOverviewPage />),
  },
});

/** SLO tab on entities with a runway.io/slo-ref annotation. */
const entitySloContent = EntityContentBlueprint.make({
  name: 'slos',
  params: {
    path: 'slos',
    title: 'SLOs',
    filter: entity =>
      Boolean(entity.metadata.annotations?.[SLO_REF_ANNOTATION]),
    loader: () =>
      import('./components/EntitySloContent').then(m => <m.EntitySloContent />),
  },
});

/**
 * Runway SLOs: an overview page at /slos, an SLO tab on entities and a team
 * compliance table.
 *
 * @public
 */
export const sloPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'slo',
  routes: { root: rootRouteRef },
  extensions: [sloApi, sloOverviewPage, entitySloContent],
});
