import { KubernetesObject } from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ClusterRequestError, KubeClient } from './KubeClient';

/** A Kubernetes list as the apiserver returns it (one page). */
export type KubeList = {
  metadata?: { resourceVersion?: string; continue?: string };
  items: KubernetesObject[];
};

/** How many times an expired continue token restarts one LIST. */
const MAX_RESTARTS = 3;

/**
 * A paged LIST of a collection: pages of `pageSize` objects (`limit`),
 * following `continue` to the last page. The result's resourceVersion is the
 * first page's (every page belongs to that snapshot), so a watch resumes from
 * it. A continue token that expired (410 Gone, e.g. after an etcd
 * compaction) restarts the list from its first page, at most three times;
 * any other failure, or a 410 on the first page, is the caller's.
 */
export async function pagedList(
  client: KubeClient,
  path: string,
  options: {
    /** the resource counted and named in logs, e.g. `pods` */
    resource: string;
    pageSize: number;
    logger: LoggerService;
    /** applied to every object as it arrives (e.g. dropping managedFields) */
    transform?: (obj: KubernetesObject) => KubernetesObject;
  },
): Promise<KubeList> {
  const transform = options.transform ?? (o => o);
  for (let restarts = 0; ; restarts++) {
    const items: KubernetesObject[] = [];
    let resourceVersion: string | undefined;
    let token: string | undefined;
    try {
      do {
        const q = new URLSearchParams({ limit: String(options.pageSize) });
        if (token) q.set('continue', token);
        const page = await client.get<KubeList>(`${path}?${q}`, {
          resource: options.resource,
          verb: 'list',
        });
        for (const item of page.items ?? []) items.push(transform(item));
        resourceVersion ??= page.metadata?.resourceVersion;
        token = page.metadata?.continue || undefined;
      } while (token);
      return { metadata: { resourceVersion }, items };
    } catch (e) {
      const expired =
        token !== undefined &&
        (e as ClusterRequestError).statusCode === 410 &&
        restarts < MAX_RESTARTS;
      if (!expired) throw e;
      options.logger.info(
        `Cluster ${client.cluster.name} ${options.resource}: the LIST's continue token expired; listing again from the first page`,
      );
    }
  }
}
