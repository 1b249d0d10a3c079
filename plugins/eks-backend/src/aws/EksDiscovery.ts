import {
  DescribeAddonCommand,
  DescribeClusterCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAddonsCommand,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
} from '@aws-sdk/client-eks';
import { EksClusterInfo } from '@runway/plugin-eks-common';

/** A cluster found by ListClusters + DescribeCluster. */
export type DiscoveredCluster = {
  name: string;
  region: string;
  endpoint: string;
  caData?: string;
  version?: string;
};

async function allPages<T>(
  fetch: (token?: string) => Promise<{ items: T[]; next?: string }>,
): Promise<T[]> {
  const out: T[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    out.push(...page.items);
    token = page.next;
  } while (token);
  return out;
}

/**
 * The plain-words reason of an AWS SDK error: its code and message, or the
 * HTTP status when the endpoint answered without a body.
 */
export function awsErrorReason(error: unknown): string {
  const e = error as {
    name?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
  };
  const status = e?.$metadata?.httpStatusCode;
  const parts = [
    e?.name && e.name !== 'Error' && e.name !== 'UnknownError' ? e.name : '',
    e?.message ?? '',
    status ? `(HTTP ${status})` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : String(error);
}

/**
 * Runs one EKS call; a failure is rethrown with the operation, cluster and
 * region named, so the logs say what failed where.
 */
async function named<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw new Error(`EKS ${what} failed: ${awsErrorReason(e)}`, { cause: e });
  }
}

/** Every ACTIVE cluster of a region with an endpoint (all NextToken pages followed). */
export async function discoverClusters(
  client: EKSClient,
  region: string,
): Promise<DiscoveredCluster[]> {
  const names = await named(`ListClusters in ${region}`, () =>
    allPages(async nextToken => {
      const r = await client.send(new ListClustersCommand({ nextToken }));
      return { items: r.clusters ?? [], next: r.nextToken };
    }),
  );
  const out: DiscoveredCluster[] = [];
  for (const name of names) {
    const { cluster } = await named(
      `DescribeCluster of ${name} (${region})`,
      () => client.send(new DescribeClusterCommand({ name })),
    );
    if (!cluster?.endpoint || cluster.status !== 'ACTIVE') continue;
    out.push({
      name,
      region,
      endpoint: cluster.endpoint,
      caData: cluster.certificateAuthority?.data
        ? Buffer.from(cluster.certificateAuthority.data, 'base64').toString(
            'utf8',
          )
        : undefined,
      version: cluster.version,
    });
  }
  return out;
}

/**
 * What only EKS knows about one cluster: node groups (DescribeNodegroup
 * scaling config), upgrade insights (ListInsights) and add-ons.
 */
export async function describeEksCluster(
  client: EKSClient,
  name: string,
  region: string,
  now: Date,
): Promise<EksClusterInfo> {
  const where = `${name} (${region})`;
  const { cluster } = await named(`DescribeCluster of ${where}`, () =>
    client.send(new DescribeClusterCommand({ name })),
  );
  // Node groups, upgrade insights and add-ons are extras: an account whose
  // role lacks eks:ListInsights (or an endpoint without it) still gets its
  // clusters, with the part it could not read named in `unavailable`.
  const unavailable: string[] = [];
  const optional = async <T>(what: string, read: () => Promise<T[]>) => {
    try {
      return await read();
    } catch (e) {
      unavailable.push(`${what}: ${awsErrorReason(e)}`);
      return [];
    }
  };
  const nodeGroups = await optional(
    'node groups (ListNodegroups)',
    async () => {
      const groupNames = await allPages(async nextToken => {
        const r = await client.send(
          new ListNodegroupsCommand({ clusterName: name, nextToken }),
        );
        return { items: r.nodegroups ?? [], next: r.nextToken };
      });
      const groups = [];
      for (const g of groupNames) {
        const { nodegroup } = await client.send(
          new DescribeNodegroupCommand({ clusterName: name, nodegroupName: g }),
        );
        groups.push({
          name: g,
          capacityType: nodegroup?.capacityType,
          instanceTypes: nodegroup?.instanceTypes ?? [],
          desired: nodegroup?.scalingConfig?.desiredSize,
          min: nodegroup?.scalingConfig?.minSize,
          max: nodegroup?.scalingConfig?.maxSize,
          status: nodegroup?.status,
        });
      }
      return groups;
    },
  );
  const insights = await optional('upgrade insights (ListInsights)', () =>
    allPages(async nextToken => {
      const r = await client.send(
        new ListInsightsCommand({ clusterName: name, nextToken }),
      );
      return {
        items: (r.insights ?? []).map(i => ({
          id: i.id ?? '',
          name: i.name ?? '',
          category: i.category,
          status: i.insightStatus?.status ?? 'UNKNOWN',
          reason: i.insightStatus?.reason,
          kubernetesVersion: i.kubernetesVersion,
          recommendation: i.description,
        })),
        next: r.nextToken,
      };
    }),
  );
  const addons = await optional('add-ons (ListAddons)', async () => {
    const addonNames = await allPages(async nextToken => {
      const r = await client.send(
        new ListAddonsCommand({ clusterName: name, nextToken }),
      );
      return { items: r.addons ?? [], next: r.nextToken };
    });
    const out = [];
    for (const a of addonNames) {
      const { addon } = await client.send(
        new DescribeAddonCommand({ clusterName: name, addonName: a }),
      );
      out.push({
        name: a,
        version: addon?.addonVersion,
        status: addon?.status,
      });
    }
    return out;
  });
  return {
    name,
    region,
    version: cluster?.version,
    platformVersion: cluster?.platformVersion,
    status: cluster?.status,
    nodeGroups,
    insights,
    addons,
    ...(unavailable.length ? { unavailable } : {}),
    source: 'eks',
    fetchedAt: now.toISOString(),
  };
}
