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
import MoneyIcon from '@material-ui/icons/AttachMoney';
import { AwsCostClient, awsCostApiRef } from './api';

const awsCostApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: awsCostApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AwsCostClient({ discoveryApi, fetchApi }),
    }),
});

/** Components and Groups have costs (allocation defaults of DESIGN.md). */
const hasCost = (entity: Entity) =>
  ['component', 'group'].includes(entity.kind.toLocaleLowerCase('en-US'));

/** The managers' Costs page. */
/** The page's route: it also puts the page in the sidebar. */
const rootRouteRef = createRouteRef();

const costsPage = PageBlueprint.make({
  params: {
    routeRef: rootRouteRef,
    path: '/costs',
    title: 'Costs',
    icon: <MoneyIcon />,
    loader: () => import('./components/CostsPage').then(m => <m.CostsPage />),
  },
});

/** Cost card on the overview of Components and Groups. */
const entityCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: hasCost,
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/** Cost tab on Components and Groups. */
const entityCostContent = EntityContentBlueprint.make({
  name: 'cost',
  params: {
    path: 'cost',
    title: 'Cost',
    filter: hasCost,
    loader: () =>
      import('./components/EntityCostCard').then(m => (
        <m.EntityCostCard variant="tab" />
      )),
  },
});

/**
 * Runway's AWS cost dashboard: the Costs page and an entity cost card/tab.
 *
 * @public
 */
export const awsCostPlugin: FrontendPlugin = createFrontendPlugin({
  pluginId: 'aws-cost',
  routes: { root: rootRouteRef },
  extensions: [awsCostApi, costsPage, entityCostCard, entityCostContent],
});
