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
import { ANNOTATION_KUBERNETES_ID } from '@runway/plugin-eks-common';
import CloudIcon from '@material-ui/icons/Cloud';
import { EksClient, eksApiRef } from './api';

const eksApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new EksClient({ discoveryApi, fetchApi }),
    }),
});

/** Every cluster at a glance; /clusters/:name for one cluster. */
/** The page's route: it also puts the page in the sidebar. */
const rootRouteRef = createRouteRef();

const clustersPage = PageBlueprint.make({
  params: {
    routeRef: rootRouteRef,
    path: '/clusters',
    title: 'Clusters',
    icon: <CloudIcon />,
    loader: () =>
      import('./components/ClustersPage').then(m => <m.ClustersPage />),
  },
});

/** The Workloads tab of entities with a kubernetes-id. */
const entityWorkloadsContent = EntityContentBlueprint.make({
  name: 'workloads',
  params: {
    path: 'workloads',
    title: 'Workloads',
    filter: entity =>
      Boolean(entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID]),
    loader: () =>
      import('./components/EntityWorkloadsContent').then(m => (
        <m.EntityWorkloadsContent />
      )),
  },
});

/**
 * Runway's EKS plugin: a Clusters page for ops and a Workloads tab with one
 * health verdict per service.
 *
 * @public
 */
export const eksPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'eks',
  routes: { root: rootRouteRef },
  extensions: [eksApi, clustersPage, entityWorkloadsContent],
});
