import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  FrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_GRAFANA_DASHBOARD,
  ANNOTATION_KUBERNETES_ID,
} from '@runway/plugin-eks-common';
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
 * Services: Components deployed to Kubernetes or with a dashboard annotation.
 * Their card explains what to set when nothing is configured yet.
 */
const isService = (entity: Entity) =>
  entity.kind.toLocaleLowerCase('en-US') === 'component' &&
  Boolean(
    entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID] ||
      entity.metadata.annotations?.[ANNOTATION_GRAFANA_DASHBOARD],
  );

/** Observability card on the overview: dashboard and logs links. */
const entityObservabilityCard = EntityCardBlueprint.make({
  name: 'observability',
  params: {
    filter: isService,
    loader: () =>
      import('./components/EntityObservabilityCard').then(m => (
        <m.EntityObservabilityCard />
      )),
  },
});

/**
 * Runway's EKS plugin: a Clusters page for ops, a Workloads tab with one
 * health verdict per service and an Observability card linking each
 * service's dashboard and logs.
 *
 * @public
 */
export const eksPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'eks',
  routes: { root: rootRouteRef },
  extensions: [
    eksApi,
    clustersPage,
    entityWorkloadsContent,
    entityObservabilityCard,
  ],
});
