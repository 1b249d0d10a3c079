import { CsvRecord, MappedRow, money, text } from './fields';

/**
 * EKS split cost allocation data in CUR 2.0 (Data Exports, "include split
 * cost allocation data"). Each pod gets, per hour, a CPU and a memory usage
 * line whose `line_item_resource_id` is the pod and whose
 * `split_line_item_split_cost` is its share of the node's amortised cost;
 * `split_line_item_parent_resource_id` names the node (the EC2 instance,
 * whose own line keeps its full cost). Runway stores the pod's split cost
 * under its cluster, namespace and workload and takes the same amount off
 * the node's line, so the node's amortised cost is counted once: what stays
 * on the node (its unused cost) is the cluster's shared cost.
 */

/** The fields rows are aggregated by (the store's daily key). */
const KEY_FIELDS: Array<keyof MappedRow> = [
  'usageDate',
  'accountId',
  'awsService',
  'region',
  'usageType',
  'chargeType',
  'team',
  'service',
  'environment',
  'currency',
  'cluster',
  'namespace',
  'workload',
];

/** A row's daily key in an import's aggregate. */
export function dailyKey(row: MappedRow): string {
  return KEY_FIELDS.map(f => row[f] ?? '').join('\u0000');
}

/** Column that marks a CUR 2.0 file with split cost allocation data. */
export const SPLIT_COST = 'split_line_item_split_cost';
/** The node (EC2 instance) a pod's split line belongs to. */
export const SPLIT_PARENT = 'split_line_item_parent_resource_id';

/** The Kubernetes place of a split line. */
export type KubernetesPlace = {
  cluster: string;
  namespace: string;
  workload: string;
};

/** AWS's EKS cost allocation tags, as CUR 2.0 writes them or as in the console. */
function eksTag(raw: Record<string, string>, name: string) {
  return raw[`aws:eks:${name}`] ?? raw[`aws_eks_${name.replace(/-/g, '_')}`];
}

/**
 * The cluster, namespace and workload of a pod's split line: AWS's EKS
 * cost allocation tags in `resource_tags` (`aws:eks:cluster-name`,
 * `aws:eks:namespace`, `aws:eks:workload-name`, else `aws:eks:deployment`),
 * else the pod's ARN in `line_item_resource_id`
 * (`arn:aws:eks:<region>:<account>:pod/<cluster>/<namespace>/<pod>/<uid>`).
 * Undefined for a line that is not a pod's (an ECS task, a node).
 */
export function kubernetesPlace(
  record: CsvRecord,
  rawTags: Record<string, string>,
): KubernetesPlace | undefined {
  return placeOf(text(record, 'line_item_resource_id'), rawTags);
}

/** The place of a pod from its EKS tags, else from its ARN (`resourceId`). */
export function placeOf(
  resourceId: string | undefined,
  rawTags: Record<string, string>,
): KubernetesPlace | undefined {
  const arn = /^arn:aws[\w-]*:eks:[^:]*:[^:]*:pod\/([^/]+)\/([^/]+)\//.exec(
    resourceId ?? '',
  );
  const cluster = eksTag(rawTags, 'cluster-name') ?? arn?.[1];
  if (!cluster) return undefined;
  return {
    cluster,
    namespace: eksTag(rawTags, 'namespace') ?? arn?.[2] ?? '',
    workload:
      eksTag(rawTags, 'workload-name') ?? eksTag(rawTags, 'deployment') ?? '',
  };
}

/**
 * The split fields of a CUR 2.0 line: a pod's line on an EC2 node gets its
 * split cost as amortised cost and 0 billed (the node's line is what the
 * invoice carries) and remembers its node; any other line remembers its
 * resource, so its cost can be split. A file without the split columns
 * gets nothing here: its rows map as before.
 */
export function splitFields(
  record: CsvRecord,
  rawTags: Record<string, string>,
): Partial<MappedRow> {
  if (!(SPLIT_COST in record)) return {};
  const place = kubernetesPlace(record, rawTags);
  const parent = text(record, SPLIT_PARENT);
  if (place && parent && text(record, SPLIT_COST) !== undefined) {
    return {
      ...place,
      costMicros: money(record, SPLIT_COST),
      billedMicros: 0n,
      splitParent: parent,
    };
  }
  if (place) return place;
  const resourceId = text(record, 'line_item_resource_id');
  return resourceId ? { resourceId } : {};
}

type Node = { key: string; cost: bigint; billed: bigint };

/**
 * Per billing period and account: the pods' split cost per day and node,
 * and each node's own usage cost per day, so `settle` can take the split
 * cost off the nodes.
 */
export class SplitLedger {
  private readonly pods = new Map<
    string,
    { micros: bigint; cluster: string }
  >();
  private readonly nodes = new Map<string, Node>();

  /** Notes a stored row (`key` is its daily key in the group's aggregate). */
  note(row: MappedRow, key: string) {
    if (row.splitParent) {
      const k = `${row.usageDate}|${row.splitParent}`;
      const p = this.pods.get(k) ?? { micros: 0n, cluster: row.cluster ?? '' };
      p.micros += row.costMicros;
      this.pods.set(k, p);
    } else if (row.resourceId && row.chargeType === 'Usage') {
      const k = `${row.usageDate}|${row.resourceId}`;
      const n = this.nodes.get(k) ?? { key, cost: 0n, billed: 0n };
      // a node's lines in two daily rows: the first one's row carries it
      if (n.key === key) {
        n.cost += row.costMicros;
        n.billed += row.billedMicros;
      }
      this.nodes.set(k, n);
    }
  }

  /**
   * Moves each node's cost that day from its row to a row of its cluster,
   * less its pods' split cost: what stays is the node's unused cost. A pod
   * whose node has no line in the group keeps its split cost (there is no
   * node cost to take it from).
   */
  settle(agg: Map<string, MappedRow>, keyOf: (row: MappedRow) => string) {
    for (const [k, pods] of this.pods) {
      const node = this.nodes.get(k);
      const row = node && agg.get(node.key);
      if (!node || !row) continue;
      row.costMicros -= node.cost;
      row.billedMicros -= node.billed;
      if (row.costMicros === 0n && row.billedMicros === 0n) {
        agg.delete(node.key);
      }
      const unused: MappedRow = {
        ...row,
        cluster: pods.cluster,
        namespace: '',
        workload: '',
        costMicros: node.cost - pods.micros,
        billedMicros: node.billed,
      };
      const unusedKey = keyOf(unused);
      const existing = agg.get(unusedKey);
      if (existing) {
        existing.costMicros += unused.costMicros;
        existing.billedMicros += unused.billedMicros;
      } else {
        agg.set(unusedKey, unused);
      }
    }
  }
}
