import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EventNotifier, OwnerEvent } from '@runway/backend-common';
import {
  ANNOTATION_KUBERNETES_ID,
  ANNOTATION_KUBERNETES_NAMESPACE,
} from '@runway/plugin-eks-common';
import { EksService } from '../service/EksService';
import { isFromConfig, servedClaimant } from '../service/EntityResolver';
import { degradedEvent, degradedFamily } from './degradedEvents';

/** An entity served its workloads under the claim rule, with its owners. */
type Served = {
  entity: Entity;
  id: string;
  namespace?: string;
  owners: string[];
};

/** What one check did: events notified and closed, clusters left alone. */
export type DegradedCheckResult = {
  sent: string[];
  closed: string[];
  /** clusters that gave no verdict: their open events were kept as they are */
  skipped: string[];
};

/**
 * The check behind the `eks-notifications` task: every workload that is
 * degraded or down becomes an event for its entity's owners, notified once
 * it has stayed so `degradedForMinutes` (EventNotifier: once per episode
 * across replicas, throttled, in the plugin's database).
 *
 * Which entity hears about a workload follows the same claim rule as the
 * routes (`servedClaimant`): a kubernetes-id claimed by several entities
 * goes only to the one registered from the app config's catalog.locations,
 * or to none; workloads in restricted namespaces are never notified.
 *
 * Events are reconciled per cluster (`degradedFamily`), and only for the
 * clusters that were synced for the whole check: an unreachable cluster
 * gives no verdict, so its open events are neither closed nor notified.
 */
export class DegradedWorkloadNotifier {
  constructor(
    private readonly options: {
      service: Pick<EksService, 'listClusters' | 'getWorkloads'>;
      catalog: CatalogService;
      auth: AuthService;
      events: Pick<EventNotifier, 'reconcile'>;
      logger: LoggerService;
      /** `trustedOriginsFromConfig(config)` */
      configuredLocations: string[];
      /** `eks.restrictedNamespaces`: never notified */
      restrictedNamespaces: string[];
      /** `eks.notifications.degradedForMinutes` */
      degradedForMinutes: number;
    },
  ) {}

  /** One check of every served entity's workloads in every synced cluster. */
  async check(): Promise<DegradedCheckResult> {
    const { service, restrictedNamespaces } = this.options;
    const { clusters, errors } = await service.listClusters();
    const noVerdict = new Set(errors.map(e => e.cluster));
    const events = new Map<string, OwnerEvent[]>(
      clusters.map(c => [c.name, []]),
    );
    for (const served of await this.servedEntities()) {
      if (served.namespace && restrictedNamespaces.includes(served.namespace)) {
        continue;
      }
      const { health, errors: missing } = await service.getWorkloads(
        served.id,
        {
          namespace: served.namespace,
          hiddenNamespaces: restrictedNamespaces,
        },
      );
      // a cluster that stopped answering during the check gives no verdict
      for (const e of missing) noVerdict.add(e.cluster);
      for (const workload of health.workloads) {
        if (workload.verdict === 'healthy') continue;
        events.get(workload.cluster)?.push(
          degradedEvent({
            entity: served.entity,
            kubernetesId: served.id,
            owners: served.owners,
            workload,
            degradedForMinutes: this.options.degradedForMinutes,
          }),
        );
      }
    }
    const result: DegradedCheckResult = { sent: [], closed: [], skipped: [] };
    for (const [cluster, open] of events) {
      if (noVerdict.has(cluster)) continue;
      const r = await this.options.events.reconcile(
        degradedFamily(cluster),
        open,
      );
      result.sent.push(...r.sent);
      result.closed.push(...r.closed);
    }
    result.skipped = [...noVerdict].sort();
    if (result.sent.length || result.closed.length) {
      this.options.logger.info(
        `EKS notifications: sent ${result.sent.length}, closed ${result.closed.length}`,
      );
    }
    return result;
  }

  /** Every entity served a kubernetes-id under the claim rule, with owners. */
  private async servedEntities(): Promise<Served[]> {
    const { catalog, auth, configuredLocations, logger } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${ANNOTATION_KUBERNETES_ID}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.title',
          'metadata.annotations',
          'relations',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const byId = new Map<string, Entity[]>();
    for (const entity of items) {
      const id = entity.metadata.annotations?.[ANNOTATION_KUBERNETES_ID];
      if (id) byId.set(id, [...(byId.get(id) ?? []), entity]);
    }
    const served: Served[] = [];
    for (const [id, claimants] of byId) {
      const ref = servedClaimant(
        claimants.map(e => stringifyEntityRef(e)),
        claimants
          .filter(e => isFromConfig(e, configuredLocations))
          .map(e => stringifyEntityRef(e)),
      );
      const entity = claimants.find(e => stringifyEntityRef(e) === ref);
      if (!entity) {
        logger.debug(
          `EKS notifications: ${ANNOTATION_KUBERNETES_ID} '${id}' is claimed by several entities, none served`,
        );
        continue;
      }
      const owners = (entity.relations ?? [])
        .filter(r => r.type === RELATION_OWNED_BY)
        .map(r => r.targetRef);
      if (owners.length === 0) continue;
      served.push({
        entity,
        id,
        namespace:
          entity.metadata.annotations?.[ANNOTATION_KUBERNETES_NAMESPACE],
        owners,
      });
    }
    return served;
  }
}
