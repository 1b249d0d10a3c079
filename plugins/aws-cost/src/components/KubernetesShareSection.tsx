import { Table, TableColumn } from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import {
  formatMoney,
  KubernetesShare,
  Micros,
} from '@runway/plugin-aws-cost-common';

/**
 * The entity's share of Kubernetes clusters (EKS split cost allocation
 * data): its workloads' split cost per cluster, namespace and workload,
 * with an empty state when there is none.
 */
export function KubernetesShareSection(props: {
  shares: KubernetesShare[];
  currency: string;
  from: string;
  to: string;
}) {
  const { shares, currency, from, to } = props;
  if (shares.length === 0) {
    return (
      <div data-testid="entity-kubernetes">
        <Typography variant="subtitle2">Kubernetes</Typography>
        <Typography variant="body2">
          No Kubernetes split cost for this entity: its cost export has no EKS
          split cost allocation data, or no workload matches its
          backstage.io/kubernetes-id.
        </Typography>
      </div>
    );
  }
  const total: Micros = shares.reduce((sum, s) => sum + s.total, 0);
  const columns: TableColumn<KubernetesShare & { id: string }>[] = [
    { title: 'Cluster', field: 'cluster' },
    { title: 'Namespace', field: 'namespace' },
    { title: 'Workload', field: 'workload' },
    {
      title: `Split cost (${currency})`,
      field: 'total',
      align: 'right',
      render: row => formatMoney(row.total, currency),
    },
  ];
  return (
    <div data-testid="entity-kubernetes">
      <Table
        title={`Kubernetes, ${from} to ${to}: ${formatMoney(total, currency)}`}
        subtitle="Its pods' share of the nodes (split cost); the nodes' unused cost stays shared per cluster"
        options={{ search: false, paging: false, padding: 'dense' }}
        columns={columns}
        data={shares.map(s => ({
          ...s,
          id: `${s.cluster}/${s.namespace}/${s.workload}`,
        }))}
      />
    </div>
  );
}
