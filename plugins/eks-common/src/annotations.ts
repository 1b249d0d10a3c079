/**
 * Catalog annotation: workloads labelled `backstage.io/kubernetes-id=<value>`
 * (or `app.kubernetes.io/name=<value>`) belong to the entity. The same key
 * the stock Kubernetes plugin reads.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_ID = 'backstage.io/kubernetes-id';

/**
 * Catalog annotation: restricts the entity's workloads to one namespace.
 *
 * @public
 */
export const ANNOTATION_KUBERNETES_NAMESPACE =
  'backstage.io/kubernetes-namespace';

/**
 * Catalog annotation: `<region>/<stack name>` of the service's own AWS
 * resources (CloudFormation).
 *
 * @public
 */
export const ANNOTATION_CLOUDFORMATION_STACK = 'runway.io/cloudformation-stack';

/**
 * Catalog annotation: the service's Grafana dashboard, as an http(s) URL or a
 * dashboard UID (linked as `<runway.observability.grafana.url>/d/<uid>`). The
 * entity page links it only when it is an http(s) URL, and only on the
 * configured Grafana when `runway.observability.grafana.url` is set.
 *
 * @public
 */
export const ANNOTATION_GRAFANA_DASHBOARD = 'runway.io/grafana-dashboard';

/**
 * Kubernetes labels Runway's template puts on every generated object.
 *
 * @public
 */
export const WORKLOAD_LABELS = {
  kubernetesId: 'backstage.io/kubernetes-id',
  name: 'app.kubernetes.io/name',
  partOf: 'app.kubernetes.io/part-of',
  team: 'runway.io/team',
  environment: 'environment',
} as const;

/**
 * Node labels EKS sets on managed node group nodes.
 *
 * @public
 */
export const NODE_LABELS = {
  nodegroup: 'eks.amazonaws.com/nodegroup',
  capacityType: 'eks.amazonaws.com/capacityType',
  instanceType: 'node.kubernetes.io/instance-type',
  zone: 'topology.kubernetes.io/zone',
} as const;
