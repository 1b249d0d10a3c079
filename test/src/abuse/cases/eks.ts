/**
 * eks (plugins/eks-backend/src/service/router.ts): every route as nobody,
 * cluster health asked by a developer, workloads and logs asked by a
 * manager and by a developer for other teams' services, the developer's own
 * Components claiming Runway's and other teams' workloads (path 1b),
 * restricted namespaces, and query strings that are not Kubernetes names.
 */
import { noWorkloads, shows } from '../checks';
import type { Caller } from '../client';
import type { AbuseCase } from '../runner';
import type { AbuseContext, PodRef } from '../setup';

const api = (p: string) => `/api/eks${p}`;
const entity = (name: string) =>
  encodeURIComponent(`component:default/${name}`);
const logs = (name: string, pod: PodRef, extra = '') =>
  `/logs?entity=${entity(name)}&cluster=${pod.cluster}&namespace=${
    pod.namespace
  }&pod=${pod.pod}${extra}`;

export function eksCases(ctx: AbuseContext): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    name: string,
    as: Caller,
    path: string,
    expect: number[],
    extra: Partial<AbuseCase> = {},
  ) =>
    cases.push({
      name: `eks: ${name}`,
      target: 'eks',
      as,
      request: { path: api(path) },
      expect,
      ...extra,
    });
  // nothing of a pod's or a workload's may come back in a refusal
  const noPods = (...pods: PodRef[]) => shows(...pods.map(p => p.pod));

  for (const route of [
    '/clusters',
    '/clusters/eks-production-euw1',
    `/workloads?entity=${entity('checkout-api')}`,
    logs('checkout-api', ctx.ownPod),
  ]) {
    add(`anonymous GET ${route.split('?')[0]}`, 'anonymous', route, [401]);
  }
  add(
    'an unsigned token with ops claims lists clusters',
    'unsigned-token',
    '/clusters',
    [401],
  );
  add(
    "the developer's token rewritten to ops reads Runway's logs",
    'tampered-token',
    logs('runway', ctx.runwayPod),
    [401],
    {
      leak: noPods(ctx.runwayPod),
    },
  );

  // roles
  add(
    'developer lists cluster health (ops and managers)',
    'developer',
    '/clusters',
    [403],
  );
  add(
    'developer reads one cluster',
    'developer',
    '/clusters/eks-production-euw1',
    [403],
    {
      leak: noPods(ctx.runwayPod, ctx.paymentsPod),
    },
  );
  add(
    "manager reads a service's workloads",
    'manager',
    `/workloads?entity=${entity('checkout-api')}`,
    [403],
    {
      leak: noPods(ctx.ownPod),
    },
  );
  add(
    "manager reads a service's logs",
    'manager',
    logs('payments-api', ctx.paymentsPod),
    [403],
  );

  // other teams' services
  add(
    "developer reads another team's workloads (payments-api)",
    'developer',
    `/workloads?entity=${entity('payments-api')}`,
    [403],
    {
      leak: noPods(ctx.paymentsPod),
    },
  );
  add(
    "developer reads another team's logs (payments-api)",
    'developer',
    logs('payments-api', ctx.paymentsPod),
    [403],
  );
  add(
    "developer reads Runway's workloads",
    'developer',
    `/workloads?entity=${entity('runway')}`,
    [403],
    {
      leak: noPods(ctx.runwayPod),
    },
  );
  add(
    "developer reads Runway's logs",
    'developer',
    logs('runway', ctx.runwayPod),
    [403],
  );
  add(
    'developer reads workloads of a Component they registered for another team',
    'developer',
    `/workloads?entity=${entity('abuse-cost-foreign')}`,
    [403],
    {
      leak: noPods(ctx.paymentsPod),
    },
  );

  // the developer's own Components claiming other workloads
  add(
    "developer's Component with kubernetes-id: runway",
    'developer',
    `/workloads?entity=${entity('abuse-kube-runway')}`,
    [409],
    {
      leak: noPods(ctx.runwayPod),
    },
  );
  add(
    "Runway's logs through the developer's Component with kubernetes-id: runway",
    'developer',
    logs('abuse-kube-runway', ctx.runwayPod),
    [403, 404, 409],
  );
  add(
    "developer's Component with kubernetes-id: payments-api",
    'developer',
    `/workloads?entity=${entity('abuse-kube-payments')}`,
    [409],
    {
      leak: noPods(ctx.paymentsPod),
    },
  );
  add(
    "payments-api's logs through the developer's Component claiming it",
    'developer',
    logs('abuse-kube-payments', ctx.paymentsPod),
    [403, 404, 409],
  );
  add(
    "developer's Component with kubernetes-namespace: runway",
    'developer',
    `/workloads?entity=${entity('abuse-kube-restricted')}`,
    [403],
    {
      leak: noPods(ctx.runwayPod),
    },
  );
  add(
    "developer's Component whose kubernetes-id holds a label selector",
    'developer',
    `/workloads?entity=${entity('abuse-kube-selector')}`,
    [200],
    {
      leak: noWorkloads,
    },
  );
  add(
    "developer's Component claiming an unclaimed add-on (external-dns, namespace platform)",
    'developer',
    `/workloads?entity=${entity('abuse-kube-unclaimed')}`,
    [403, 404, 409],
    {
      leak: noWorkloads,
      known:
        'residual risk (docs/security.md): a workload no entity claims, outside eks.restrictedNamespaces, is served to the one entity that claims it',
    },
  );

  // the developer's own service, pointed at other pods
  add(
    "Runway's pod through the developer's own service (restricted namespace)",
    'developer',
    logs('checkout-api', ctx.runwayPod),
    [403, 404],
  );
  add(
    "payments-api's pod through the developer's own service",
    'developer',
    logs('checkout-api', ctx.paymentsPod),
    [403, 404],
  );
  add(
    "a kube-system pod through the developer's own service",
    'developer',
    logs('checkout-api', {
      ...ctx.ownPod,
      namespace: 'kube-system',
      pod: 'kube-apiserver',
    }),
    [403, 404],
  );

  // not Kubernetes names
  const bad = (name: string, path: string, expect = [400]) =>
    add(`ops: ${name}`, 'ops', path, expect);
  bad('a cluster name holding a path', '/clusters/..%2F..%2Fetc%2Fpasswd');
  bad('an upper-case cluster name', '/clusters/EKS-PRODUCTION');
  bad('a cluster that does not exist', '/clusters/no-such-cluster', [404]);
  bad('workloads without an entity', '/workloads');
  bad('a malformed entity ref', '/workloads?entity=%3A%3A%3A');
  bad(
    'two entity refs',
    `/workloads?entity=${entity('runway')}&entity=${entity('checkout-api')}`,
  );
  bad(
    'an entity that does not exist',
    `/workloads?entity=${entity('no-such-service')}`,
    [404],
  );
  bad(
    'an entity without kubernetes-id',
    `/workloads?entity=${entity('abuse-gate-none')}`,
  );
  bad(
    'a pod name holding a path',
    logs('runway', { ...ctx.runwayPod, pod: '..%2F..%2Fetc%2Fpasswd' }),
  );
  bad(
    'a container holding a command',
    logs('runway', ctx.runwayPod, '&container=%24(id)'),
  );
  bad(
    'a cluster given as a URL',
    logs('runway', {
      ...ctx.runwayPod,
      cluster: 'https%3A%2F%2Fattacker.example',
    }),
  );
  bad(
    'a namespace with a label selector',
    logs('runway', { ...ctx.runwayPod, namespace: 'runway%2Cenv%21%3Dx' }),
  );
  bad(
    'logs without a pod',
    `/logs?entity=${entity(
      'runway',
    )}&cluster=eks-production-euw1&namespace=runway`,
  );
  return cases;
}
