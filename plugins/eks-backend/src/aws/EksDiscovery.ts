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

/** Every ACTIVE cluster of a region with an endpoint (all NextToken pages followed). */
export async function discoverClusters(
  client: EKSClient,
  region: string,
): Promise<DiscoveredCluster[]> {
  const names = await allPages(async nextToken => {
    const r = await client.send(new ListClustersCommand({ nextToken }));
    return { items: r.clusters ?? [], next: r.nextToken };
  });
  const out: DiscoveredCluster[] = [];
  for (const name of names) {
    const { cluster } = await client.send(new DescribeClusterCommand({ name }));
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
  const { cluster } = await client.send(new DescribeClusterCommand({ name }));
  const groupNames = await allPages(async nextToken => {
    const r = await client.send(
      new ListNodegroupsCommand({ clusterName: name, nextToken }),
    );
    return { items: r.nodegroups ?? [], next: r.nextToken };
  });
  const nodeGroups = [];
  for (const g of groupNames) {
    const { nodegroup } = await client.send(
      new DescribeNodegroupCommand({ clusterName: name, nodegroupName: g }),
    );
    nodeGroups.push({
      name: g,
      capacityType: nodegroup?.capacityType,
      instanceTypes: nodegroup?.instanceTypes ?? [],
      desired: nodegroup?.scalingConfig?.desiredSize,
      min: nodegroup?.scalingConfig?.minSize,
      max: nodegroup?.scalingConfig?.maxSize,
      status: nodegroup?.status,
    });
  }
  const insights = await allPages(async nextToken => {
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
  });
  const addonNames = await allPages(async nextToken => {
    const r = await client.send(
      new ListAddonsCommand({ clusterName: name, nextToken }),
    );
    return { items: r.addons ?? [], next: r.nextToken };
  });
  const addons = [];
  for (const a of addonNames) {
    const { addon } = await client.send(
      new DescribeAddonCommand({ clusterName: name, addonName: a }),
    );
    addons.push({
      name: a,
      version: addon?.addonVersion,
      status: addon?.status,
    });
  }
  return {
    name,
    region,
    version: cluster?.version,
    platformVersion: cluster?.platformVersion,
    status: cluster?.status,
    nodeGroups,
    insights,
    addons,
    source: 'eks',
    fetchedAt: now.toISOString(),
  };
}
