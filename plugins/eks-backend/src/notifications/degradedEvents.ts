// Pure shaping of an unhealthy workload into the event its owners hear
// about: the event family per cluster, the key, the words and the link.
import { Entity } from '@backstage/catalog-model';
import { OwnerEvent } from '@runway/backend-common';
import { WorkloadHealth } from '@runway/plugin-eks-common';
import { createHash } from 'node:crypto';

/** The reasons a notification lists; the rest are counted. */
const MAX_REASONS = 5;

/** The longest family the events table keeps (`family` is 64 characters). */
const MAX_FAMILY = 64;

/**
 * The event family of one cluster's degraded workloads,
 * `eks-degraded@<cluster>`: one family per cluster, so a check reconciles
 * only the clusters that gave a verdict and leaves an unreachable cluster's
 * open events as they are. A name that does not fit the table, or that
 * holds the key separator `:`, is replaced by a digest of it.
 */
export function degradedFamily(cluster: string): string {
  const family = `eks-degraded@${cluster}`;
  if (family.length <= MAX_FAMILY && !cluster.includes(':')) return family;
  const digest = createHash('sha256').update(cluster).digest('hex');
  return `eks-degraded@${digest.slice(0, 24)}`;
}

/**
 * The entity's Workloads tab (the `workloads` entity content of the eks
 * frontend plugin), as an app-relative link.
 */
export function workloadsLink(entity: Entity): string {
  const namespace = (entity.metadata.namespace ?? 'default').toLowerCase();
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    entity.kind.toLowerCase(),
  )}/${encodeURIComponent(entity.metadata.name)}/workloads`;
}

/**
 * The event of one degraded or down workload of `entity`: keyed by cluster,
 * namespace and kubernetes-id, sent to `owners` once it has stayed open
 * `degradedForMinutes`; severity `critical` when down, `high` when degraded.
 */
export function degradedEvent(options: {
  entity: Entity;
  kubernetesId: string;
  owners: string[];
  workload: WorkloadHealth;
  degradedForMinutes: number;
}): OwnerEvent {
  const { entity, kubernetesId, owners, workload: w } = options;
  const name = entity.metadata.title ?? entity.metadata.name;
  const ready = w.pods.filter(p => p.ready).length;
  const shown = w.reasons
    .slice(0, MAX_REASONS)
    .map(r => r.message.replace(/\.$/, ''));
  const more = w.reasons.length - shown.length;
  const since =
    options.degradedForMinutes > 0
      ? ` for more than ${options.degradedForMinutes} minute${
          options.degradedForMinutes === 1 ? '' : 's'
        }`
      : '';
  const reasons = shown.length
    ? `: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`
    : '';
  return {
    key: `${degradedFamily(w.cluster)}:${w.namespace}/${kubernetesId}`,
    recipients: { type: 'entity', entityRef: owners },
    delayMs: options.degradedForMinutes * 60_000,
    payload: {
      title: `${name} is ${w.verdict} on ${w.cluster} (${ready} of ${w.pods.length} pods ready)`,
      description: `${name} has been ${w.verdict}${since} in namespace ${w.namespace} of ${w.cluster}${reasons}.`,
      link: workloadsLink(entity),
      severity: w.verdict === 'down' ? 'critical' : 'high',
      topic: 'eks',
    },
  };
}
