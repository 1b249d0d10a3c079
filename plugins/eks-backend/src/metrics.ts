import { metrics } from '@opentelemetry/api';
import { DefaultEksService } from './service/DefaultEksService';

/**
 * Runway's platform metrics for clusters (COORDINATION contract; the
 * alerts RunwayClusterUnreachable, RunwayPodCrashLooping and
 * RunwayNodeGroupAtMax read them):
 * runway_eks_cluster_up{cluster}, runway_eks_pods_crashlooping{cluster,namespace},
 * runway_eks_nodegroup_at_max{cluster,nodegroup}, and
 * runway_eks_apiserver_requests_total{cluster,verb,resource}.
 */
export function registerMetrics(service: DefaultEksService): void {
  const meter = metrics.getMeter('@runway/plugin-eks-backend');
  meter
    .createObservableGauge('runway_eks_cluster_up', {
      description:
        '1 when Runway has a live watch-backed cache of the cluster, else 0',
    })
    .addCallback(result => {
      for (const s of service.clusterStates())
        result.observe(s.up ? 1 : 0, { cluster: s.name });
    });
  meter
    .createObservableGauge('runway_eks_pods_crashlooping', {
      description: 'Pods with a container in CrashLoopBackOff',
    })
    .addCallback(result => {
      for (const s of service.clusterStates()) {
        if (!s.health) continue;
        const byNs = new Map<string, number>();
        for (const p of s.health.problemPods.filter(
          x => x.reason === 'CrashLoopBackOff',
        )) {
          byNs.set(p.namespace, (byNs.get(p.namespace) ?? 0) + 1);
        }
        for (const [namespace, n] of byNs)
          result.observe(n, { cluster: s.name, namespace });
      }
    });
  meter
    .createObservableGauge('runway_eks_nodegroup_at_max', {
      description: '1 when the node group desired size equals its maximum',
    })
    .addCallback(result => {
      for (const s of service.clusterStates()) {
        for (const g of s.health?.nodeGroups ?? []) {
          if (g.max !== undefined)
            result.observe(g.atMax ? 1 : 0, {
              cluster: s.name,
              nodegroup: g.name,
            });
        }
      }
    });
  const requests = meter.createCounter('runway_eks_apiserver_requests_total', {
    description: 'Requests Runway sent to Kubernetes API servers',
  });
  service.requests.listeners.push((cluster, verb, resource) =>
    requests.add(1, { cluster, verb, resource }),
  );
}
